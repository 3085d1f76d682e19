// Saves answers as the trainee works (so a lost connection loses nothing) and shows the time left.
// The server decides everything: it keeps the deadline, grades, and refuses stale saves (409).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch) return;
  var status = document.querySelector("[data-save-status]");
  var sequence = form.querySelector("input[name=sequence]");
  var pending = null;
  var saving = false;
  var dirty = false;

  function say(text) { if (status) status.textContent = text; }

  function save() {
    if (saving) { dirty = true; return; }
    saving = true;
    dirty = false;
    var body = new FormData(form);
    body.delete("secret");  // the signing password or code goes with "Submit for grading" only
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": body.get("csrfmiddlewaretoken") },
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        sequence.value = result.data.sequence;
        say(form.dataset.savedText || "✓");
      } else {
        say(result.data.message || "!");
        if (result.data.status === "closed") window.location.reload();
      }
    }).catch(function () {
      say(form.dataset.offlineText || "…");
      dirty = true;
    }).then(function () {
      saving = false;
      if (dirty) schedule();
    });
  }

  function schedule() {
    window.clearTimeout(pending);
    pending = window.setTimeout(save, 600);
  }

  form.addEventListener("change", function (event) {
    if (!event.target.hasAttribute("data-no-autosave")) schedule();
  });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text" && !event.target.hasAttribute("data-no-autosave")) schedule();
  });
  window.addEventListener("online", function () { if (dirty) save(); });

  var timer = document.querySelector("[data-seconds-left]");
  if (timer) {
    var end = Date.now() + parseInt(timer.dataset.secondsLeft, 10) * 1000;
    var text = timer.querySelector("[data-timer-text]");
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      text.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) { window.setTimeout(function () { window.location.reload(); }, 2000); return; }
      window.setTimeout(tick, 1000);
    };
    tick();
  }
})();

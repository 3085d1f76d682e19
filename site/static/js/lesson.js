// Completes a lesson automatically when the reader scrolls to its end. The form at the end of the lesson
// does the same without JavaScript; this only saves a click and updates the progress bar in place.
(function () {
  "use strict";
  var form = document.querySelector("form[data-auto-complete]");
  var end = document.getElementById("lesson-end");
  if (!form || !end || !("IntersectionObserver" in window) || !window.fetch) return;
  var sent = false;

  function markDone(data) {
    form.hidden = true;
    var badge = document.querySelector("[data-lesson-done]");
    if (badge) badge.hidden = false;
    document.querySelectorAll(".lesson-sidebar .progress").forEach(function (bar) {
      bar.setAttribute("aria-valuenow", data.percent);
      var fill = bar.querySelector(".progress-fill");
      if (fill) fill.style.width = data.percent + "%";
    });
    document.querySelectorAll(".lesson-sidebar .progress-text").forEach(function (text) {
      text.textContent = data.progress_text;
    });
    var current = document.querySelector(".outline-lessons li.is-current");
    if (current) {
      current.classList.add("is-done");
      var state = current.querySelector(".lesson-state");
      if (state) state.textContent = "✓";
    }
  }

  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting || sent) return;
      sent = true;
      observer.disconnect();
      var body = new FormData(form);
      body.append("via", "scroll");
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": body.get("csrfmiddlewaretoken") },
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && data.status === "completed") markDone(data); })
        .catch(function () { sent = false; });
    });
  }, { threshold: 1.0 });
  // Only a reader who scrolls down to the end completes the lesson; merely opening it does not.
  window.addEventListener("scroll", function () { observer.observe(end); }, { once: true, passive: true });
})();

// The quiz's question navigator (answered / unanswered / flagged, "answered N of M"), and the question
// before submitting with unanswered or flagged questions. Without this script the navigator is a list of
// links and the server asks the same question on a page of its own (assessments.views._confirmation_step).
// Flags are saved with the answers by the autosave (attempt.js); grading never reads them.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  var nav = document.querySelector("[data-quiz-nav]");
  if (!form || !nav) return;
  var questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
  var count = nav.querySelector("[data-answered-count]");
  var dialog = form.querySelector("[data-submit-dialog]");
  var timer = document.querySelector("[data-seconds-left]");
  var end = timer ? Date.now() + parseInt(timer.dataset.secondsLeft, 10) * 1000 : null;

  function isAnswered(item) {
    var fieldset = item.querySelector("fieldset");
    var i;
    var boxes = fieldset.querySelectorAll("input[type=radio], input[type=checkbox]");
    for (i = 0; i < boxes.length; i++) { if (boxes[i].checked) return true; }
    var texts = fieldset.querySelectorAll("input[type=text]");
    for (i = 0; i < texts.length; i++) { if (texts[i].value.trim()) return true; }
    var selects = fieldset.querySelectorAll("select");
    var filled = 0;
    for (i = 0; i < selects.length; i++) { if (selects[i].value) filled++; }
    // An order counts once every step has its place (as the server reads it); a match once one is made.
    if (item.hasAttribute("data-needs-every-field")) return selects.length > 0 && filled === selects.length;
    return filled > 0;
  }

  function isFlagged(item) {
    var box = item.querySelector("[data-flag]");
    return Boolean(box && box.checked);
  }

  function update() {
    var answered = 0;
    questions.forEach(function (item) {
      var position = item.dataset.question;
      var done = isAnswered(item);
      var flagged = isFlagged(item);
      if (done) answered++;
      item.classList.toggle("is-flagged", flagged);
      var link = nav.querySelector('[data-nav="' + position + '"]');
      if (!link) return;
      link.classList.toggle("is-answered", done);
      link.classList.toggle("is-flagged", flagged);
      var state = link.querySelector("[data-nav-state]");
      state.textContent = (done ? nav.dataset.textAnswered : nav.dataset.textUnanswered) +
        (flagged ? ", " + nav.dataset.textFlagged : "");
    });
    if (count && nav.dataset.countFormat) {
      count.textContent = nav.dataset.countFormat
        .replace("%(answered)s", String(answered))
        .replace("%(total)s", String(questions.length));
    }
  }

  function focusQuestion(position) {
    var item = document.getElementById("question-" + position);
    var field = item && item.querySelector("fieldset input:not([type=hidden]), fieldset select");
    if (item) item.scrollIntoView();
    if (field) field.focus({ preventScroll: true });
  }

  // Go to a question as its link would, and put the keyboard in its first field (following the link
  // itself would leave the focus on the link's target, which is not a field).
  function jump(event, link, position) {
    event.preventDefault();
    if (window.history && window.history.pushState) window.history.pushState(null, "", link.getAttribute("href"));
    focusQuestion(position);
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-nav]");
    if (link) jump(event, link, link.dataset.nav);
  });

  if (!dialog || typeof dialog.showModal !== "function") { update(); return; }

  function fill(section, positions) {
    var items = section.querySelectorAll("[data-dialog-item]");
    for (var i = 0; i < items.length; i++) {
      items[i].hidden = positions.indexOf(items[i].dataset.dialogItem) === -1;
    }
    section.hidden = positions.length === 0;
  }

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    // Only "Submit for grading" asks; saving does not, nor "Submit anyway", nor a submit at time-up.
    if (!submitter || !submitter.hasAttribute("data-submit")) return;
    if (end !== null && Date.now() >= end) return;
    var open = [];
    var flagged = [];
    questions.forEach(function (item) {
      if (!isAnswered(item)) open.push(item.dataset.question);
      if (isFlagged(item)) flagged.push(item.dataset.question);
    });
    if (!open.length && !flagged.length) return;
    event.preventDefault();
    fill(dialog.querySelector("[data-dialog-unanswered]"), open);
    fill(dialog.querySelector("[data-dialog-flagged]"), flagged);
    dialog.returnTo = open[0] || flagged[0];
    dialog.showModal();
  });
  dialog.querySelector("[data-dialog-return]").addEventListener("click", function () {
    dialog.close();
    focusQuestion(dialog.returnTo);
  });
  dialog.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-dialog-link]");
    if (!link) return;
    dialog.close();
    jump(event, link, link.getAttribute("href").replace("#question-", ""));
  });
  update();
})();

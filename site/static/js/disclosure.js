// Disclosures that start open (so they work without JavaScript and on wide screens) and close on a narrow
// screen: the header menu, the lesson's course outline, the catalogue's filters. Each is followed by
// <script src="disclosure.js"> (not deferred), which closes it before the page is first drawn; crossing
// the breakpoint later opens or closes them all again.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  function apply(details) {
    if (narrow.matches) details.removeAttribute("open");
    else details.setAttribute("open", "");
  }
  var script = document.currentScript;
  var target = script && script.previousElementSibling;
  if (target && target.matches("details[data-close-narrow]")) apply(target);
  if (!window.carTDisclosures) {
    window.carTDisclosures = true;
    narrow.addEventListener("change", function () {
      document.querySelectorAll("details[data-close-narrow]").forEach(apply);
    });
  }
})();

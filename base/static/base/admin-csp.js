// Wagtail admin under the Content-Security-Policy (docs/decisions/*-security-headers.md, base/admin_widgets.py).
// Wagtail 8.0 starts choosers, date pickers and inline panels with inline <script>s, which script-src 'self'
// refuses. The server writes each call as JSON instead:
//   <script type="application/json" data-admin-init>{"function": "PageChooser", "new": true, "args": [...]}</script>
// and this makes it, for the page as loaded and for whatever Wagtail adds later (dialogs, inline forms).
(function () {
  "use strict";
  // Only Wagtail's own initialisers may be called.
  var ALLOWED = /^(init(Date|Time|DateTime)Chooser|createTaskChooser|[A-Z][A-Za-z]*Chooser|InlinePanel|MultipleChooserPanel)$/;

  function run(element) {
    if (element.dataset.started) return;
    var spec;
    try {
      spec = JSON.parse(element.textContent);
    } catch (error) {
      return;  // the parser has not finished this element's text yet: its next piece runs it again
    }
    element.dataset.started = "true";
    var target = window[spec.function];
    if (!ALLOWED.test(spec.function) || typeof target !== "function") {
      window.console.error("admin-csp.js: no initialiser " + spec.function);
      return;
    }
    var args = [null].concat(spec.args);
    if (spec.new) new (Function.prototype.bind.apply(target, args))();
    else target.apply(window, spec.args);
  }

  function start(root) {
    if (root.nodeType === Node.TEXT_NODE && root.parentNode && root.parentNode.matches("script[data-admin-init]")) {
      run(root.parentNode);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    if (root.matches("script[data-admin-init]")) run(root);
    Array.prototype.forEach.call(root.querySelectorAll("script[data-admin-init]"), run);
  }

  // Loaded in <body> before the admin's content (the insert_global_admin_js hook), so the observer sees each
  // call as the parser adds it, in document order and before Stimulus connects its controllers on
  // DOMContentLoaded, much as Wagtail's inline scripts ran. Later additions (dialogs, inline forms) alike.
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      if (mutation.type === "characterData") start(mutation.target);
      else Array.prototype.forEach.call(mutation.addedNodes, start);
    });
  }).observe(document.documentElement, { childList: true, characterData: true, subtree: true });
  start(document.documentElement);
  document.addEventListener("DOMContentLoaded", function () { start(document.documentElement); });
})();

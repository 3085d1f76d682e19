// "Copy link" buttons of certificates (site/templates/includes/certificate_share.html): shown only where the
// clipboard is available; without it (or without JavaScript) the link stays readable as text beside them.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy-text]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copyText).then(function () {
        var original = button.textContent;
        button.textContent = button.dataset.copiedText || "✓";
        window.setTimeout(function () { button.textContent = original; }, 2000);
      });
    });
  });
})();

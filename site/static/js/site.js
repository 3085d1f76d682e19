// Small enhancements that every page may use; everything works without them.
(function () {
  "use strict";
  // "Copy link" buttons: copy the address instead of following it, where the clipboard is available.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-copy-link]");
    if (!link || !navigator.clipboard) return;
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(function () {
      var original = link.textContent;
      link.textContent = link.dataset.copiedText || "✓";
      window.setTimeout(function () { link.textContent = original; }, 2000);
    }, function () { window.location.href = link.href; });
  });
})();

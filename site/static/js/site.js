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
// Drop-down menus (<details data-dismissable>, the header's "Organisation" menu) close on a click elsewhere
// and on Escape, which returns the focus to their button.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[data-dismissable][open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details[data-dismissable][open]").forEach(function (menu) {
      var hadFocus = menu.contains(document.activeElement);
      menu.removeAttribute("open");
      if (hadFocus) menu.querySelector("summary").focus();
    });
  });
})();

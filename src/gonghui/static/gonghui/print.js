// The paper forms (templates/print/): open the browser's print dialog once the page is laid out, and again from
// the page's own button. A static file, as the Content-Security-Policy allows no inline script.
(function () {
  function print() { window.print(); }
  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) { print(); }
  });
  // ?noprint=1 shows the form without the dialog (to look at it, or for a screenshot).
  if (!/[?&]noprint=1/.test(window.location.search)) {
    window.addEventListener("load", function () { window.setTimeout(print, 150); });
  }
})();

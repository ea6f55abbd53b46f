// Printable sheets: the Print button. A file, not an inline handler: the app's CSP
// allows only its own scripts.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();

// ZI Tracker, every page: small behaviours declared in the markup with data attributes,
// so that no template needs an inline script or event handler (Content-Security-Policy).
(function () {
  "use strict";

  // <select data-zi-autosubmit>: choosing an option submits its form (language, month).
  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-zi-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  // <form data-zi-busy>: once sent, its submit button is disabled and says data-busy.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-zi-busy]")) return;
    var button = form.querySelector("button[type=submit]");
    if (!button) return;
    button.disabled = true;
    if (button.dataset.busy) button.textContent = button.dataset.busy;
  });

  // <button data-zi-print>: the browser's print dialog.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-zi-print]");
    if (button) window.print();
  });
})();

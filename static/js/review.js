// ZI Tracker: the review queue. "Select all shown", and the keyboard's place kept after a
// decision swaps a row (focus moves to the row, which says what happened).
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    if (!event.target.classList.contains("zi-review-all")) return;
    document.querySelectorAll(".zi-review-pick").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    var row = event.detail.target;
    if (!row || !row.id || row.id.indexOf("review-") !== 0) return;
    var swapped = document.getElementById(row.id);
    if (swapped) swapped.focus();
  });
})();

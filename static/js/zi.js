// ZI Tracker: the matrix's month panel and upload progress (the chosen files: upload.js).
// Everything works without this file too: links open full pages and forms post normally.
(function () {
  "use strict";

  var panel = document.getElementById("zi-panel");
  var panelBody = document.getElementById("zi-panel-body");

  function setTitle() {
    var content = panelBody && panelBody.querySelector(".zi-panel");
    var title = document.getElementById("zi-panel-title");
    if (content && title && content.dataset.title) title.textContent = content.dataset.title;
  }

  // Matrix: open a month in the modal instead of leaving the page; when it closes, the
  // keyboard is back on the month it opened.
  // (A decision redraws the month's cell, so the link is found again by its cell's id.)
  var opener = null;
  if (panel) {
    panel.addEventListener("hidden.bs.modal", function () {
      var cell = opener && document.getElementById(opener);
      var link = cell && cell.querySelector("a.zi-cell");
      if (link) link.focus();
      opener = null;
    });
    // Escape closes the open panel even when the keyboard's place fell out of it (Bootstrap
    // listens only inside the dialog).
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !panel.classList.contains("show")) return;
      if (panel.contains(document.activeElement)) return; // Bootstrap's own handler
      bootstrap.Modal.getOrCreateInstance(panel).hide();
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.zi-cell");
    if (!link || !panel || !window.htmx || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    opener = link.closest("[id]") && link.closest("[id]").id;
    panelBody.innerHTML = '<div class="text-center text-body-secondary py-4">…</div>';
    bootstrap.Modal.getOrCreateInstance(panel).show();
    htmx.ajax("GET", link.getAttribute("href"), { target: "#zi-panel-body", swap: "innerHTML" })
      .then(setTitle);
  });

  document.body.addEventListener("htmx:afterSwap", setTitle);

  // A decision in the month panel replaces it, and the button that had the focus with it: the
  // keyboard's place would fall to the page's body (where Escape no longer closes the dialog).
  // The answer takes the focus instead, and is read out.
  document.body.addEventListener("htmx:afterSettle", function () {
    var current = document.getElementById("zi-cell-panel");
    var focused = document.activeElement;
    if (!current || (focused && focused !== document.body && focused.isConnected)) return;
    var answer = current.querySelector(":scope > .alert") || current;
    answer.setAttribute("tabindex", "-1");
    answer.focus();
  });

  // A refused or failed request says so instead of doing nothing.
  document.body.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    if (!target) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-danger py-2";
    alert.setAttribute("role", "alert");
    alert.textContent = event.detail.xhr.status === 403 ? document.body.dataset.msgForbidden
      : document.body.dataset.msgError;
    target.prepend(alert);
  });

  // Upload progress.
  document.body.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest && event.target.closest("form.zi-upload");
    if (!form || !event.detail.lengthComputable) return;
    var bar = form.querySelector(".zi-progress");
    bar.classList.remove("d-none");
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  });
})();

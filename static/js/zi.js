// ZI Tracker: the matrix's month panel, upload progress, and small upload checks.
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

  // Matrix: open a month in the modal instead of leaving the page.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.zi-cell");
    if (!link || !panel || !window.htmx || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    panelBody.innerHTML = '<div class="text-center text-body-secondary py-4">…</div>';
    bootstrap.Modal.getOrCreateInstance(panel).show();
    htmx.ajax("GET", link.getAttribute("href"), { target: "#zi-panel-body", swap: "innerHTML" })
      .then(setTitle);
  });

  document.body.addEventListener("htmx:afterSwap", setTitle);

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

  // Tell about a too-large file before it is sent (the server checks again).
  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.closest && input.closest("form.zi-upload");
    if (!form || input.type !== "file") return;
    var max = parseInt(form.dataset.maxBytes, 10);
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    if (input.id === "upload-camera") form.querySelector(".zi-camera-name").textContent = names.join(", ");
    var tooLarge = Array.prototype.filter.call(input.files, function (f) { return f.size > max; });
    var note = form.querySelector(".zi-size-warning");
    if (note) note.remove();
    if (tooLarge.length) {
      note = document.createElement("div");
      note.className = "alert alert-warning py-1 small zi-size-warning";
      note.textContent = form.dataset.msgTooLarge + " " + tooLarge.map(function (f) { return f.name; }).join(", ");
      input.after(note);
    }
  });
})();

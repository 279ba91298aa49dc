// ZI Tracker: the upload form of a month. The chosen files are listed (name, size, a
// photo's thumbnail) and each can be removed; files chosen in several goes add up; a
// refused submit keeps them (the panel is re-rendered, which would forget them); the
// fields are checked in the browser first, and after the upload the confirmation gets
// the focus. Without this file the form still works: the server checks everything again.
(function () {
  "use strict";

  var chosen = new WeakMap(); // form -> [File]
  var kept = null; // the files of a submit in flight, for a refusal to give back
  var posted = false;

  function filesOf(form) {
    if (!chosen.has(form)) chosen.set(form, []);
    return chosen.get(form);
  }

  function readableSize(bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + " KB";
    return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }

  function item(form, file, index) {
    var li = document.createElement("li");
    li.className = "d-flex align-items-center gap-2 mb-1 zi-chosen-file";
    if (file.type.indexOf("image/") === 0) {
      var img = document.createElement("img");
      img.src = URL.createObjectURL(file);
      img.addEventListener("load", function () { URL.revokeObjectURL(img.src); });
      img.alt = "";
      img.className = "zi-thumb-sm";
      li.appendChild(img);
    }
    var text = document.createElement("span");
    text.className = "small text-break flex-grow-1";
    text.textContent = file.name + " (" + readableSize(file.size) + ")";
    if (file.size > parseInt(form.dataset.maxBytes, 10)) {
      text.textContent += " · " + form.dataset.msgTooLarge;
      text.classList.add("text-danger");
    }
    li.appendChild(text);
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn btn-sm btn-outline-danger zi-chosen-remove";
    remove.textContent = form.dataset.msgRemove;
    remove.setAttribute("aria-label", form.dataset.msgRemove + " " + file.name);
    remove.dataset.index = String(index);
    li.appendChild(remove);
    return li;
  }

  // The list is the truth: the main input carries it, the camera input is emptied.
  function sync(form) {
    var files = filesOf(form);
    var transfer = new DataTransfer();
    files.forEach(function (f) { transfer.items.add(f); });
    form.querySelector("#upload-files").files = transfer.files;
    var camera = form.querySelector("#upload-camera");
    if (camera) camera.value = "";
    var list = form.querySelector(".zi-chosen");
    list.replaceChildren.apply(list, files.map(function (f, i) { return item(form, f, i); }));
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.closest && input.closest("form.zi-upload");
    if (!form || input.type !== "file") return;
    var files = filesOf(form);
    Array.prototype.forEach.call(input.files, function (f) {
      var same = files.some(function (g) {
        return g.name === f.name && g.size === f.size && g.lastModified === f.lastModified;
      });
      if (!same) files.push(f);
    });
    sync(form);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".zi-chosen-remove");
    if (!button) return;
    var form = button.closest("form.zi-upload");
    filesOf(form).splice(parseInt(button.dataset.index, 10), 1);
    sync(form);
    var next = form.querySelector(".zi-chosen-remove") || form.querySelector("#upload-files");
    next.focus();
  });

  // Before htmx sends it (capture phase): no file chosen is said here, not by the server.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.zi-upload")) return;
    var note = form.querySelector(".zi-files-missing");
    if (filesOf(form).length === 0 && form.querySelector("#upload-files").files.length === 0) {
      event.preventDefault();
      event.stopPropagation();
      note.classList.remove("d-none");
      form.querySelector("#upload-files").focus();
      return;
    }
    note.classList.add("d-none");
    kept = filesOf(form).slice();
    posted = true;
  }, true);

  document.body.addEventListener("htmx:afterSettle", function () {
    if (!posted) return;
    posted = false;
    var form = document.querySelector("form.zi-upload[data-keep-files]");
    if (form && kept && kept.length) {
      chosen.set(form, kept);
      sync(form);
    }
    kept = null;
    // The answer (uploaded, or what to correct) comes into view and is read out.
    var answer = document.querySelector("#zi-cell-panel > .alert");
    if (answer) {
      answer.setAttribute("tabindex", "-1");
      answer.scrollIntoView({ block: "nearest" });
      answer.focus();
    }
  });
})();

// Lesson editor: a Trix rich-text editor over each lesson text (the textarea stays the submitted field and the
// no-JS fallback), no file attachments (the server keeps no uploads from the editor), and only the material
// fieldset of the chosen kind shown. Without JavaScript every fieldset and the raw HTML textareas stay visible.
(function () {
  "use strict";

  // Attachments are refused before Trix reads the file: nothing is uploaded or inlined as data.
  document.addEventListener("trix-file-accept", function (event) { event.preventDefault(); });

  function richText(area) {
    if (!area.id || area.dataset.richReady) return;
    area.dataset.richReady = "1";
    var toolbarId = area.id + "-toolbar";
    var toolbar = document.createElement("trix-toolbar");
    toolbar.id = toolbarId;
    var editor = document.createElement("trix-editor");
    editor.setAttribute("input", area.id);  // Trix reads the initial HTML from, and writes back to, the textarea
    editor.setAttribute("toolbar", toolbarId);
    editor.className = "trix-content rich-text";
    var label = document.querySelector('label[for="' + area.id + '"]');
    if (label) {
      if (!label.id) label.id = area.id + "-label";
      editor.setAttribute("aria-labelledby", label.id);
    }
    area.hidden = true;
    area.insertAdjacentElement("afterend", editor);
    area.insertAdjacentElement("afterend", toolbar);
  }

  function toggleKinds(select) {
    var kind = select.value;
    document.querySelectorAll("[data-lesson-kinds]").forEach(function (box) {
      box.hidden = box.dataset.lessonKinds.split(" ").indexOf(kind) === -1;
    });
  }

  function init() {
    document.querySelectorAll("textarea[data-rich-text]").forEach(richText);
    var select = document.getElementById("id_kind");
    if (select) {
      toggleKinds(select);
      select.addEventListener("change", function () { toggleKinds(select); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// Bulk import: once the import is confirmed, say that it runs and block a second submission.
// The form works without this file; the texts come from the page (translated there).
document.querySelectorAll("form[data-busy-text]").forEach(function (form) {
  form.addEventListener("submit", function () {
    var note = form.querySelector("[data-busy-note]");
    var button = form.querySelector("button[type=submit]");
    if (note) {
      note.hidden = false;
    }
    if (button) {
      button.disabled = true;
      button.textContent = form.dataset.busyText;
    }
  });
});

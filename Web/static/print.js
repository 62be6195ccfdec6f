// The only script of the printed forms: the print button. Without it the browser's own
// print command does the same.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});

// The guide's print button: the browser's own print dialog (help.css sets the printed page).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print-guide]")) window.print();
});

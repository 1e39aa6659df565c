// The search page works without JavaScript (a form and links); htmx searches as one types.
// Here only: Escape in the box clears it.
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && event.target.id === "search-q" && event.target.value) {
    event.target.value = "";
    event.target.dispatchEvent(new Event("input", { bubbles: true }));
  }
});

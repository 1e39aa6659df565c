// The report editing pages. Loaded as a file: the Content-Security-Policy forbids inline code.
// Everything here is progressive: without it the pages work as plain forms.

// Adding, removing or moving a block redraws every chapter (numbers change). Forms the user
// has open elsewhere on the page must survive that: they are put back where they were.
let openForms = [];
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  if (!target || target.id !== "chapters" || !event.detail.shouldSwap) {
    openForms = [];
    return;
  }
  const sender = event.detail.requestConfig && event.detail.requestConfig.elt;
  openForms = Array.from(target.querySelectorAll("form.block-editing, form.chapter-head.editing"))
    .filter((form) => form !== sender && !form.contains(sender))
    .map((form) => ({ form, id: form.id, slot: form.closest(".add-slot")?.id }));
});
document.addEventListener("htmx:afterSettle", () => {
  for (const { form, id, slot } of openForms) {
    const place = document.getElementById(slot || id);
    if (!place) continue; // its block is gone
    if (slot) place.replaceChildren(form);
    else place.replaceWith(form);
    // htmx let go of the form when the old chapters were swapped out: take it up again.
    window.htmx?.process(form);
  }
  openForms = [];
});

// "取消" on a form for a new block just closes it (without JavaScript it reloads the page).
document.addEventListener("click", (event) => {
  const cancel = event.target.closest("[data-close-form]");
  if (cancel) {
    event.preventDefault();
    cancel.closest("form")?.remove();
  }
});

// A photo added to or removed from a figure group renumbers the figures after it: redraw the
// chapters (open forms are kept, above) so every caption shows its new 圖 number.
document.body.addEventListener("figures-renumbered", () => {
  if (document.getElementById("chapters")) {
    htmx.ajax("GET", window.location.pathname, { target: "#chapters", select: "#chapters", swap: "outerHTML" });
  }
});

// Envoy's few browser behaviours. No inline scripts anywhere: the Content-Security-Policy
// forbids them. Everything here is progressive: pages work without it.
document.addEventListener("click", (event) => {
  // <button data-print-frame="ID"> prints the PDF preview shown in that frame.
  const button = event.target.closest("[data-print-frame]");
  if (button) {
    document.getElementById(button.dataset.printFrame)?.contentWindow?.print();
  }
  if (event.target.closest("[data-dismiss-error]")) {
    document.getElementById("request-error").hidden = true;
  }
});

// <form data-confirm="question">: asked before the form is sent (a workflow step says what it
// will do); without JavaScript the form is sent as it is.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset?.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// An in-place request that fails swaps nothing (base.html's htmx-config), so the form keeps
// what was typed; say why, in the page's language (the messages are in base.html).
function showRequestError(message) {
  const box = document.getElementById("request-error");
  if (!box) return;
  box.querySelector("span").textContent = message;
  box.hidden = false;
}
document.addEventListener("htmx:responseError", (event) => {
  const box = document.getElementById("request-error");
  if (!box) return;
  const status = event.detail.xhr.status;
  showRequestError(box.dataset["status-" + status] || box.dataset.statusOther);
});
document.addEventListener("htmx:sendError", () => {
  const box = document.getElementById("request-error");
  if (box) showRequestError(box.dataset.offline);
});
document.addEventListener("htmx:afterRequest", (event) => {
  const box = document.getElementById("request-error");
  if (box && event.detail.successful) box.hidden = true;
});

// The menu (base.html) folds behind its button on a phone only. A wide window shows it with
// CSS (::details-content); browsers without that are told the menu is open, and a window
// narrowed to a phone's width folds it again. Escape folds an open menu back to its button.
const wideWindow = window.matchMedia("(min-width: 48.01rem)");
function menuFollowsWidth() {
  document.querySelectorAll("details.menu").forEach((menu) => {
    menu.open = wideWindow.matches;
  });
}
wideWindow.addEventListener("change", menuFollowsWidth);
menuFollowsWidth();
document.addEventListener("keydown", (event) => {
  const menu = event.target.closest?.("details.menu[open]");
  if (event.key === "Escape" && menu && !wideWindow.matches) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

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

// What needs JavaScript is hidden in the markup and shown here, on the page and in every
// part htmx brings in: the zone pickers' search boxes and the calendar buttons of dates.
function showEnhancements(root) {
  root.querySelectorAll("[data-select-filter][hidden], [data-date-pick][hidden]").forEach((el) => {
    el.hidden = false;
  });
}
document.addEventListener("DOMContentLoaded", () => showEnhancements(document));
document.addEventListener("htmx:load", (event) => showEnhancements(event.target));

// <input data-select-filter="ID">: typing narrows the <select id="ID"> to the options that
// match (their label and data-search words: 首爾, seoul, UTC+9, Asia/Seoul for a zone; a
// name or code for a category) and chooses the first of them. 台 and 臺 are the same.
document.addEventListener("input", (event) => {
  const box = event.target.closest?.("[data-select-filter]");
  if (!box) return;
  const select = document.getElementById(box.dataset.selectFilter);
  if (!select) return;
  const fold = (text) => text.toLowerCase().replaceAll("台", "臺").replaceAll(" ", "");
  const query = fold(box.value.trim());
  let first = null;
  for (const option of select.options) {
    if (!option.value) continue;
    const words = fold(option.textContent + " " + (option.dataset.search || ""));
    const match = !query || words.includes(query);
    option.hidden = !match;
    if (match && !first) first = option;
  }
  const chosen = select.selectedOptions[0];
  if (query && first && (!chosen || !chosen.value || chosen.hidden)) {
    select.value = first.value;
  }
  box.classList.toggle("no-match", Boolean(query) && !first);
});

// <button data-date-pick> beside a date's text box opens the browser's calendar (the
// <input type="date"> after it) on the date typed, and writes the date picked back in the
// way the page's language writes dates: 115/9/15 in Chinese, 2026-09-15 in English.
function typedDate(text) {
  const m = text.trim().match(/^(?:民國)?\s*(\d{2,4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})/);
  if (!m) return "";
  const year = Number(m[1]) < 1000 ? Number(m[1]) + 1911 : Number(m[1]);
  return `${year}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
}
document.addEventListener("click", (event) => {
  const button = event.target.closest?.("[data-date-pick]");
  if (!button) return;
  const picker = button.nextElementSibling;
  const text = button.previousElementSibling;
  picker.value = typedDate(text.value) || picker.min || "";
  try {
    picker.showPicker();
  } catch {
    picker.focus();
  }
});
document.addEventListener("change", (event) => {
  const picker = event.target;
  if (!picker.matches?.(".date-entry input[type=date]") || !picker.value) return;
  const text = picker.parentElement.querySelector("input:not([type=date])");
  const [year, month, day] = picker.value.split("-").map(Number);
  const chinese = document.documentElement.lang.startsWith("zh");
  text.value = chinese ? `${year - 1911}/${month}/${day}` : picker.value;
  text.dispatchEvent(new Event("input", { bubbles: true }));
  text.focus();
});

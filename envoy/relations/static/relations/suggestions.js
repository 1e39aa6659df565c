// The relations suggested by a report: every row starts undecided. "全部設為確認" ticks
// 確認 on every row still on the screen, for an officer who has read them all; each row can
// still be changed before saving. Without this script the button stays hidden and each row
// is decided by hand. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  function decideAll(value) {
    document
      .querySelectorAll(`.suggestion .decision input[type=radio][value="${value}"]`)
      .forEach((radio) => {
        radio.checked = true;
      });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("button[data-decide-all]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => decideAll(button.dataset.decideAll));
    });
  });
})();

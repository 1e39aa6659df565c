// The relations pages' pickers: search-as-you-type for a person, city, organisation or
// mission. htmx fills a picker's results as the user types; choosing one (click, or Enter)
// puts its id in the hidden input (one record) or adds a ticked box (several). Without this
// script the typed name is sent and read by the server. No inline scripts: the CSP forbids
// them.
(function () {
  "use strict";

  function resultsOf(picker) {
    return picker.querySelector(".picker-results");
  }

  function searchOf(picker) {
    return picker.querySelector("input[role=combobox]");
  }

  function close(picker) {
    resultsOf(picker).replaceChildren();
    searchOf(picker).setAttribute("aria-expanded", "false");
  }

  function choose(button) {
    const picker = button.closest(".picker");
    if (!picker) return;
    const id = button.dataset.pickId;
    const label = button.dataset.pickLabel;
    const search = searchOf(picker);
    if (picker.dataset.picker === "multiple") {
      const chosen = picker.querySelector(".picker-chosen");
      const already = Array.from(chosen.querySelectorAll("input")).some((box) => box.value === id);
      if (!already) {
        const chip = document.createElement("label");
        chip.className = "chip";
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = picker.dataset.name;
        box.value = id;
        box.checked = true;
        chip.append(box, " " + label);
        chosen.append(chip);
      }
      search.value = "";
    } else {
      picker.querySelector("input[data-picked]").value = id;
      search.value = label;
    }
    close(picker);
    search.focus();
  }

  function choices(picker) {
    return Array.from(resultsOf(picker).querySelectorAll("button.pick"));
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".picker-results button[data-pick-id]");
    if (button) {
      event.preventDefault();
      choose(button);
      return;
    }
    // A click elsewhere closes the open lists.
    document.querySelectorAll(".picker").forEach((picker) => {
      if (!picker.contains(event.target)) close(picker);
    });
  });

  document.addEventListener("input", (event) => {
    const picker = event.target.closest(".picker[data-picker=single]");
    if (picker && event.target.matches("input[role=combobox]")) {
      // What is typed now no longer names the record chosen before.
      picker.querySelector("input[data-picked]").value = "";
    }
  });

  document.addEventListener("keydown", (event) => {
    const picker = event.target.closest(".picker");
    if (!picker) return;
    const buttons = choices(picker);
    const index = buttons.indexOf(event.target);
    if (event.key === "Escape") {
      close(picker);
      searchOf(picker).focus();
    } else if (event.key === "ArrowDown" && buttons.length) {
      event.preventDefault();
      buttons[Math.min(index + 1, buttons.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      (index === 0 ? searchOf(picker) : buttons[index - 1]).focus();
    } else if (event.key === "Enter" && event.target.matches("input[role=combobox]") && buttons.length) {
      // Enter in the search box takes the first choice rather than sending the form.
      event.preventDefault();
      buttons[0].click();
    }
  });

  // New choices arriving while the keyboard is on an old one would take the focus away with
  // it (to the page's top): it goes back to the search box instead.
  let focusWasInResults = false;
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const results = event.detail.target;
    focusWasInResults = Boolean(results.classList && results.classList.contains("picker-results")
      && results.contains(document.activeElement));
  });

  document.body.addEventListener("htmx:afterSwap", (event) => {
    const results = event.detail.target;
    if (!results.classList || !results.classList.contains("picker-results")) return;
    const picker = results.closest(".picker");
    if (focusWasInResults && !results.contains(document.activeElement)) searchOf(picker).focus();
    focusWasInResults = false;
    searchOf(picker).setAttribute("aria-expanded", results.children.length ? "true" : "false");
    // A city just recorded from the gazetteer is chosen at once.
    const picked = results.querySelector("[data-auto-pick]");
    if (picked) choose(picked);
  });
})();

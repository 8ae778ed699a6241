// Starts GOV.UK Frontend's components (the menu button, error summaries, tabs…) on every page,
// lets the keyboard scroll a table that is wider than a phone's screen, and asks before a
// step that cannot be undone (a button with data-atis-confirm: the question to ask).
import { initAll } from "./vendor/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
for (const table of document.querySelectorAll("main table")) {
  if (table.scrollWidth > table.clientWidth) {
    table.tabIndex = 0;
  }
}

document.addEventListener("submit", (event) => {
  const question = event.submitter?.dataset.atisConfirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

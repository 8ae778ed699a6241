// Starts GOV.UK Frontend's components (the menu button, error summaries, tabs…) on every page,
// lets the keyboard scroll a table that is wider than a phone's screen, and asks before a
// step that cannot be undone (a button with data-atis-confirm: the question to ask), and shows
// a form's fields for the kind chosen only (a select with data-atis-kind-switch; each field
// with data-atis-kinds, the kinds it belongs to: hidden and not sent for the others).
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

for (const kind of document.querySelectorAll("select[data-atis-kind-switch]")) {
  const fields = kind.form.querySelectorAll("[data-atis-kinds]");
  const show = () => {
    for (const field of fields) {
      const shown = field.dataset.atisKinds.split(" ").includes(kind.value);
      (field.closest(".govuk-form-group") || field).hidden = !shown;
      field.disabled = !shown;
    }
  };
  kind.addEventListener("change", show);
  show();
}

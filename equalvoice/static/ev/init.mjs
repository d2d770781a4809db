import { initAll } from "../build/govuk-frontend.min.js";
import { initListen } from "./listen.mjs";

initAll();

// GOV.UK Frontend's skip link moves focus to <main> itself. Keep "#main-content" out of
// the address: forms post back to the address, and on the page that comes back the
// browser would move focus to <main>, away from an error summary or a success banner.
for (const link of document.querySelectorAll(".govuk-skip-link")) {
  link.addEventListener("click", (event) => event.preventDefault());
}

initListen();

// Start the GOV.UK and MoJ components on this page. Pages work without this.
import { initAll as initGovuk } from "/static/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "/static/moj/moj-frontend.min.js";

initGovuk();
initMoj();

// Runs before the page paints, so GOV.UK Frontend components style themselves for JavaScript.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");

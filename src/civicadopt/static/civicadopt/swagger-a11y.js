// Swagger UI (/api/docs/) renders some controls without an accessible name (WCAG 4.1.2): a parameter's
// list of allowed values, the media-type choosers. Name each one as it appears.
(function () {
  "use strict";
  function nameControls() {
    document.querySelectorAll(".swagger-ui select:not([aria-label])").forEach(function (select) {
      if (select.id && document.querySelector('label[for="' + select.id + '"]')) {
        return;
      }
      var row = select.closest("tr[data-param-name]");
      var name = row ? row.getAttribute("data-param-name") : "";
      if (!name && select.closest(".content-type-wrapper, .response-content-type, .body-param-content-type")) {
        name = "Media type";
      }
      select.setAttribute("aria-label", name || "Choose a value");
    });
  }
  new MutationObserver(nameControls).observe(document.body, { childList: true, subtree: true });
  nameControls();
})();

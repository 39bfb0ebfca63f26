// The error summary (templates/includes/error_summary.html): when a page loads with one, or htmx swaps one
// in, move focus to it and bring it into view, so a failed form is noticed wherever the form sits on the
// page. Its links put focus in the field they name, with the field's label in view.
(function () {
  "use strict";

  function focusSummary(root) {
    var summaries = (root || document).querySelectorAll("[data-error-summary]");
    var summary = Array.prototype.find.call(summaries, function (element) {
      return element.offsetParent !== null; // the first one shown (site.css hides a second in one form)
    });
    if (!summary) {
      return false;
    }
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
    return true;
  }

  function focusField(id) {
    var field = document.getElementById(id);
    if (!field) {
      return false;
    }
    var label = document.querySelector('label[for="' + id + '"]');
    var legend = field.tagName === "FIELDSET" ? field.querySelector("legend") : null;
    var focusable = field.tagName === "FIELDSET" ? field.querySelector("input, select, textarea") || field : field;
    focusable.focus({ preventScroll: true });
    (label || legend || field).scrollIntoView({ block: "center" });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-error-link]") : null;
    if (link && focusField(link.getAttribute("data-error-link"))) {
      event.preventDefault();
    }
  });

  // After the swap is settled, so this wins over site.js moving focus to the swapped region's heading.
  document.addEventListener("htmx:afterSettle", function (event) {
    focusSummary(event.detail.target || document);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      focusSummary(document);
    });
  } else {
    focusSummary(document);
  }
})();

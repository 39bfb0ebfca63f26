// Amount grids (templates/forms/amount_grid.html): arrow keys move between cells, a block pasted from a
// spreadsheet spreads across rows and columns from the cell it is pasted into, the recurring helper fills a
// row, and the totals follow every change. Without this file the grid is still a plain form that saves.
(function () {
  "use strict";

  // Amounts in whole cents, so sums are exact: "12,500.50" -> 1250050. Null when not a number.
  function cents(text) {
    var cleaned = String(text || "").replace(/[\s,\u00a0$£€]/g, "");
    if (cleaned === "" || !/^\d*\.?\d*$/.test(cleaned) || cleaned === ".") {
      return null;
    }
    return Math.round(parseFloat(cleaned) * 100);
  }

  function centsText(value) {
    var whole = Math.trunc(value / 100);
    var rest = Math.abs(value % 100);
    return value % 100 === 0 ? String(whole) : (value < 0 && whole === 0 ? "-" : "") + whole + "." + String(rest).padStart(2, "0");
  }

  function formatTotal(value) {
    var lang = document.documentElement.lang || "en";
    return new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value / 100);
  }

  function setUp(form) {
    var table = form.querySelector("[data-amount-grid-table]");
    var status = form.querySelector("[data-amount-grid-status]");
    if (!table) {
      return;
    }

    function rows() {
      return Array.prototype.slice.call(table.tBodies[0].rows);
    }

    function cellsOf(row) {
      return Array.prototype.slice.call(row.querySelectorAll("input[data-cell]"));
    }

    function position(input) {
      var row = input.closest("tr");
      return { row: rows().indexOf(row), column: cellsOf(row).indexOf(input) };
    }

    function cellAt(rowIndex, columnIndex) {
      var row = rows()[rowIndex];
      return row ? cellsOf(row)[columnIndex] || null : null;
    }

    function groupOf(row) {
      var kind = row.querySelector("[data-key='kind']");
      return kind ? kind.value : row.getAttribute("data-group") || "";
    }

    // The words come from the template, so they are translated with the page.
    function announce(name, values) {
      if (status) {
        var message = status.getAttribute("data-" + name) || "";
        Object.keys(values).forEach(function (key) {
          message = message.replace("{" + key + "}", String(values[key]));
        });
        status.textContent = message;
      }
    }

    function updateTotals() {
      var totals = table.querySelectorAll("[data-total-weights]");
      Array.prototype.forEach.call(totals, function (cell) {
        var weights = {};
        cell.getAttribute("data-total-weights").split(";").forEach(function (pair) {
          var parts = pair.split(":");
          weights[parts[0]] = parseInt(parts[1], 10);
        });
        var column = parseInt(cell.getAttribute("data-total-column"), 10);
        var sum = 0;
        rows().forEach(function (row) {
          var group = groupOf(row);
          var weight = group in weights ? weights[group] : weights["*"] || 0;
          var input = cellsOf(row)[column];
          var value = input ? cents(input.value) : null;
          if (weight && value !== null) {
            sum += weight * value;
          }
        });
        cell.textContent = formatTotal(sum);
      });
    }

    table.addEventListener("keydown", function (event) {
      var input = event.target;
      if (!input.hasAttribute || !input.hasAttribute("data-cell") || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var at = position(input);
      var target = null;
      var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      var atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
      if (event.key === "ArrowUp") {
        target = cellAt(at.row - 1, at.column);
      } else if (event.key === "ArrowDown") {
        target = cellAt(at.row + 1, at.column);
      } else if (event.key === "ArrowLeft" && atStart) {
        target = cellAt(at.row, at.column - 1);
      } else if (event.key === "ArrowRight" && atEnd) {
        target = cellAt(at.row, at.column + 1);
      } else {
        return;
      }
      event.preventDefault(); // at the edge of the grid the focus stays where it is
      if (target) {
        target.focus();
        target.select();
      }
    });

    table.addEventListener("paste", function (event) {
      var input = event.target;
      if (!input.hasAttribute || !input.hasAttribute("data-cell")) {
        return;
      }
      var text = (event.clipboardData || window.clipboardData).getData("text");
      if (!/[\t\r\n]/.test(text.replace(/[\r\n]+$/, ""))) {
        return; // one value: the browser pastes it as usual
      }
      event.preventDefault();
      var lines = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
      var at = position(input);
      var filled = 0;
      var skipped = 0;
      lines.forEach(function (line, r) {
        line.split("\t").forEach(function (value, c) {
          var cell = cellAt(at.row + r, at.column + c);
          if (!cell || cell.readOnly) {
            skipped += 1;
            return;
          }
          cell.value = value.trim();
          filled += 1;
        });
      });
      updateTotals();
      announce(skipped ? "pasted-partly" : "pasted", { n: filled, skipped: skipped });
    });

    table.addEventListener("input", updateTotals);
    table.addEventListener("change", updateTotals);

    // The recurring helper: the row's own "Fill" button chooses the row and moves to the helper.
    var helper = form.querySelector("[data-amount-grid-fill]");
    Array.prototype.forEach.call(table.querySelectorAll("[data-fill-row]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        if (!helper) {
          return;
        }
        helper.querySelector("[name='fill-row']").value = button.getAttribute("data-fill-row");
        helper.scrollIntoView({ block: "center" });
        helper.querySelector("[name='fill-amount']").focus();
      });
    });

    function fill() {
      var field = function (name) {
        return helper.querySelector("[name='" + name + "']");
      };
      var rowIndex = field("fill-row").value;
      var row = table.querySelector("tr[data-grid-row='" + rowIndex + "']");
      var first = field("fill-first").selectedIndex;
      var last = field("fill-last").selectedIndex;
      var amount = cents(field("fill-amount").value);
      var growth = parseFloat(String(field("fill-growth").value || "0").replace("%", ""));
      if (!row || amount === null || isNaN(growth) || growth <= -100 || last < first) {
        return false; // the server explains what is wrong
      }
      var cells = cellsOf(row);
      var count = 0;
      for (var k = 0; first + k <= last; k += 1) {
        var cell = cells[first + k];
        if (cell && !cell.readOnly) {
          // Compounded from the first year and rounded once to the cent, as civicadopt_core does.
          cell.value = centsText(Math.round(amount * Math.pow(1 + growth / 100, k)));
          count += 1;
        }
      }
      updateTotals();
      announce("filled", { n: count });
      (cells[first] || row).focus();
      return true;
    }

    if (helper) {
      helper.querySelector("[data-fill-submit]").addEventListener("click", function (event) {
        if (fill()) {
          event.preventDefault();
        }
      });
      helper.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && event.target.tagName === "INPUT") {
          event.preventDefault();
          helper.querySelector("[data-fill-submit]").click();
        }
      });
    }
    updateTotals();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-amount-grid]"), setUp);
})();

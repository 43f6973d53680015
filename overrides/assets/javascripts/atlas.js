// Sorting (the vendored tablesort) and filtering of the atlas's tables. Without scripts, the tables read whole.
(function () {
  function setUp(root) {
    root.querySelectorAll("table.atlas-sortable:not([data-ready])").forEach(function (table) {
      table.setAttribute("data-ready", "");
      new Tablesort(table);
    });
    root.querySelectorAll(".atlas-filter[hidden]").forEach(function (form) {
      // The form filters its table, or every table of its group (a changelog year has a table a month).
      var name = form.getAttribute("data-table");
      var tables = Array.prototype.slice.call(document.querySelectorAll('table[data-filter-group="' + name + '"]'));
      var single = document.getElementById(name);
      if (single) tables.push(single);
      if (!tables.length) return;
      var rows = [];
      tables.forEach(function (table) { rows = rows.concat(Array.prototype.slice.call(table.tBodies[0].rows)); });
      var fields = form.querySelectorAll("[data-key]");
      var count = form.querySelector("output");
      function apply() {
        var shown = 0;
        rows.forEach(function (row) {
          var keep = true;
          fields.forEach(function (field) {
            var wanted = field.value.trim().toLowerCase();
            if (!wanted) return;
            var key = field.getAttribute("data-key");
            var have = key === "text" ? row.textContent.toLowerCase() : (row.getAttribute("data-" + key) || "").toLowerCase();
            if (key === "text" ? have.indexOf(wanted) < 0 : have !== wanted) keep = false;
          });
          row.hidden = !keep;
          if (keep) shown += 1;
        });
        // A month whose every change is filtered out hides with its heading.
        tables.forEach(function (table) {
          var empty = !Array.prototype.some.call(table.tBodies[0].rows, function (row) { return !row.hidden; });
          table.hidden = empty;
          var heading = table.previousElementSibling;
          if (heading && /^H[1-6]$/.test(heading.tagName)) heading.hidden = empty;
        });
        count.textContent = shown + " of " + rows.length + " shown";
      }
      fields.forEach(function (field) { field.addEventListener("input", apply); });
      form.hidden = false;
      apply();
    });
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setUp(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();

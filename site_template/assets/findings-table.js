/* cxaudit findings table: filter, sort and search a Markdown table in place.
 *
 * Progressive enhancement: without this script the table is complete and readable. With it, a row of
 * controls appears above every element marked data-cx-table. Cell text is only ever read with
 * textContent and written with textContent / new Option(), never as HTML, so crawled text stays text.
 */
(function () {
  "use strict";

  var MAX_OPTIONS = 200; // a column with more distinct values is left to the search box
  var RANK = {
    "Fail": 0, "Needs review": 1, "Unknown": 2, "Pass": 3, "Not applicable": 4,
    "Critical": 0, "High": 1, "Medium": 2, "Low": 3, "Info": 4
  };

  function text(cell) {
    return (cell.textContent || "").replace(/\s+/g, " ").trim();
  }

  function number(value) {
    var match = /^[+-]?\d+(\.\d+)?$/.exec(value);
    return match ? parseFloat(value) : null;
  }

  function compare(a, b) {
    if (a in RANK && b in RANK) { return RANK[a] - RANK[b]; }
    var x = number(a), y = number(b);
    if (x !== null && y !== null) { return x - y; }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function enhance(wrapper, index) {
    var table = wrapper.querySelector("table");
    if (!table || !table.tHead || !table.tBodies.length) { return; }
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(body.rows).map(function (row) {
      var cells = Array.prototype.slice.call(row.cells).map(text);
      return { el: row, cells: cells, haystack: cells.join(" ").toLowerCase() };
    });
    var filterColumns = (wrapper.getAttribute("data-cx-filters") || "").split(",").filter(Boolean).map(Number);

    var controls = document.createElement("div");
    controls.className = "cx-table-controls";
    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = "Search the table";
    search.id = "cx-search-" + index;
    search.setAttribute("aria-label", "Search the table");
    controls.appendChild(search);

    var selects = [];
    filterColumns.forEach(function (column) {
      if (!headers[column]) { return; }
      var seen = {};
      rows.forEach(function (row) { seen[row.cells[column]] = true; });
      var values = Object.keys(seen).sort(compare);
      if (values.length < 2 || values.length > MAX_OPTIONS) { return; }
      var label = document.createElement("label");
      label.textContent = text(headers[column]) + " ";
      var select = document.createElement("select");
      select.setAttribute("data-cx-column", String(column));
      select.appendChild(new Option("All", ""));
      values.forEach(function (value) { select.appendChild(new Option(value || "(none)", value)); });
      label.appendChild(select);
      controls.appendChild(label);
      selects.push({ column: column, el: select });
    });

    var count = document.createElement("output");
    count.setAttribute("aria-live", "polite");
    count.className = "cx-table-count";
    controls.appendChild(count);
    wrapper.insertBefore(controls, wrapper.firstChild);

    function apply() {
      var query = search.value.toLowerCase().trim();
      var shown = 0;
      rows.forEach(function (row) {
        var visible = !query || row.haystack.indexOf(query) !== -1;
        for (var i = 0; visible && i < selects.length; i++) {
          var wanted = selects[i].el.value;
          if (wanted && row.cells[selects[i].column] !== wanted) { visible = false; }
        }
        row.el.hidden = !visible;
        if (visible) { shown++; }
      });
      count.textContent = shown + " of " + rows.length + " rows";
    }

    var sorted = { column: -1, direction: 1 };
    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cx-sort";
      button.textContent = text(header);
      button.title = "Sort by " + text(header);
      header.textContent = "";
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        sorted.direction = sorted.column === column ? -sorted.direction : 1;
        sorted.column = column;
        headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", sorted.direction > 0 ? "ascending" : "descending");
        rows.sort(function (a, b) { return sorted.direction * compare(a.cells[column], b.cells[column]); });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (row) { fragment.appendChild(row.el); });
        body.appendChild(fragment);
      });
    });

    search.addEventListener("input", apply);
    selects.forEach(function (s) { s.el.addEventListener("change", apply); });
    apply();
  }

  function start() {
    var wrappers = document.querySelectorAll("[data-cx-table]");
    for (var i = 0; i < wrappers.length; i++) { enhance(wrappers[i], i); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

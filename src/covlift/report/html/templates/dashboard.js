(function () {
  "use strict";
  // Sortable, filterable file table: click a header to sort, type to filter.
  var table = document.getElementById("file-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = table.tHead.rows[0].cells;
  var filter = document.getElementById("filter");
  var hideCovered = document.getElementById("hide-covered");
  var shown = document.getElementById("shown");

  function value(row, index, type) {
    var raw = row.cells[index].getAttribute("data-v");
    return type === "num" ? parseFloat(raw) : raw.toLowerCase();
  }

  function sortBy(index) {
    var header = headers[index];
    var type = header.getAttribute("data-type");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = value(a, index, type), y = value(b, index, type);
      var order = x < y ? -1 : x > y ? 1 : 0;
      if (order === 0) { order = value(a, 0, "text") < value(b, 0, "text") ? -1 : 1; }
      return ascending ? order : -order;
    });
    for (var i = 0; i < headers.length; i++) { headers[i].removeAttribute("aria-sort"); }
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function applyFilter() {
    var needle = filter.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var match = value(row, 0, "text").indexOf(needle) !== -1;
      if (hideCovered.checked && parseFloat(row.getAttribute("data-cover")) >= 100) { match = false; }
      row.hidden = !match;
      if (match) { count++; }
    });
    shown.textContent = count + " of " + rows.length + " files";
  }

  Array.prototype.forEach.call(headers, function (header, index) {
    header.addEventListener("click", function () { sortBy(index); });
  });
  filter.addEventListener("input", applyFilter);
  hideCovered.addEventListener("change", applyFilter);
  if (filter.value || hideCovered.checked) { applyFilter(); }
})();

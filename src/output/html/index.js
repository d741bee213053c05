// Sort the documents by a column, and keep those with a finding of the
// chosen check and severity (and status, and text).
(function () {
  "use strict";
  var table = document.getElementById("docs");
  if (!table) return;
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    th.setAttribute("tabindex", "0");
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "n";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-v") || "";
        var y = b.cells[col].getAttribute("data-v") || "";
        var d = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-CN");
        if (d === 0) d = parseFloat(a.cells[0].getAttribute("data-v")) - parseFloat(b.cells[0].getAttribute("data-v"));
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
  });
  var check = document.getElementById("f-check");
  var sev = document.getElementById("f-sev");
  var status = document.getElementById("f-status");
  var text = document.getElementById("f-text");
  var shown = document.getElementById("f-shown");
  function filter() {
    var c = check.value, s = sev.value, st = status.value, q = text.value.trim().toLowerCase();
    var n = 0;
    Array.prototype.forEach.call(body.rows, function (r) {
      var keep = true;
      if (c || s) {
        keep = (r.getAttribute("data-f") || "").split(" ").some(function (p) {
          var i = p.lastIndexOf("|");
          return p && (!c || p.slice(0, i) === c) && (!s || p.slice(i + 1) === s);
        });
      }
      if (keep && st) keep = r.getAttribute("data-status") === st;
      if (keep && q) keep = (r.getAttribute("data-text") || "").indexOf(q) >= 0;
      r.hidden = !keep;
      if (keep) n++;
    });
    shown.textContent = n + " of " + body.rows.length + " shown";
  }
  [check, sev, status].forEach(function (el) { el.addEventListener("change", filter); });
  text.addEventListener("input", filter);
  filter();
})();

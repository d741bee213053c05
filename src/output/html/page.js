// Select a finding: its cells get .is-target, its operands .is-operand, and
// the bar at the bottom keeps it in view while the table is read.
(function () {
  "use strict";
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var bar = document.getElementById("selbar");
  var marked = [];
  var current = null;

  function ids(el, attr) {
    return (el.getAttribute(attr) || "").split(" ").filter(Boolean);
  }
  function openAround(el) {
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
  }
  // Bring a cell into view: its whole table from the caption when that fits
  // (the header and the cells added up show with it), else the cell centred.
  function reveal(el) {
    openAround(el);
    var fig = el.closest && el.closest("figure.tbl");
    if (fig && fig !== el) {
      var top = fig.getBoundingClientRect().top;
      var bottom = el.getBoundingClientRect().bottom;
      if (bottom - top < window.innerHeight * 0.8) {
        fig.scrollIntoView({ block: "start" });
        return;
      }
    }
    el.scrollIntoView({ block: "center" });
  }
  function clear() {
    marked.forEach(function (m) { m[1].forEach(function (c) { m[0].classList.remove(c); }); });
    marked = [];
    if (current) current.classList.remove("selected");
    current = null;
    bar.hidden = true;
  }
  // Add classes to an element, remembering only those it did not have.
  function mark(id, classes) {
    var el = document.getElementById(id);
    if (!el) return null;
    var added = classes.filter(function (c) { return c && !el.classList.contains(c); });
    added.forEach(function (c) { el.classList.add(c); });
    marked.push([el, added]);
    return el;
  }
  function severity(f) {
    return ["error", "warning", "info"].filter(function (s) { return f.classList.contains(s); })[0] || "";
  }
  function select(f, scroll) {
    clear();
    if (!f) return;
    current = f;
    f.classList.add("selected");
    openAround(f);
    var sev = severity(f);
    var first = null;
    ids(f, "data-ops").forEach(function (id) {
      var el = mark(id, ["is-operand"]);
      first = first || el;
    });
    // The named cell is outlined in the finding's colour (a cell both named
    // and added up shows both).
    ids(f, "data-at").forEach(function (id) { first = mark(id, ["is-target", sev]) || first; });
    // The bar: which finding, its numbers, a key to the outlines, the message.
    var msg = f.querySelector(".msg");
    var nums = f.querySelectorAll("dl.nums dd");
    var body = bar.querySelector(".selbody");
    body.textContent = "";
    function add(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      body.appendChild(e);
    }
    add("b", "", f.id.replace("f", "#") + " " + (f.getAttribute("data-check") || ""));
    if (nums.length >= 3) {
      add("span", "", "stated " + nums[0].textContent + " · computed " + nums[1].textContent +
        " · difference " + nums[2].textContent);
    }
    var nAt = ids(f, "data-at").length, nOps = ids(f, "data-ops").length;
    if (nAt) { add("span", "key t"); add("span", "", "stated cell"); }
    if (nOps) { add("span", "key"); add("span", "", nOps + " cell" + (nOps === 1 ? "" : "s") + " used"); }
    add("span", "msg", msg ? msg.textContent : "");
    bar.hidden = false;
    if (location.hash !== "#" + f.id && history.replaceState) history.replaceState(null, "", "#" + f.id);
    if (scroll && first) reveal(first);
  }
  function step(d) {
    if (!findings.length) return;
    var i = current ? findings.indexOf(current) + d : 0;
    i = (i + findings.length) % findings.length;
    select(findings[i], true);
  }

  document.addEventListener("click", function (e) {
    var t = e.target;
    var act = t.closest && t.closest("#selbar button");
    if (act) {
      var a = act.getAttribute("data-act");
      if (a === "close") clear();
      else if (a === "prev") step(-1);
      else if (a === "next") step(1);
      else if (a === "back" && current) current.scrollIntoView({ block: "center" });
      return;
    }
    var link = t.closest("a.goto");
    var f = t.closest("article.finding");
    if (f && (link || !t.closest("a, summary"))) {
      e.preventDefault();
      var href = link && link.getAttribute("href");
      select(f, false);
      var dest = href ? document.getElementById(href.slice(1)) : document.getElementById(ids(f, "data-at")[0] || "");
      if (dest) reveal(dest);
      return;
    }
    var cell = t.closest("[data-f]");
    if (cell) {
      // A flagged cell: show its findings in turn.
      var list = ids(cell, "data-f");
      var at = current ? list.indexOf(current.id) : -1;
      select(document.getElementById(list[(at + 1) % list.length]), false);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.target.closest && e.target.closest("input, select, textarea")) return;
    if (e.key === "j") step(1);
    else if (e.key === "k") step(-1);
    else if (e.key === "Escape") clear();
    else if (e.key === "Enter" && e.target.matches && e.target.matches("article.finding")) select(e.target, true);
  });
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  function fromHash() {
    var h = location.hash.slice(1);
    var el = h && document.getElementById(h);
    if (!el) return;
    openAround(el);
    if (el.matches("article.finding")) select(el, true);
    else reveal(el);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();

/* 现行有效行政规范性文件统一查询: filters (发文机关, 年份, 主题分类) and a sort, as native controls kept in
   the URL (?jg=&nf=&zt=&px=) so a filtered view can be bookmarked. Without JavaScript the page shows
   every document, grouped by issuer. */
(function () {
  "use strict";
  var form = document.querySelector('[data-module="gk-library"]');
  if (!form) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".gk-library-group"));
  var count = form.querySelector("[data-count]");
  var others = Array.prototype.slice.call(document.querySelectorAll("[data-ended] tbody"));   // not yet or no longer in force: filtered alike

  function matches(row, want, prefix) {
    // a jointly issued document (发文机关 甲、乙) is one of each of its issuers
    return ["jg", "nf", "zt"].every(function (k) {
      var v = row.getAttribute(prefix + k) || "";
      return !want[k] || (k === "jg" ? v.split("、").indexOf(want[k]) >= 0 : v === want[k]);
    });
  }

  function fromUrl() {
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var v = params.get(s.name) || "";
      if (Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
    });
  }

  function toUrl() {
    var params = new URLSearchParams();
    selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function sortRows(tbody, key) {
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = a.getAttribute("data-" + key) || "", y = b.getAttribute("data-" + key) || "";
      if (key === "title") return x.localeCompare(y, "zh-CN");
      if (key === "valid_until") return x < y ? -1 : x > y ? 1 : 0;
      return x < y ? 1 : x > y ? -1 : 0;
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  }

  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.name] = s.value; });
    var shown = 0;
    groups.forEach(function (g) {
      var tbody = g.querySelector("tbody");
      sortRows(tbody, want.px || "written");
      var visible = 0;
      Array.prototype.forEach.call(tbody.rows, function (r) {
        var ok = matches(r, want, "data-");
        r.hidden = !ok;
        if (ok) visible += 1;
      });
      g.hidden = visible === 0;
      var rows = g.querySelector("[data-rows]");     // the caption counts the rows it shows
      if (rows) rows.textContent = visible;
      shown += visible;
    });
    var filtered = ["jg", "nf", "zt"].some(function (k) { return want[k]; });
    count.textContent = shown || !filtered ? "共 " + shown + " 件" :
      "共 0 件：所选条件下没有现行有效的行政规范性文件，可把上面的筛选改回“全部”";
    others.forEach(function (tbody) {
      var left = 0;
      Array.prototype.forEach.call(tbody.rows, function (r) {
        r.hidden = !matches(r, want, "data-f-");
        if (!r.hidden) left += 1;
      });
      var rows = tbody.closest("table").querySelector("[data-rows]");
      if (rows) rows.textContent = left;
    });
  }

  fromUrl();
  form.hidden = false;
  apply();
  selects.forEach(function (s) { s.addEventListener("change", function () { apply(); toUrl(); }); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
})();

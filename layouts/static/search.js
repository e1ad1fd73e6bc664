// Site search through the Pagefind bundle built with the site (pagefind[extended] segments Chinese).
(function () {
  "use strict";
  var root = document.querySelector('[data-module="gk-search"]');
  if (!root) return;
  var bundle = root.getAttribute("data-bundle");
  var params = new URLSearchParams(window.location.search);
  var form = document.createElement("form");
  form.setAttribute("role", "search");
  form.className = "gk-search__form";
  form.innerHTML = '<label for="gk-search-input">输入关键词</label>' +
    '<input id="gk-search-input" name="q" type="search" autocomplete="off">' +
    '<button type="submit">搜索</button>';
  var status = document.createElement("p");
  status.className = "gk-search__status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  var list = document.createElement("ol");
  list.className = "gk-search__results";
  root.appendChild(form);
  root.appendChild(status);
  root.appendChild(list);
  var input = form.querySelector("input");
  input.value = params.get("q") || "";
  var pagefind = null;

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ excerptLength: 40 }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function run(query) {
    list.innerHTML = "";
    if (!query.trim()) { status.textContent = "请输入要查找的词语。"; return; }
    status.textContent = "正在搜索…";
    load().then(function (pf) { return pf.search(query); }).then(function (search) {
      return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); })).then(function (items) {
        status.textContent = search.results.length ?
          "找到 " + search.results.length + " 条与“" + query + "”相关的结果。" :
          "没有找到与“" + query + "”相关的内容，请换个词试试。";
        items.forEach(function (item) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = item.url;
          a.textContent = item.meta && item.meta.title ? item.meta.title : item.url;
          var p = document.createElement("p");
          p.innerHTML = item.excerpt;  // Pagefind's excerpt: page text with <mark> around matches
          li.appendChild(a);
          if (item.meta && item.meta.status) {   // a document not in force says so in the results too
            var tag = document.createElement("span");
            tag.className = "gk-tag gk-tag--inactive";
            tag.textContent = item.meta.status;
            li.appendChild(document.createTextNode(" "));
            li.appendChild(tag);
          }
          li.appendChild(p);
          list.appendChild(li);
        });
      });
    }).catch(function () {
      status.textContent = "搜索暂时不可用，请按栏目浏览。";
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value;
    var url = new URL(window.location.href);
    url.searchParams.set("q", q);
    window.history.replaceState(null, "", url);
    run(q);
  });
  if (input.value) run(input.value);
})();

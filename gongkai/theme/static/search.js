// Site search through the Pagefind bundle built with the site. The index is a substring index
// (gongkai/searchtext.py): every query word of up to WINDOW characters finds exactly the documents
// that contain it; longer words are sent as overlapping windows. Results say what they are (type,
// 发文字号, issuer, date, status), filters are native checkboxes kept in the URL, and the first
// results are re-ranked for this column: a 发文字号 typed in any bracket form first, then documents
// whose title names the query, then those holding it as typed, then documents in force before
// outdated ones.
(function () {
  "use strict";
  var root = document.querySelector('[data-module="gk-search"]');
  if (!root) return;
  var bundle = root.getAttribute("data-bundle");
  var FILTERS = ["类型", "有效性", "年份", "发文机关", "主题分类"];
  var PAGE = 10, RERANK = 10, WINDOW = 6;   // the index ranks in-force and exact matches already
  var MARK = "\u3013\u3013\u3013";      // the page's text ends here in Pagefind's content; the index stream follows
  // question words and particles people type around what they look for (怎么申请低保 → 申请低保)
  var QUESTION = /为什么|怎么样|怎么|怎样|如何|哪里|哪儿|什么|请问|是否|能否|可不可以|我想|我要|想要|多少/g;
  var TRAILING = /[吗呢吧啊了呀？?！!。\s]+$/;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }
  function brackets(s) {   // 〔2024〕 [2024] (2024) （2024） ［2024］ → 〔2024〕
    return s.replace(/[\[\(（［〔【]\s*(\d{4})\s*[\]\)）］〕】]/g, "〔$1〕");
  }
  function cleanQuery(q) {
    var s = brackets(q.trim()).replace(QUESTION, " ").replace(TRAILING, "");
    s = s.replace(/([^\s的]{2,})的(?=[^\s的]{2,})/g, "$1 ");   // 低保的条件 → 低保 条件
    return s.replace(/\s+/g, " ").trim() || q.trim();
  }
  function windowed(query) {   // 城乡居民最低生活保障 → 城乡居民最低 最低生活保障
    return query.split(" ").map(function (t) {
      var w = t.replace(/[\p{P}\p{S}]/gu, "");
      if (w.length <= WINDOW) return t;
      var parts = [];
      for (var i = 0; i + WINDOW < w.length; i += WINDOW - 2) parts.push(w.slice(i, i + WINDOW));
      parts.push(w.slice(w.length - WINDOW));
      return parts.join(" ");
    }).join(" ");
  }
  var words = window.Intl && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
  function loosened(query) {  // 医保报销 → 医保 报销: the words of the query, anywhere in a document
    if (!words) return query;
    return query.split(" ").map(function (t) {
      var parts = [], single = "";
      Array.from(words.segment(t)).forEach(function (w) {
        if (!w.isWordLike) return;
        if (w.segment.length === 1) { single += w.segment; return; }  // 低 保 → 低保
        if (single.length > 1) parts.push(single);   // a lone character does not match on its own
        single = "";
        parts.push(w.segment);
      });
      if (single.length > 1 || !parts.length) parts.push(single || t);
      return parts.join(" ");
    }).join(" ");
  }
  var END = /\uA500/g;     // ends each word Pagefind indexed (gongkai/searchtext.py): never shown
  function text(item) { return (item.content || "").split(MARK)[0].replace(END, ""); }
  function isInForce(item) { var e = item.meta && item.meta.effective; return !e || e === "现行有效"; }
  function compact(s) { return (s || "").replace(/\s+/g, ""); }

  // --- the form: query, sort, filters (all native controls, all in the URL) -------------------------
  var params = new URLSearchParams(window.location.search);
  var form = el("form", { role: "search", "class": "gk-search__form" });
  var label = el("label", { "for": "gk-search-input" }, "输入关键词或发文字号");
  // what to type, said under the label (and read with the box): an empty page gave no prompt
  var hint = el("p", { id: "gk-search-hint", "class": "gk-search__hint" },
                "可输入文件标题或正文中的词语、发文字号或发文机关名称，几个词语之间用空格分开。");
  var input = el("input", { id: "gk-search-input", name: "q", type: "search", autocomplete: "off",
                            "aria-describedby": "gk-search-hint" });
  var go = el("button", { type: "submit" }, "搜索");
  var sortLabel = el("label", { "for": "gk-search-sort" }, "排序");
  var sort = el("select", { id: "gk-search-sort", name: "sort" });
  [["", "按相关度"], ["date", "按发布日期（新的在前）"]].forEach(function (o) {
    var option = el("option", { value: o[0] }, o[1]);
    sort.appendChild(option);
  });
  [label, hint, input, go, sortLabel, sort].forEach(function (e) { form.appendChild(e); });
  var filterBox = el("div", { "class": "gk-search__filters" });
  var status = el("p", { "class": "gk-search__status", role: "status", "aria-live": "polite" });
  var list = el("ol", { "class": "gk-search__results" });
  var more = el("button", { type: "button", "class": "gk-search__more", hidden: "" }, "显示更多结果");
  var clear = el("button", { type: "button", "class": "gk-search__clear", hidden: "" }, "清除筛选条件，重新搜索");
  // on a phone the results follow the form at once and the filters follow the results (a link on
  // either side leads to the other): forty checkboxes first would push the first result screens down
  var narrow = window.matchMedia && window.matchMedia("(max-width: 47.99em)").matches;
  filterBox.id = "gk-search-filters";
  status.id = "gk-search-status";
  var toFilters = el("a", { href: "#gk-search-filters", "class": "gk-search__jump", hidden: "" }, "筛选结果：按类型、有效性、年份等");
  var toResults = el("a", { href: "#gk-search-status", "class": "gk-search__jump", hidden: "" }, "回到搜索结果");
  (narrow ? [form, toFilters, status, clear, list, more, filterBox, toResults] : [form, filterBox, status, clear, list, more])
    .forEach(function (e) { root.appendChild(e); });
  input.value = params.get("q") || "";
  hint.hidden = !!input.value.trim();      // (on the page's first query, not above its results)
  // on a phone the filters wait below until the first results stand: drawn first, the results pushed
  // them down under the reader's finger (a layout shift)
  filterBox.hidden = narrow && !!input.value.trim();
  sort.value = params.get("sort") === "date" ? "date" : "";

  var pagefind = null;
  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ excerptLength: 60 }).then(function () {
          // a large site's index comes in shards: pagefind/shards.json lists the other bundles
          return fetch(bundle + "shards.json").then(function (r) { return r.ok ? r.json() : []; }, function () { return []; });
        }).then(function (others) {
          return Promise.all(others.map(function (path) {
            return pf.mergeIndex(new URL(path, new URL(bundle, location.href)).pathname, { excerptLength: 60 });
          }));
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function chosen() {
    var f = {};
    filterBox.querySelectorAll("input:checked").forEach(function (c) {
      (f[c.name] = f[c.name] || []).push(c.value);
    });
    return f;
  }
  function drawFilters(all) {
    var wanted = {};
    FILTERS.forEach(function (name) { wanted[name] = params.getAll(name); });
    filterBox.innerHTML = "";
    FILTERS.forEach(function (name, i) {
      var values = Object.keys(all[name] || {}).sort();
      if (name === "年份") values.reverse();
      if (!values.length) return;
      var box = el("fieldset", { "class": "gk-search__filter" });
      box.appendChild(el("legend", {}, name));
      values.forEach(function (value, j) {
        var id = "gk-f" + i + "-" + j;
        var wrap = el("span", { "class": "gk-search__option" });
        var c = el("input", { type: "checkbox", id: id, name: name, value: value });
        c.checked = wanted[name].indexOf(value) >= 0;
        wrap.appendChild(c);
        wrap.appendChild(el("label", { "for": id }, value + "（" + all[name][value] + "）"));
        box.appendChild(wrap);
      });
      filterBox.appendChild(box);
    });
    toFilters.hidden = !filterBox.children.length;
    toResults.hidden = toFilters.hidden || filterBox.hidden;
  }
  function reveal() {      // the filters (and the link back from them) once the results stand
    filterBox.hidden = false;
    toResults.hidden = toFilters.hidden;
  }
  function writeUrl(q, push) {
    // a new query is a new entry of the browser's history (Back returns to the last one); a filter or
    // the order changed is the same search, refined
    var url = new URL(window.location.href);
    url.search = "";
    if (q) url.searchParams.set("q", q);
    if (sort.value) url.searchParams.set("sort", sort.value);
    var f = chosen();
    Object.keys(f).forEach(function (name) { f[name].forEach(function (v) { url.searchParams.append(name, v); }); });
    if (push && url.href !== window.location.href) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }
  window.addEventListener("popstate", function () {       // Back or Forward: the search of that entry
    var p = new URLSearchParams(window.location.search);
    input.value = p.get("q") || "";
    sort.value = p.get("sort") === "date" ? "date" : "";
    filterBox.querySelectorAll("input[type=checkbox]").forEach(function (c) {
      c.checked = p.getAll(c.name).indexOf(c.value) >= 0;
    });
    run();
  });
  clear.addEventListener("click", function () {
    filterBox.querySelectorAll("input:checked").forEach(function (c) { c.checked = false; });
    writeUrl(input.value);
    input.focus();          // (the button goes)
    run();
  });
  function echo(raw) {    // the query as the status repeats it: not 500 characters read aloud
    var q = raw.trim();
    return q.length > 30 ? q.slice(0, 30) + "…" : q;
  }

  // --- results ------------------------------------------------------------------------------------
  function sentence(item, terms) {
    // the whole sentence of the text around the first match, not a window cut mid-phrase
    var text = item.body.replace(/\s+/g, " ");
    var at = -1;
    terms.some(function (t) { at = text.indexOf(t); return at >= 0; });
    if (at < 0) at = 0;     // found in the title or a 发文字号: the text's first sentence
    var start = Math.max(text.lastIndexOf("。", at), text.lastIndexOf("！", at), text.lastIndexOf("？", at),
                         text.lastIndexOf("；", at)) + 1;
    var ends = ["。", "！", "？", "；"].map(function (p) { var i = text.indexOf(p, at); return i < 0 ? text.length : i + 1; });
    var s = text.slice(start, Math.min.apply(null, ends)).trim();
    if (s.length > 160) s = s.slice(Math.max(0, at - start - 60), Math.max(0, at - start - 60) + 160) + "…";
    return s;
  }
  function marked(text, terms) {
    var p = el("p", { "class": "gk-search__excerpt" });
    var parts = [text];
    terms.filter(Boolean).forEach(function (t) {
      parts = parts.reduce(function (out, part) {
        if (typeof part !== "string") { out.push(part); return out; }
        part.split(t).forEach(function (piece, i) { if (i) out.push({ mark: t }); if (piece) out.push(piece); });
        return out;
      }, []);
    });
    parts.forEach(function (part) {
      p.appendChild(typeof part === "string" ? document.createTextNode(part) : el("mark", {}, part.mark));
    });
    return p;
  }
  function show(item, terms) {
    var li = el("li", {});
    var m = item.meta || {};
    li.appendChild(el("a", { href: item.url }, m.title || item.url));
    if (m.effective && m.effective !== "现行有效") {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { "class": "gk-tag gk-tag--inactive" }, m.status || m.effective));
    }
    var facts = [m.type, m.doc_number, m.issuer, m.date].filter(Boolean);
    if (facts.length) li.appendChild(el("p", { "class": "gk-search__meta" }, facts.join("　")));
    var s = sentence(item, terms);
    if (s) li.appendChild(marked(s, terms));
    list.appendChild(li);
  }
  var names = {};      // short name → the full names documents spell (低保 → 最低生活保障): searchwords.py
  try { names = JSON.parse(root.getAttribute("data-names") || "{}") || {}; } catch (e) { names = {}; }
  function rerank(items, query) {
    var wanted = compact(query), number = brackets(wanted);
    var spelled = [wanted].concat(Object.prototype.hasOwnProperty.call(names, wanted) ? names[wanted] : []);
    return items.map(function (item, i) {
      var m = item.meta || {};
      var title = compact(m.title), text = title + compact(item.body);
      var exact = number && (compact(brackets(m.doc_number || "")) === number || compact(m.index_number) === wanted);
      // a 发文字号 match, then a title holding the query (or the full name of a short one: a 低保
      // 办法 spells 最低生活保障), then the text holding it as typed, then documents in force
      var named = spelled.some(function (w) { return w && title.indexOf(w) >= 0; });
      var key = [exact ? 0 : 1, named ? 0 : 1,
                 text.indexOf(wanted) >= 0 ? 0 : 1, isInForce(item) ? 0 : 1, i];
      return { item: item, key: key };
    }).sort(function (a, b) {
      for (var k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k] - b.key[k];
      return 0;
    }).map(function (x) { return x.item; });
  }

  var current = null;
  function run() {
    var raw = input.value, query = cleanQuery(raw);
    list.innerHTML = "";
    more.hidden = true;
    clear.hidden = true;
    if (!raw.trim()) { status.textContent = "请输入要查找的词语或发文字号。"; return; }
    status.textContent = "正在搜索…";
    var options = { filters: {} };
    var f = chosen();
    Object.keys(f).forEach(function (name) { options.filters[name] = { any: f[name] }; });
    if (sort.value === "date") options.sort = { date: "desc" };
    var terms = query.split(" ").filter(function (t) { return t.length > 1 || query.length === 1; });
    var run = current = {};
    load().then(function (pf) {
      // documents holding the query as typed first: a long word whole (a 发文字号 is indexed whole),
      // else as windows; then those holding its words apart
      return pf.search(query, options).then(function (search) {
        var split = windowed(query);
        return search.results.length || split === query ? search : pf.search(split, options);
      }).then(function (exact) {
        var loose = loosened(query), results = exact.results;
        var whole = results.length > 0 && query.indexOf(" ") < 0;     // found as typed, in one piece
        if (loose === query) return { results: results, later: null, whole: whole };
        function later() {       // the documents holding the words apart, after those holding the query
          return pf.search(loose, options).then(function (more) {
            var seen = {};
            results.forEach(function (r) { seen[r.id] = true; });
            return results.concat(more.results.filter(function (r) { return !seen[r.id]; }));
          });
        }
        // a page of results holding the query as typed: the words apart are searched (their index
        // chunks fetched, often more than the query's own) only when the reader gets past them all
        if (results.length >= PAGE) return { results: results, later: later, whole: whole };
        return later().then(function (all) { return { results: all, later: null, whole: whole }; });
      }).then(function (found) {
        var all = loosened(query).split(" ").filter(Boolean);
        if (found.whole || all.length < 2) return found;
        return Promise.all(all.map(function (w) { return pf.search(w, options); })).then(function (each) {
          // Pagefind leaves out a word that no document holds (低保 火星 found the 低保 documents as
          // if 火星 had not been typed): said, not hidden (the words' index chunks are loaded already)
          var nowhere = all.filter(function (w, i) { return !each[i].results.length; });
          if (found.results.length) {
            return nowhere.length === 0 || nowhere.length === all.length ? found :
              { results: found.results, later: found.later, nowhere: true, missing: nowhere.join("、"),
                kept: all.filter(function (w) { return nowhere.indexOf(w) < 0; }).join(" ") };
          }
          // no document holds every word (怎么申请高龄津贴: none says 申请 with the others): one word left
          // out, the most common first (申请, 办理 say least of what is wanted), as long as the others find some
          var order = all.map(function (w, i) { return [each[i].results.length, i]; })
            .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; }).map(function (x) { return x[1]; });
          function without(k) {
            if (k >= order.length) return found;
            var kept = all.filter(function (w, i) { return i !== order[k]; });
            return pf.search(kept.join(" "), options).then(function (some) {
              return some.results.length ? { results: some.results, later: null, kept: kept.join(" "),
                                             missing: all[order[k]] } : without(k + 1);
            });
          }
          return without(0);
        });
      });
    }).then(function (search) {
      if (run !== current) return;
      var results = search.results, later = search.later, loaded = 0, queue = [];
      function fetch(n) {     // the next n results' data, in Pagefind's order
        var slice = results.slice(loaded, loaded + n);
        loaded += slice.length;
        return Promise.all(slice.map(function (r) {
          return r.data().then(function (item) {
            item.body = text(item);
            if (item.meta && item.meta.title) item.meta.title = item.meta.title.replace(END, "");
            return item;
          });
        }));
      }
      function widened() {    // past the last result holding the query: those holding its words apart
        if (queue.length || loaded < results.length || !later) return Promise.resolve();
        var search = later;
        later = null;
        return search().then(function (all) { results = all; });
      }
      function next() {       // ten more rows, from the re-ranked queue first, then from Pagefind
        var ready = queue.length ? Promise.resolve() :
          widened().then(function () { return fetch(PAGE); }).then(function (items) { queue = items; });
        return ready.then(function () {
          if (run !== current) return;
          var first = list.children.length;
          queue.splice(0, PAGE).forEach(function (item) { show(item, terms); });
          more.hidden = !queue.length && loaded >= results.length && !later;
          return first;
        });
      }
      more.onclick = function () {
        next().then(function (first) {
          var row = list.children[first] || list.lastElementChild;    // (the words apart may add none)
          var link = row && row.querySelector("a");
          if (link) link.focus();
          status.textContent = "已显示 " + list.children.length + " 条，共 " + results.length + " 条。";
        });
      };
      // the first ten are re-ranked together (unless sorted by date), then shown ten at a time
      return fetch(RERANK).then(function (items) {
        queue = sort.value === "date" ? items : rerank(items, search.kept || query);
        return next();
      }).then(function () {
        if (run !== current) return;
        reveal();
        var filtered = Object.keys(f).length > 0;
        status.textContent = results.length && search.missing ?
          (search.nowhere ? (filtered ? "在所选的筛选条件下" : "") + "没有含有“" + echo(search.missing) + "”的内容" :
           "没有同时含有“" + echo(search.missing) + "”的内容") +
          "；以下是含有“" + echo(search.kept) + "”的 " + results.length + " 条结果。" :
          results.length ?      // said once the results stand on the page
          "找到 " + results.length + " 条与“" + echo(raw) + "”相关的结果" + (filtered ? "（已按所选条件筛选）。" : "。") :
          filtered ? "在所选的筛选条件下没有找到与“" + echo(raw) + "”相关的内容：可清除筛选条件后再搜索。" :
          "没有找到与“" + echo(raw) + "”相关的内容，请换个词试试。";
        clear.hidden = !(filtered && !results.length);
      });
    }).catch(function () {
      reveal();
      status.textContent = "搜索暂时不可用，请按栏目浏览。";
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    hint.hidden = !!input.value.trim();
    writeUrl(input.value, true);
    run();
  });
  sort.addEventListener("change", function () { writeUrl(input.value); run(); });
  filterBox.addEventListener("change", function () { writeUrl(input.value); run(); });
  // the filters' values and counts come with the page (written by the build), so a first search
  // loads no filter index; Pagefind's own list is the fallback for a page written without them
  var preset = null;
  try { preset = JSON.parse(root.getAttribute("data-filters") || "null"); } catch (e) { preset = null; }
  (preset ? Promise.resolve(preset) : load().then(function (pf) { return pf.filters(); })).then(function (all) {
    drawFilters(all);
    if (input.value) run();
  }).catch(function () { if (input.value) run(); });
})();

/* Gongkai preview only (added by `serve` to the pages it sends; never in the built output):
   reloads the page after a rebuild, shows a failed build's diagnostics over the page. */
(function () {
  "use strict";
  var generation = null;
  var box = null;

  function show(state) {
    if (state.ok) {
      if (box) { box.remove(); box = null; }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "gk-live-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;z-index:2147483647;" +
        "background:#fff;color:#1d1d1d;border-bottom:6px solid #a50e0e;padding:1rem 1.25rem;" +
        "font:1.125rem/1.6 system-ui,sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "内容有错误，网站没有更新（共 " + state.diagnostics.length + " 处）";
    h.style.cssText = "margin:0 0 .5rem;font-size:1.3rem;color:#a50e0e";
    box.appendChild(h);
    var p = document.createElement("p");
    p.textContent = "下面是每处错误的文件、行号和改法。改正并保存后，页面会自动恢复。";
    p.style.margin = "0 0 .5rem";
    box.appendChild(p);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.25rem";
    state.diagnostics.forEach(function (d) {
      var li = document.createElement("li");
      var where = d.file + (d.line ? "，第 " + d.line + " 行" : "");
      li.textContent = "[" + d.code + "] " + where + "：" + d.message;
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function poll() {
    fetch("/__gongkai__/state", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (generation === null) generation = state.generation;
        else if (state.generation !== generation) {
          generation = state.generation;
          if (state.ok) { location.reload(); return; }
        }
        show(state);
      })
      .catch(function () { /* the server restarts: try again */ })
      .then(function () { setTimeout(poll, 400); });
  }
  poll();
})();

// Gongkai's page script. Everything here is an optional help shown only when JavaScript runs:
// without it the standard page is complete. Settings are applied before the first paint by the
// small inline script in <head> (see base.html); this file wires the buttons.
(function () {
  "use strict";
  var KEY = "gongkai-reading";          // localStorage: {care, size, contrast}
  var SIZES = ["标准", "大", "特大"];
  var html = document.documentElement;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(s) {
    try { window.localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode: this page only */ }
  }
  function apply(s) {
    html.classList.toggle("gk-care", !!s.care);
    html.classList.toggle("gk-contrast", !!s.contrast);
    html.classList.remove("gk-size-1", "gk-size-2");
    if (s.size > 0) html.classList.add("gk-size-" + s.size);
  }

  // --- toolbar: 关怀版, 字号, 高对比 --------------------------------------------------------
  var bar = document.querySelector('[data-module="gk-toolbar"]');
  if (bar) {
    var state = load();
    var show = function () {
      bar.querySelectorAll("[data-toggle]").forEach(function (b) {
        b.setAttribute("aria-pressed", state[b.getAttribute("data-toggle")] ? "true" : "false");
      });
      bar.querySelectorAll("[data-size]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(Number(b.getAttribute("data-size")) === (state.size || 0)));
      });
    };
    bar.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      if (b.hasAttribute("data-toggle")) state[b.getAttribute("data-toggle")] = !state[b.getAttribute("data-toggle")];
      if (b.hasAttribute("data-size")) state.size = Number(b.getAttribute("data-size"));
      apply(state); save(state); show();
    });
    show();
    bar.hidden = false;
  }

  // --- the navigation row on a phone: an item the keyboard reaches is seen whole ------------------
  // (the row scrolls sideways under a fade at its right edge; the browser's own scroll on focus left
  // an item partly visible, or under the fade, as it is)
  var navList = document.querySelector(".gk-nav ul");
  if (navList) {
    navList.addEventListener("focusin", function (e) {
      var nav = navList.closest(".gk-nav");
      var fade = parseFloat(window.getComputedStyle(nav, "::after").width) || 0;
      var box = navList.getBoundingClientRect(), r = e.target.getBoundingClientRect();
      if (r.left < box.left) navList.scrollLeft -= box.left - r.left;
      else if (r.right > box.right - fade) navList.scrollLeft += r.right - (box.right - fade);
    });
  }

  // --- print ---------------------------------------------------------------------------------
  var actions = document.querySelector('[data-module="gk-actions"]');
  if (actions && typeof window.print === "function") {
    actions.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-action]");
      if (b && b.getAttribute("data-action") === "print") window.print();
    });
    actions.hidden = false;
  }
  // on paper a link's address is the whole URL (the print styles show it after the link)
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".gk-document__body a[href], .gk-related a[href], .gk-attachments a[href], .gk-banner a[href]")
      .forEach(function (a) { a.setAttribute("data-print-href", a.href); });
  });

  // --- 朗读: the title and the text, sentence by sentence, in the browser's zh-CN voice ----------
  var reader = document.querySelector('[data-module="gk-read-aloud"]');
  var synth = window.speechSynthesis;
  if (!reader || !synth || typeof window.SpeechSynthesisUtterance !== "function") return;
  var status = reader.querySelector("[data-status]");
  var buttons = {};
  reader.querySelectorAll("button[data-read]").forEach(function (b) { buttons[b.getAttribute("data-read")] = b; });
  var sentences = [], current = -1, paused = false, voice = null;

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    return voices.filter(function (v) { return /^zh(-|_)?(CN|Hans)?/i.test(v.lang); })[0] || null;
  }
  function sentencesOf(roots) {
    // Ranges over the text nodes, cut after 。！？；… and at block ends: no change to the page's DOM.
    var out = [];
    roots.forEach(function (root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      var node, last = null, start = null, text = "";
      var lastCell = null;  // the cell of the last sentence: only a cell's first one is given its header
      function close(endNode, endOffset) {
        if (start && text.trim()) {
          var r = document.createRange();
          r.setStart(start.node, start.offset);
          r.setEnd(endNode, endOffset);
          var cell = start.node.parentElement.closest("td"), header = null;
          if (cell && cell !== lastCell) header = headerOf(cell);
          lastCell = cell;
          out.push({ range: r, text: (header ? header + "：" : "") + text.trim() });
        }
        start = null; text = "";
      }
      while ((node = walker.nextNode())) {
        var value = node.nodeValue;
        last = node;
        for (var i = 0; i < value.length; i++) {
          if (!start && /\s/.test(value[i])) continue;
          if (!start) start = { node: node, offset: i };
          text += value[i];
          // (an ASCII ! or ? ends a sentence only before a space: not the ? of a URL's query)
          if ("。！？；".indexOf(value[i]) >= 0 || ("!?".indexOf(value[i]) >= 0 && !/\S/.test(value[i + 1] || " ")))
            close(node, i + 1);
        }
        if (start && endsBlock(node)) close(node, value.length);
      }
      if (last) close(last, last.nodeValue.length);
    });
    return out;
  }
  function headerOf(cell) {
    // a table cell is read after its column's header (补贴标准：每人每月300元), not a bare value
    var table = cell.closest("table"), row = cell.parentElement, column = 0;
    if (!table || !table.rows.length || table.rows[0] === row) return null;
    for (var c = row.firstElementChild; c && c !== cell; c = c.nextElementSibling) column += c.colSpan || 1;
    var head = table.tHead && table.tHead.rows.length ? table.tHead.rows[table.tHead.rows.length - 1] : table.rows[0];
    for (var h = head.firstElementChild, at = 0; h; at += h.colSpan || 1, h = h.nextElementSibling) {
      if (at + (h.colSpan || 1) > column) {
        var name = h.tagName === "TH" ? h.textContent.replace(/\s+/g, " ").trim() : "";
        return name && name !== cell.textContent.trim() ? name : null;
      }
    }
    return null;
  }
  function endsBlock(node) {
    // the text node is the last of its paragraph (or item, heading, cell): not merely of a <strong> or
    // a link inside it, where the sentence goes on ("第一条" of **第一条** is not a sentence)
    for (var n = node; n && !n.nextSibling; n = n.parentElement) {
      var parent = n.parentElement;
      if (parent && parent.matches("p, li, h1, h2, h3, h4, td, th, dd, caption")) return true;
    }
    return false;
  }
  function highlight(s) {
    if (!window.CSS || !CSS.highlights || typeof window.Highlight !== "function") return;
    if (s) CSS.highlights.set("gk-reading", new Highlight(s.range)); else CSS.highlights.delete("gk-reading");
  }
  function say(text) { status.textContent = text; }
  function controls(playing) {
    buttons.start.hidden = playing;
    buttons.pause.hidden = !playing;
    buttons.stop.hidden = !playing;
    buttons.pause.textContent = paused ? "继续" : "暂停";
    buttons.pause.setAttribute("aria-pressed", String(paused));
  }
  function speak(i) {
    if (i >= sentences.length) { stop("朗读完毕"); return; }
    current = i;
    var u = new SpeechSynthesisUtterance(sentences[i].text);
    u.lang = "zh-CN";
    if (voice) u.voice = voice;
    u.onend = function () { if (current === i && !paused) speak(i + 1); };
    highlight(sentences[i]);
    synth.speak(u);
  }
  function stop(message) {
    var focused = reader.contains(document.activeElement);      // on 暂停 or 停止朗读, about to be hidden
    current = -1; paused = false;
    synth.cancel();
    highlight(null);
    controls(false);
    if (focused) buttons.start.focus();
    say(message || "已停止朗读");
  }
  reader.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-read]");
    if (!b) return;
    var what = b.getAttribute("data-read");
    if (what === "start") {
      // the title, whether the document is no longer in force (a listener must hear 已废止 before the
      // amounts), then the text
      sentences = sentencesOf([document.querySelector("h1"), document.querySelector(".gk-banner--repealed, .gk-banner--expired"),
                               document.querySelector(".gk-document__body")].filter(Boolean));
      paused = false;
      synth.cancel();
      controls(true);
      say("正在朗读，共 " + sentences.length + " 句");
      speak(0);
      buttons.pause.focus();
    } else if (what === "pause") {
      paused = !paused;
      if (paused) { synth.pause(); say("已暂停"); } else { synth.resume(); say("继续朗读"); }
      controls(true);
    } else if (what === "stop") {
      stop();
      buttons.start.focus();
    }
  });
  function offer() {
    voice = chineseVoice();
    reader.hidden = !voice;     // no Chinese voice: no button that would read nothing or mangle the text
  }
  offer();
  if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", offer);
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();

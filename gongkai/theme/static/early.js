/* The reader's choices (关怀版, contrast, text size) applied before the page is painted, so a senior
   never sees the small page flash first. Loaded without defer in <head>: the Content-Security-Policy
   allows no inline script. gongkai.js keeps the same key. */
document.documentElement.classList.add("gk-js");     // (gongkai.css shows the controls its scripts wire)
try {
  var s = JSON.parse(localStorage.getItem("gongkai-reading")) || {}, c = document.documentElement.classList;
  s.care && c.add("gk-care");
  s.contrast && c.add("gk-contrast");
  s.size > 0 && c.add("gk-size-" + s.size);
} catch (e) {}

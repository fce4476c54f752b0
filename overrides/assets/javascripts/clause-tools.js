// The site's script (build_scripts/render/related.py says what the page gives it). Per clause: copy link and copy
// citation, built from the page's one #clause-kit (citations rendered by CSL at build time, with slots for the
// clause's label and address and a placeholder access date); the related clauses, loaded from one data file by a
// <script> on the first open (fetch fails from file://) and built with textContent only. And the edition switch.
(function () {
  "use strict";
  // The access date as the styles print it (cite.ACCESSED_FORMS: GB/T 7714, and the zh-CN/zh-TW CSL locales).
  var ACCESSED = ["9999-12-31", "9999\u5e7412\u670831\u65e5"], URL_SLOT = "https://url.invalid/", LABEL_SLOT = "\ue002";
  var node = document.getElementById("clause-kit"), kit = node && JSON.parse(node.textContent);
  var config = document.getElementById("__config");
  var root = (config ? JSON.parse(config.textContent).base : ".") + "/";
  var data = null, waiting = [];

  function el(tag, cls, text, attrs) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }
  function published() {
    var meta = document.querySelector('meta[name="published-url"]');
    return meta ? meta.getAttribute("content") : "";
  }
  function clauseUrl(anchor) {  // the published address where known, never file://
    return (kit.url || published() || location.href.split("#")[0].split("?")[0]) + "#" + anchor;
  }
  function citation(key, anchor) {
    var style = kit.styles.filter(function (s) { return s[0] === key; })[0];
    var text = style[3][anchor] || style[2].split(LABEL_SLOT).join(document.getElementById(anchor).textContent.trim());
    var d = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var now = [d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()),
      d.getFullYear() + "\u5e74" + (d.getMonth() + 1) + "\u6708" + d.getDate() + "\u65e5"];  // 2026年1月9日
    return text.split(ACCESSED[0]).join(now[0]).split(ACCESSED[1]).join(now[1]).split(URL_SLOT).join(clauseUrl(anchor));
  }
  function fallbackCopy(text) {
    var area = el("textarea", "", "", { readonly: "", style: "position:fixed;opacity:0" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }
  function named(word, label) { return word.split("%s").join(label); }  // the kit's words hold %s for the label
  // One toolbar per clause, one tab stop: the arrow keys, Home and End move between its buttons (roving tabindex),
  // and Tab goes on to the next clause. Each button's spoken name names its clause (复制第七条的链接), its visible
  // text (链接, 引用 GB/T 7714) within it.
  function tools(anchor, label) {
    var w = kit.words, box = el("div", "clause-tools", "",
      { "data-anchor": anchor, role: "toolbar", "aria-label": named(w.tools, label) });
    box.appendChild(el("span", "clause-tool-label", w.copy, { "aria-hidden": "true" }));
    box.appendChild(el("button", "clause-tool", w.link,
      { type: "button", "data-copy": "link", "aria-label": named(w.copy_link, label) }));
    kit.styles.forEach(function (s) {
      box.appendChild(el("button", "clause-tool", w.cite + " " + s[1], { type: "button", "data-copy": "citation",
        "data-style": s[0], "aria-label": named(w.copy_cite, label) + " " + s[1], tabindex: "-1" }));
    });
    box.appendChild(el("span", "clause-tool-status", "", { role: "status", "aria-live": "polite" }));
    return box;
  }
  var MOVES = { ArrowRight: 1, ArrowLeft: -1 };  // a horizontal toolbar: Up and Down still scroll the page
  function rove(event) {
    var box = event.target.closest && event.target.closest(".clause-tools");
    if (!box || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var buttons = Array.prototype.slice.call(box.querySelectorAll("button")), at = buttons.indexOf(event.target);
    if (at < 0) return;
    var next = event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1
      : MOVES[event.key] ? (at + MOVES[event.key] + buttons.length) % buttons.length : -1;
    if (next < 0) return;
    event.preventDefault();
    buttons[next].focus();
  }
  function roved(event) {  // the button last focused, by arrow, click or script, is the toolbar's tab stop
    var box = event.target.closest && event.target.closest(".clause-tools");
    if (!box || event.target.tagName !== "BUTTON") return;
    box.querySelectorAll("button").forEach(function (b) { b.tabIndex = b === event.target ? 0 : -1; });
  }
  function link(path, text) {  // data addresses are relative to the edition's root; file:// needs index.html
    var url = root + path;
    return el("a", "", text, { href: location.protocol === "file:" ? url.replace(/\/(#|$)/, "/index.html$1") : url });
  }
  function panel(entries) {
    var w = kit.words, box = el("div", "clause-aids__panel");
    if (entries.t.length) {
      var p = box.appendChild(el("p", "clause-topics", w.topics));
      entries.t.forEach(function (t, i) { if (i) p.append("、"); p.appendChild(link(t[0], t[1])); });
    }
    if (entries.r.length) {
      box.appendChild(el("p", "see-also-title", w.related));
      var list = box.appendChild(el("ul"));
      entries.r.forEach(function (r) {  // [address, date and label, excerpt, shared topics, shared wording, compare]
        var li = list.appendChild(el("li")), notes = [];
        li.append(link(r[0], r[1]), "：" + r[2]);
        if (r[3].length) notes.push(w.shared_topics + r[3].join("、"));
        if (r[4]) notes.push(w.wording + "“" + r[4] + "”");
        var small = el("small", "", notes.join("；"));
        if (r[5]) small.append(notes.length ? " · " : "", link(r[5], w.compare));
        if (small.childNodes.length) li.append(el("br"), small);
      });
    }
    return box;
  }
  window.clauseRelated = function (d) { data = d; waiting.splice(0).forEach(function (f) { f(true); }); };
  function withData(f) {
    if (data) return f(true);
    if (waiting.push(f) > 1) return;
    var script = el("script", "", "", { src: root + kit.data });
    script.onerror = function () { script.remove(); waiting.splice(0).forEach(function (g) { g(false); }); };
    document.head.appendChild(script);
  }
  function toggle(button) {
    var box = button.parentNode, open = button.getAttribute("aria-expanded") === "true";
    var shown = box.querySelector(".clause-aids__panel");
    if (shown) {
      button.setAttribute("aria-expanded", String(!open));
      shown.hidden = open;
    } else if (!box.hasAttribute("aria-busy")) {
      box.setAttribute("aria-busy", "true");
      withData(function (ok) {
        var anchor = box.getAttribute("data-anchor");
        var made = ok ? panel(data[anchor] || { t: [], r: [] }) : el("p", "clause-aids__panel", kit.words.load_failed, { role: "status" });
        box.removeAttribute("aria-busy");
        made.id = "aids-" + anchor;
        button.setAttribute("aria-controls", made.id);
        button.setAttribute("aria-expanded", "true");
        box.appendChild(made);
        if (!ok) setTimeout(function () { made.remove(); button.setAttribute("aria-expanded", "false"); }, 4000);
      });
    }
  }
  if (kit) {
    document.querySelectorAll(".md-typeset .clause-label[id]").forEach(function (label) {
      var text = label.nextElementSibling, aids = text && text.nextElementSibling;
      if (!text) return;
      var name = label.textContent.trim();
      if (aids && aids.classList.contains("clause-aids")) {  // its counts become a button, named with the clause
        var button = el("button", "", aids.textContent,
          { type: "button", "aria-expanded": "false", "aria-label": named(kit.words.aids, name) + aids.textContent });
        aids.textContent = "";
        aids.setAttribute("data-anchor", label.id);
        aids.appendChild(button);
      }
      text.after(tools(label.id, name));
    });
    document.addEventListener("keydown", rove);
    document.addEventListener("focusin", roved);
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button"), box = button && button.parentNode;
      if (!box) return;
      if (box.classList.contains("clause-aids")) return toggle(button);
      if (!box.classList.contains("clause-tools")) return;
      var anchor = box.getAttribute("data-anchor"), status = box.querySelector(".clause-tool-status");
      var text = button.getAttribute("data-copy") === "citation" ? citation(button.getAttribute("data-style"), anchor)
        : clauseUrl(anchor);
      copy(text).then(function () { status.textContent = kit.words.done; },
        function () { status.textContent = kit.words.failed + "：" + text; });
      setTimeout(function () { status.textContent = ""; }, 4000);
    });
  }
  // Printed link targets: the full published address, not a relative path.
  var page = published() || location.href.split("#")[0];
  document.querySelectorAll(".md-typeset a[href]").forEach(function (a) {
    var target = a.getAttribute("href");
    if (target.charAt(0) === "#" && !published()) return;
    try { a.setAttribute("data-print-href", new URL(target, page).href.replace(/index\.html(#|$)/, "$1")); } catch (e) {}
  });
  // The edition switch links to the same page in the other edition; add the place the reader is at, which has the
  // same id in every edition: the clause or heading nearest the top once the page is scrolled (a statement's clause
  // labels, a topic page's clauses, any page's headings), else the URL's #anchor. A fragment that names no element
  // (the compare view's pair) is the page's state, not a place: it is kept. Material's handler on <body> would drop
  // the fragment: the click stops here, in capture.
  var PLACES = ["h2[id]", "h3[id]", "h4[id]", "h5[id]", "h6[id]", ".clause-label[id]", ".topic-clause-label[id]"]
    .map(function (s) { return ".md-content " + s; }).join(", ");
  function byId(hash) {
    try { return hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null; }
    catch (e) { return null; }
  }
  function place() {
    var hash = location.hash, target = byId(hash);
    if (hash && !target) return hash;
    if (window.scrollY < 40) return hash;
    if (target) {  // still in view: the reader is where the link took them (a clause near the page's end included)
      var at = target.getBoundingClientRect();
      var end = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;  // cannot go further
      if (at.bottom > 0 && (at.top < window.innerHeight / 2 || (end && at.top < window.innerHeight))) return hash;
    }
    var header = document.querySelector(".md-header"), top = (header ? header.getBoundingClientRect().bottom : 0) + 48;
    var found = "", places = document.querySelectorAll(PLACES);
    for (var i = 0; i < places.length; i++) {
      if (!places[i].getClientRects().length) continue;  // hidden: not a place on screen
      if (places[i].getBoundingClientRect().top <= top) found = places[i].id;
      else { found = found || places[i].id; break; }
    }
    return found ? "#" + found : hash;
  }
  function withHash(a) { a.href = a.href.split("#")[0] + place(); }
  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a[data-edition-switch]");
    if (a) { withHash(a); event.stopPropagation(); }
  }, true);
  function update() { document.querySelectorAll("a[data-edition-switch]").forEach(withHash); }
  var queued = false;  // the link's address follows the reader (copied, opened in a new tab, read by a screen reader)
  window.addEventListener("scroll", function () {
    if (queued) return;
    queued = true;
    setTimeout(function () { queued = false; update(); }, 150);
  }, { passive: true });
  window.addEventListener("hashchange", update);
  update();
})();

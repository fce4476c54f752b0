// The site's one script (search-script.js aside, which loads with search).
// 1. Under every clause: copy link and copy citation, built here from the page's one clause kit
//    (build_scripts/related.py) rather than repeated in the HTML. A citation was rendered at build time
//    by a CSL processor (build_scripts/cite.py) with slots for the clause's label and address; here they
//    are filled, and the reader's date takes the place of the build's placeholder access date.
//    Addresses are the published ones where known (also in the offline zip), never file://.
// 2. "相关条款 n · 话题 m": the lists come from statements/<slug>/related.js, injected as a <script> when
//    the reader first opens one (fetch fails from file://), and are built with textContent only.
// 3. The edition switch keeps the reader on the same clause.
(function () {
  "use strict";
  var ACCESSED = { iso: "9999-12-31", en: "December 31, 9999" };
  var URL_SLOT = "https://url.invalid/", LABEL_SLOT = "\ue002";
  var kitNode = document.getElementById("clause-kit");
  var kit = kitNode ? JSON.parse(kitNode.textContent) : null;
  var config = document.getElementById("__config");
  var root = (config ? JSON.parse(config.textContent).base : ".") + "/";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function published() {
    var meta = document.querySelector('meta[name="published-url"]');
    return meta ? meta.getAttribute("content") : "";
  }
  function clauseUrl(anchor) {
    return (kit.url || published() || location.href.split("#")[0].split("?")[0]) + "#" + anchor;
  }
  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return {
      iso: d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()),
      en: d.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" })
    };
  }
  function citation(key, anchor) {
    var style = kit.styles.filter(function (s) { return s[0] === key; })[0];
    var label = document.getElementById(anchor).textContent.trim();
    var text = style[3][anchor] || style[2].split(LABEL_SLOT).join(label);
    var now = today();
    return text.split(ACCESSED.iso).join(now.iso).split(ACCESSED.en).join(now.en).split(URL_SLOT).join(clauseUrl(anchor));
  }
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
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
  function copyButton(kind, style, text, label) {
    var b = el("button", "clause-tool", text);
    b.type = "button";
    b.setAttribute("data-copy", kind);
    if (style) b.setAttribute("data-style", style);
    b.setAttribute("aria-label", label);
    return b;
  }
  function tools(anchor) {
    var w = kit.words, box = el("div", "clause-tools");
    box.setAttribute("data-anchor", anchor);
    box.appendChild(el("span", "clause-tool-label", w.copy)).setAttribute("aria-hidden", "true");
    box.appendChild(copyButton("link", "", w.link, w.copy_link));
    kit.styles.forEach(function (s) {
      box.appendChild(copyButton("citation", s[0], w.cite + " " + s[1], w.copy_cite + " " + s[1]));
    });
    var status = box.appendChild(el("span", "clause-tool-status"));
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    return box;
  }

  // Addresses in the data are relative to the edition's root; from file:// a directory needs its index.html.
  function href(path) {
    var url = root + path;
    return location.protocol === "file:" ? url.replace(/\/(#|$)/, "/index.html$1") : url;
  }
  function link(path, text) {
    var a = el("a", "", text);
    a.href = href(path);
    return a;
  }
  function panel(entries) {
    var w = kit.words, box = el("div", "clause-aids__panel");
    if (entries.t.length) {
      var p = box.appendChild(el("p", "clause-topics", w.topics));
      entries.t.forEach(function (t, i) { if (i) p.appendChild(document.createTextNode("、")); p.appendChild(link(t[0], t[1])); });
    }
    if (entries.r.length) {
      box.appendChild(el("p", "see-also-title", w.related));
      var list = box.appendChild(el("ul"));
      entries.r.forEach(function (r) {
        var li = list.appendChild(el("li"));
        li.appendChild(link(r[0], r[1]));
        li.appendChild(document.createTextNode("：" + r[2]));
        var notes = [];
        if (r[3].length) notes.push(w.shared_topics + r[3].join("、"));
        if (r[4]) notes.push(w.wording + "“" + r[4] + "”");
        var small = el("small", "", notes.join("；"));
        if (r[5]) {
          if (notes.length) small.appendChild(document.createTextNode(" · "));
          small.appendChild(link(r[5], w.compare));
        }
        if (small.childNodes.length) { li.appendChild(el("br")); li.appendChild(small); }
      });
    }
    return box;
  }
  var data = null, waiting = [];
  window.clauseRelated = function (d) {
    data = d;
    waiting.splice(0).forEach(function (f) { f(true); });
  };
  function withData(f) {
    if (data) return f(true);
    waiting.push(f);
    if (waiting.length > 1) return;
    var script = document.createElement("script");
    script.src = root + kit.data;
    script.onerror = function () { document.head.removeChild(script); waiting.splice(0).forEach(function (g) { g(false); }); };
    document.head.appendChild(script);
  }
  function toggle(button) {
    var box = button.parentNode, open = button.getAttribute("aria-expanded") === "true";
    var shown = box.querySelector(".clause-aids__panel");
    if (open || shown) {
      button.setAttribute("aria-expanded", String(!open));
      if (shown) shown.hidden = open;
      return;
    }
    if (box.getAttribute("aria-busy")) return;
    box.setAttribute("aria-busy", "true");
    withData(function (ok) {
      box.removeAttribute("aria-busy");
      var anchor = box.getAttribute("data-anchor");
      var made = ok ? panel(data[anchor] || { t: [], r: [] }) : el("p", "clause-aids__panel", kit.words.load_failed);
      made.id = "aids-" + anchor;
      if (!ok) made.setAttribute("role", "status");
      button.setAttribute("aria-controls", made.id);
      box.appendChild(made);
      button.setAttribute("aria-expanded", "true");
      if (!ok) window.setTimeout(function () { box.removeChild(made); button.setAttribute("aria-expanded", "false"); }, 4000);
    });
  }

  if (kit) {
    document.querySelectorAll(".md-typeset .clause-label[id]").forEach(function (label) {
      var text = label.nextElementSibling, aids = text && text.nextElementSibling;
      if (aids && aids.classList.contains("clause-aids")) {
        var b = el("button", "", aids.textContent);
        b.type = "button";
        b.setAttribute("aria-expanded", "false");
        aids.textContent = "";
        aids.appendChild(b).parentNode.setAttribute("data-anchor", label.id);
      }
      if (text) text.parentNode.insertBefore(tools(label.id), text.nextSibling);
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button || !kit) return;
    if (button.parentNode.classList.contains("clause-aids")) return toggle(button);
    var box = button.closest(".clause-tools");
    if (!box || !button.hasAttribute("data-copy")) return;
    var anchor = box.getAttribute("data-anchor"), status = box.querySelector(".clause-tool-status");
    var text = button.getAttribute("data-copy") === "citation" ? citation(button.getAttribute("data-style"), anchor)
      : clauseUrl(anchor);
    copy(text).then(function () {
      status.textContent = kit.words.done;
    }, function () {
      status.textContent = kit.words.failed + "：" + text;
    });
    window.setTimeout(function () { status.textContent = ""; }, 4000);
  });
  // Printed link targets: the full published address, not a relative path.
  var page = published() || location.href.split("#")[0];
  document.querySelectorAll(".md-typeset a[href]").forEach(function (a) {
    var target = a.getAttribute("href");
    if (target.charAt(0) === "#" && !published()) return;
    try { a.setAttribute("data-print-href", new URL(target, page).href.replace(/index\.html(#|$)/, "$1")); } catch (e) {}
  });

  // The edition switch: its links point at the same page in the other edition; this adds the #anchor the reader
  // is at (the URL's own, or else the clause nearest the top of the viewport). Material's own handler (on <body>)
  // would drop the anchor, so the click stops here, in the capture phase on document.
  var LABELS = ".md-typeset .clause-label[id], .md-typeset .section-heading[id]";
  function nearestClause() {
    if (window.scrollY < 40) return "";
    var header = document.querySelector(".md-header");
    var top = (header ? header.getBoundingClientRect().bottom : 0) + 8;
    var found = "";
    var labels = document.querySelectorAll(LABELS);
    for (var i = 0; i < labels.length; i++) {
      var rect = labels[i].getBoundingClientRect();
      if (rect.top <= top + 40) found = labels[i].id;
      else { if (!found) found = labels[i].id; break; }
    }
    return found ? "#" + found : "";
  }
  function withHash(a) {
    a.href = a.href.split("#")[0] + (location.hash || nearestClause());
  }
  function update() {
    document.querySelectorAll("a[data-edition-switch]").forEach(withHash);
  }
  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a[data-edition-switch]");
    if (!a) return;
    withHash(a);
    event.stopPropagation();
  }, true);
  window.addEventListener("hashchange", update);
  update();
})();

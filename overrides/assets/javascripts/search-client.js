// The site's search client, loaded by search-script.js when the reader first opens search, with the
// edition's index (window.__siteSearchIndex, written by build_scripts/search_index.py): one document per
// clause, with its statement, label and text, the words the index was cut into, the alias groups of
// source/aliases.toml and a character map from the other editions' scripts into this one.
//
// A query is split at spaces and punctuation into terms. A clause matches when it holds every term as
// typed, in this edition's script, or with an alias term inside it replaced by another of its group
// (南盟 → 南亚区域合作联盟). A term that matches nowhere is cut into the index's words and the clause must
// hold each of them (巴基斯坦反恐 → 巴基斯坦 + 反恐); those clauses come after the ones that hold the terms
// themselves. Results are clauses, newest statement first; the snippet marks the hits.
//
// The engine (SiteSearch) has no DOM dependency: tests/test_search.py runs it under Node as well.
(function (root) {
  "use strict";
  var ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
  var SEPARATOR = /[\s\u3000,.;:!?，。、；：？！“”‘’"'（）()《》〈〉【】[\]「」『』…—]+/;  // not ·: 伊姆兰·汗
  var LIMIT = 100;  // results shown at once; "more" shows the next ones

  function lowerAscii(s) {
    return s.replace(/[A-Z]+/g, function (m) { return m.toLowerCase(); });
  }
  function unique(list) {
    var seen = new Set();
    return list.filter(function (x) { return x && !seen.has(x) && seen.add(x); });
  }

  function SiteSearch(index) {
    this.map = index.map || {};
    this.words = new Set(index.words.map(lowerAscii));
    this.longest = index.words.reduce(function (n, w) { return Math.max(n, w.length); }, 1);
    this.groups = index.aliases.map(function (g) { return g.map(lowerAscii); });
    var newest = index.statements.map(function (s, i) { return i; })
      .sort(function (a, b) { return index.statements[b][0] < index.statements[a][0] ? -1 : 1; });
    var rank = {};
    newest.forEach(function (s, r) { rank[s] = r; });
    this.docs = index.docs.map(function (d, i) {
      var s = index.statements[d[0]];
      return { order: rank[d[0]] * 1e6 + i, slug: s[0], date: s[1], place: s[2], title: s[3],
               anchor: d[1], label: d[2], text: d[3], hay: lowerAscii(d[3]) };
    });
    this.docs.sort(function (a, b) { return a.order - b.order; });
  }

  SiteSearch.prototype.toScript = function (text) {
    var out = "";
    for (var ch of text) out += this.map[ch] || ch;
    return out;
  };

  // The term as typed and in this edition's script, each with any alias term in it replaced by the others.
  SiteSearch.prototype.variants = function (term) {
    var base = unique([term, this.toScript(term)]);
    var out = base.slice();
    this.groups.forEach(function (group) {
      base.forEach(function (t) {
        group.forEach(function (member) {
          if (t.indexOf(member) < 0) return;
          group.forEach(function (other) { if (other !== member) out.push(t.split(member).join(other)); });
        });
      });
    });
    return unique(out);
  };

  // A Han run cut into the index's words, longest first; what is no word stays a single character.
  SiteSearch.prototype.cut = function (run) {
    var out = [];
    for (var i = 0; i < run.length;) {
      var j = Math.min(run.length, i + this.longest);
      while (j > i + 1 && !this.words.has(run.slice(i, j))) j--;
      out.push(run.slice(i, j));
      i = j;
    }
    return out;
  };

  SiteSearch.prototype.terms = function (query) {
    return lowerAscii(String(query).replace(ZERO_WIDTH, "")).split(SEPARATOR).filter(Boolean);
  };

  function holdsAll(doc, alternatives) {
    var hits = [];
    for (var k = 0; k < alternatives.length; k++) {
      var found = alternatives[k].filter(function (v) { return doc.hay.indexOf(v) >= 0; });
      if (!found.length) return null;
      hits = hits.concat(found);
    }
    return hits;
  }

  // [{doc, hits}] for the query: clauses holding every term first, then those holding every word of them.
  SiteSearch.prototype.search = function (query) {
    var self = this;
    var terms = this.terms(query);
    if (!terms.length) return [];
    var exact = terms.map(function (t) { return self.variants(t); });
    var words = [];
    terms.forEach(function (t) {
      var cut = self.toScript(t).split(/([\p{Script=Han}]+)/u).filter(Boolean);
      cut.forEach(function (part) {
        (/\p{Script=Han}/u.test(part) ? self.cut(part) : [part]).forEach(function (w) { words.push(self.variants(w)); });
      });
    });
    var first = [], then = [];
    this.docs.forEach(function (doc) {
      var hits = holdsAll(doc, exact);
      if (hits) first.push({ doc: doc, hits: hits });
      else if (words.length > exact.length && (hits = holdsAll(doc, words))) then.push({ doc: doc, hits: hits });
    });
    return first.concat(then);
  };

  // The text around the first hit, as [text, marked] pieces: no markup, so nothing in a clause can inject any.
  SiteSearch.prototype.snippet = function (doc, hits, width) {
    width = width || 80;
    var spans = [];
    hits.forEach(function (h) {
      for (var at = doc.hay.indexOf(h); at >= 0; at = doc.hay.indexOf(h, at + 1)) spans.push([at, at + h.length]);
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var start = spans.length ? Math.max(0, spans[0][0] - 20) : 0;
    var end = Math.min(doc.text.length, start + width);
    var pieces = [], at = start;
    spans.forEach(function (s) {
      var a = Math.max(s[0], at), b = Math.min(s[1], end);
      if (b <= a) return;
      if (a > at) pieces.push([doc.text.slice(at, a), false]);
      pieces.push([doc.text.slice(a, b), true]);
      at = b;
    });
    if (at < end) pieces.push([doc.text.slice(at, end), false]);
    if (start > 0) pieces.unshift(["…", false]);
    if (end < doc.text.length) pieces.push(["…", false]);
    return pieces;
  };

  function href(dialog, doc) {
    var base = (dialog.dataset.base || ".").replace(/\/$/, "");
    // From file:// (the offline zip keeps the published paths) a directory opens a listing: name its page.
    var dir = location.protocol === "file:" ? doc.slug + "/index.html" : doc.slug + "/";
    var page = dialog.dataset.directoryUrls === "true" ? dir : doc.slug + ".html";
    return base + "/statements/" + page + "#" + doc.anchor;
  }

  function item(dialog, engine, result) {
    var doc = result.doc;
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "site-search__result";
    a.href = href(dialog, doc);
    var meta = document.createElement("span");
    meta.className = "site-search__meta";
    meta.textContent = doc.label + " · " + doc.date + " " + doc.place;
    var text = document.createElement("span");
    text.className = "site-search__snippet";
    engine.snippet(doc, result.hits).forEach(function (piece) {
      var node = piece[1] ? document.createElement("mark") : document.createTextNode(piece[0]);
      if (piece[1]) node.textContent = piece[0];
      text.appendChild(node);
    });
    a.appendChild(meta);
    a.appendChild(text);
    li.appendChild(a);
    return li;
  }

  function attach(dialog, index) {
    var engine = new SiteSearch(index);
    var input = dialog.querySelector(".site-search__input");
    var status = dialog.querySelector(".site-search__status");
    var list = dialog.querySelector(".site-search__results");
    var results = [], shown = 0, composing = false, last = null;

    function count(n) {
      if (!n) return dialog.dataset.none;
      return n === 1 ? dialog.dataset.one : dialog.dataset.other.replace("#", String(n));
    }
    function more() {
      var old = list.querySelector(".site-search__more");
      if (old) old.parentNode.removeChild(old);
      var next = results.slice(shown, shown + LIMIT);
      next.forEach(function (r) { list.appendChild(item(dialog, engine, r)); });
      shown += next.length;
      if (shown < results.length) {
        var li = document.createElement("li");
        li.className = "site-search__more";
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = dialog.dataset.more;
        button.addEventListener("click", function () {
          var at = shown;
          more();
          var link = list.querySelectorAll("a")[at];
          if (link) link.focus();
        });
        li.appendChild(button);
        list.appendChild(li);
      }
    }
    function run() {
      if (composing) return;  // an IME is still composing: search when it commits
      var query = input.value;
      if (query === last) return;
      last = query;
      list.textContent = "";
      shown = 0;
      results = engine.terms(query).length ? engine.search(query) : [];
      status.textContent = engine.terms(query).length ? count(results.length) : dialog.dataset.placeholder;
      more();
      dialog.dataset.query = query;  // which query the list shows (the tests wait on it)
    }
    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a, button"));
    }

    // Typing, pasting, dropping and an IME's commit all end in an input event (or compositionend).
    input.addEventListener("input", function (event) { if (!event.isComposing) run(); });
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; run(); });
    dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();  // Enter follows the first result
      var first = list.querySelector("a");
      if (first) first.click();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var all = links();
      if (!all.length) return;
      var at = all.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      event.preventDefault();
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    });
    list.addEventListener("click", function (event) {
      var a = event.target.closest && event.target.closest("a");
      if (a && a.pathname === location.pathname) dialog.close();  // same page: the browser only scrolls
    });
    last = null;
    run();
    return engine;
  }

  root.SiteSearch = SiteSearch;
  root.__siteSearch = { attach: attach, SiteSearch: SiteSearch };
  if (typeof module !== "undefined" && module.exports) module.exports = SiteSearch;
})(typeof window !== "undefined" ? window : globalThis);

// Chinese queries, before Material's search worker sees them (Material posts
// {type: 2, data: query} to the worker; we rewrite the data):
// 1. characters of the other edition's script are mapped into this one's, so
//    瓜达尔港 typed on the 繁體 site finds 瓜達爾港;
// 2. each run of Han characters is cut into the search index's own words
//    (longest match first) and every word is made required, so 一个中国 finds
//    the clauses that hold 一个 and 中国, not every clause with a word in 中.
//    Material cuts a Han run again against the index but never looks at its
//    last character; the sentinel 〇 (in no index word) makes it keep the
//    whole word. The last word keeps a trailing wildcard for typing in progress.
// 3. lunr has no phrase queries, so results come back in word-score order;
//    sections holding the query's exact phrase are listed first, then the
//    sections holding its words apart (a page may then appear twice).
// window.__searchQuery = {map, words, sentinel} is generated per edition by
// build_scripts/search.py into assets/javascripts/query-map.js. Both scripts
// load in <head> (overrides/main.html): Material attaches its worker listener
// as soon as its bundle runs, so the patches must already be in place.
(function () {
  "use strict";
  var data, words, longest;
  var han = /\p{Script=Han}+/gu;
  function load() {
    if (data) return;
    data = window.__searchQuery || { map: {}, words: [], sentinel: "\u3007" };
    words = new Set(data.words);
    longest = data.words.reduce(function (n, w) { return Math.max(n, w.length); }, 1);
  }

  function toScript(query) {
    var out = "";
    for (var ch of query) out += data.map[ch] || ch;
    return out;
  }
  function cut(run) {
    var out = [];
    for (var i = 0; i < run.length;) {
      var j = Math.min(run.length, i + longest);
      while (j > i + 1 && !words.has(run.slice(i, j))) j--;
      out.push(run.slice(i, j));
      i = j;
    }
    return out;
  }
  var phrases = [];
  function plain(html) {
    return String(html || "").replace(/<[^>]*>/g, "").replace(/\u200b/g, "");
  }
  function hasPhrase(doc) {
    var text = plain(doc.title) + plain(doc.text);
    return phrases.every(function (p) { return text.indexOf(p) >= 0; });
  }
  function isSection(doc) {
    return doc.location.indexOf("#") >= 0;
  }
  function only(group, keep) {
    var sections = group.filter(function (d) { return isSection(d) && keep(d); });
    return sections.length ? group.filter(function (d) { return !isSection(d) || keep(d); }) : null;
  }
  function rerank(data) {
    if (!phrases.length || !data.data || !Array.isArray(data.data.items)) return data;
    var exact = [], partial = [];
    data.data.items.forEach(function (group) {
      var hit = only(group, hasPhrase), near = only(group, function (d) { return !hasPhrase(d); });
      if (hit) exact.push(hit);
      if (near) partial.push(near);
      if (!hit && !near) partial.push(group);
    });
    return Object.assign({}, data, { data: Object.assign({}, data.data, { items: exact.concat(partial) }) });
  }
  function rewrite(query) {
    load();
    query = toScript(query);
    phrases = (query.match(han) || []).filter(function (p) { return p.length > 1; });
    if (/[+\-*~^:"]/.test(query)) return query;  // the reader wrote lunr syntax: leave it alone
    var terms = [];
    query.replace(han, function (run) {
      cut(run).forEach(function (w) { terms.push(w); });
      return run;
    });
    var rest = query.replace(han, " ").trim();
    if (!terms.length) return query;
    var required = terms.map(function (w, k) {
      var known = words.has(w);
      return "+" + w + (known ? data.sentinel : "") + (k === terms.length - 1 ? "*" : "");
    });
    return required.join(" ") + (rest ? " " + rest : "");
  }
  window.__rewriteSearchQuery = rewrite;  // for the tests
  if (typeof Worker === "undefined") return;
  var listen = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type, listener, options) {
    if (type === "message" && typeof listener === "function") {
      var inner = listener;
      listener = function (event) {
        if (!event.data || event.data.type !== 3) return inner.call(this, event);
        return inner.call(this, new MessageEvent("message", { data: rerank(event.data) }));
      };
    }
    return listen.call(this, type, listener, options);
  };
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 2 && typeof message.data === "string") {
      arguments[0] = Object.assign({}, message, { data: rewrite(message.data) });
    }
    return post.apply(this, arguments);
  };
})();

// The compare view (compare/#<pair slug>, templates/compare.md.j2): draws the pair named in the fragment.
// The rows are computed by the build (build_scripts/render/compare_page.py) and stored per statement in
// compare/data/<statement>.js, loaded with a <script> element (fetch is refused from file://, where the
// offline zip is read). Every string from the data is set with textContent: clause text never becomes markup.
(function () {
  "use strict";
  var view = document.getElementById("compare-view");
  var status = document.getElementById("compare-status");
  var heading = document.getElementById("compare-title");
  if (!view || !status || !heading) return;
  // A pair slug as render.compare_slug writes it (compare_view.PAIR): <date>-<anchor>--<date>-<anchor>
  var PAIR = /^(\d{4}-\d{2}-\d{2})-([a-z][a-z0-9-]*?)--(\d{4}-\d{2}-\d{2})-([a-z][a-z0-9-]*)$/;
  var fileUrls = window.location.protocol === "file:";  // from file:// a directory link must name index.html
  // the heading's own text, not its permalink (¶), which stays
  var headingText = heading.firstChild && heading.firstChild.nodeType === 3 ? heading.firstChild
    : heading.insertBefore(document.createTextNode(""), heading.firstChild);
  var plainTitle = headingText.nodeValue;
  var loaded = {};  // data file → promise
  var shown = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }
  function load(statement) {
    var src = view.dataset.data + statement + ".js";
    if (!loaded[src]) {
      loaded[src] = new Promise(function (resolve, reject) {
        var el = document.createElement("script");
        el.src = src;
        el.onload = resolve;
        el.onerror = function () {
          delete loaded[src];  // try again on the next change of pair
          reject(new Error(fill(view.dataset.failed, { file: src })));
        };
        document.head.appendChild(el);
      });
    }
    return loaded[src];
  }
  function say(text) {
    view.hidden = true;
    delete view.dataset.shown;
    status.hidden = false;
    status.textContent = text;
    headingText.nodeValue = plainTitle;
    document.title = plainTitle + " - " + view.dataset.site;
  }
  function clauseLink(side) {
    var a = document.createElement("a");
    a.href = "../statements/" + side.statement + "/" + (fileUrls ? "index.html" : "") + "#" + side.anchor;
    a.textContent = side.date + " " + side.label;
    return a;
  }
  function segments(p, list) {
    list.forEach(function (seg) {
      var node = seg[0] === 0 ? p : p.appendChild(document.createElement(seg[0] < 0 ? "del" : "ins"));
      node.appendChild(document.createTextNode(seg[1]));
    });
  }
  function draw(pair) {
    var a = pair.a, b = pair.b, s = pair.summary;
    var title = fill(view.dataset.title, { a_date: a.date, a_label: a.label, b_label: b.label, b_date: b.date });
    headingText.nodeValue = title;
    document.title = title + " - " + view.dataset.site;
    view.querySelector(".compare-summary").textContent = s.places ? fill(view.dataset.changed, s) : view.dataset.same;
    var h2 = document.getElementById("rows");
    h2.textContent = "";
    h2.appendChild(clauseLink(a));
    h2.appendChild(document.createTextNode(" → "));
    h2.appendChild(clauseLink(b));
    var rows = view.querySelector(".compare-rows");
    rows.textContent = "";
    [a, b].forEach(function (side) {
      var head = rows.appendChild(document.createElement("div"));
      head.className = "compare-head";
      head.textContent = side.date;
    });
    pair.rows.forEach(function (row) {
      [[row[0], "earlier", a], [row[1], "later", b]].forEach(function (part) {
        var p = rows.appendChild(document.createElement("p"));
        p.className = "compare-text " + part[1] + (row[2] ? "" : " unchanged");
        var year = p.appendChild(document.createElement("span"));
        year.className = "compare-side";
        year.textContent = String(part[2].year);
        segments(p, part[0]);
      });
    });
    status.hidden = true;
    view.hidden = false;
    view.dataset.shown = pair.slug;  // which pair is drawn (the tests wait for it)
  }
  function show() {
    var slug = window.location.hash.slice(1);
    try { slug = decodeURIComponent(slug); } catch (e) { /* a malformed %-escape: shown as typed */ }
    if (slug === shown) return;
    shown = slug;
    if (!slug) return say(view.dataset.none);
    var m = PAIR.exec(slug);
    if (!m) return say(fill(view.dataset.unknown, { pair: slug }));
    if (m[3] < m[1] || (m[3] === m[1] && m[4] < m[2])) {
      // the two clauses named in the other order: the pair's own address puts the first in order first, as
      // render.compare_slug writes it, and its data is filed under that clause's statement
      window.history.replaceState(window.history.state, "", "#" + m[3] + "-" + m[4] + "--" + m[1] + "-" + m[2]);
      return show();
    }
    load(m[1]).then(function () {
      if (shown !== slug) return;  // the reader moved on while the data loaded
      var pairs = window.__comparePairs || {};
      if (Object.prototype.hasOwnProperty.call(pairs, slug)) draw(Object.assign({ slug: slug }, pairs[slug]));
      else say(fill(view.dataset.unknown, { pair: slug }));
    }, function (error) {
      if (shown !== slug) return;
      // no data file for this statement: an unknown pair, unless the file exists and failed
      say(fill(view.dataset.unknown, { pair: slug }) + " " + String(error.message || error));
    });
  }
  window.addEventListener("hashchange", show);
  show();
})();

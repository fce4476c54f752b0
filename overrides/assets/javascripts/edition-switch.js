// Keep the reader on the same clause when switching edition. The switcher's
// links point at the same page in the other edition; this adds the #anchor
// the reader is at: the URL's own, or else the clause nearest the top of the
// viewport, so a reader scrolled deep into a long page is not sent back to its
// top. Material's own handler (bound to <body>) would rewrite such a link to
// the page without its anchor, so the click stops here, in the capture phase
// on document, and the browser follows our link as is.
(function () {
  "use strict";
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
  function withHash(link) {
    link.href = link.href.split("#")[0] + (window.location.hash || nearestClause());
  }
  function update() {
    document.querySelectorAll("a[data-edition-switch]").forEach(withHash);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-edition-switch]");
    if (!link) return;
    withHash(link);
    event.stopPropagation();
  }, true);
  window.addEventListener("hashchange", update);
  update();
})();

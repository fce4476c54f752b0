// Keep the reader on the same clause when switching edition. The switcher's
// links point at the same page in the other edition; this adds the #anchor
// the reader is at. Material's own handler (bound to <body>) would rewrite
// such a link to the page without its anchor, so the click stops here, in the
// capture phase on document, and the browser follows our link as is.
(function () {
  "use strict";
  function withHash(link) {
    link.href = link.href.split("#")[0] + window.location.hash;
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

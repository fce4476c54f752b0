// Material's header language selector looks for sitemap.xml beside every
// <link rel="alternate"> in the page's head. Our hreflang alternates point at
// pages (…/zh-Hant/statements/2015-04-20/), where there is no sitemap, so each
// page load logged a 404. Its request is sent to the edition's own sitemap
// instead. Loaded in <head>, before Material's bundle.
(function () {
  "use strict";
  var editions = (document.currentScript.getAttribute("data-editions") || "").split(" ").filter(Boolean);
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    var text = String(url);
    if (/\/sitemap\.xml$/.test(text)) {
      for (var i = 0; i < editions.length; i++) {
        var at = text.indexOf("/" + editions[i] + "/");
        if (at >= 0) { args[1] = text.slice(0, at + editions[i].length + 2) + "sitemap.xml"; break; }
      }
    }
    return open.apply(this, args);
  };
})();

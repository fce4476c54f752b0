// "Copy link" and "copy citation" under every clause. A citation was rendered
// at build time by a CSL processor (build_scripts/cite.py) in each style; here
// the reader's access date takes the place of the build's placeholder date,
// and the clause's address that of the placeholder URL when the build knew no
// published address. Addresses are the published ones where known (also when
// read from the offline zip), never file://. Buttons: usable with the keyboard.
(function () {
  "use strict";
  var ACCESSED = { iso: "9999-12-31", en: "December 31, 9999" };
  var URL_SLOT = "https://url.invalid/";
  function published() {
    var meta = document.querySelector('meta[name="published-url"]');
    return meta ? meta.getAttribute("content") : "";
  }
  function clauseUrl(button) {
    var anchor = button.getAttribute("data-anchor");
    var base = published() || window.location.href.split("#")[0].split("?")[0];
    return button.getAttribute("data-url") || base + "#" + anchor;
  }
  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return {
      iso: d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()),
      en: d.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" })
    };
  }
  function citation(button) {
    var now = today();
    return button.getAttribute("data-citation").split(ACCESSED.iso).join(now.iso)
      .split(ACCESSED.en).join(now.en).split(URL_SLOT).join(clauseUrl(button));
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
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) return;
    var tools = button.closest(".clause-tools");
    var status = tools.querySelector(".clause-tool-status");
    var text = button.getAttribute("data-copy") === "citation" ? citation(button) : clauseUrl(button);
    copy(text).then(function () {
      status.textContent = tools.getAttribute("data-done");
    }, function () {
      status.textContent = tools.getAttribute("data-failed") + "：" + text;
    });
    window.setTimeout(function () { status.textContent = ""; }, 4000);
  });
  // Printed link targets: the full published address, not a relative path.
  var page = published() || window.location.href.split("#")[0];
  document.querySelectorAll(".md-typeset a[href]").forEach(function (a) {
    var href = a.getAttribute("href");
    if (href.charAt(0) === "#" && !published()) return;
    try { a.setAttribute("data-print-href", new URL(href, page).href.replace(/index\.html(#|$)/, "$1")); } catch (e) {}
  });
})();

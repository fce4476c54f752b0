// "Copy link" and "copy citation" under every clause. The citation is the
// statement's full title, date and place, the clause label (all written into
// the button by the template, in the edition's script) and the clause's URL.
// Buttons: reachable and usable with the keyboard like any other.
(function () {
  "use strict";
  function clauseUrl(anchor) {
    return window.location.href.split("#")[0].split("?")[0] + "#" + anchor;
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
    var url = clauseUrl(button.getAttribute("data-anchor"));
    var text = button.getAttribute("data-copy") === "citation" ? button.getAttribute("data-citation") + url : url;
    copy(text).then(function () {
      status.textContent = tools.getAttribute("data-done");
    }, function () {
      status.textContent = tools.getAttribute("data-failed") + "：" + text;
    });
    window.setTimeout(function () { status.textContent = ""; }, 4000);
  });
})();

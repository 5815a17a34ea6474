// Progressive enhancement only: every control works without JavaScript.
(function () {
  "use strict";
  // 字号 switch: apply at once instead of a round trip; the link still works without JS.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-font-size]");
    if (!link) { return; }
    event.preventDefault();
    var size = link.getAttribute("data-font-size");
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "fs=" + size + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
    document.documentElement.className = document.documentElement.className.replace(/\bfs-\w+\b/, "") + " fs-" + size;
    document.querySelectorAll("[data-font-size]").forEach(function (el) {
      if (el.getAttribute("data-font-size") === size) { el.setAttribute("aria-current", "true"); }
      else { el.removeAttribute("aria-current"); }
    });
  });
  // 打印 buttons.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { event.preventDefault(); window.print(); }
  });
})();

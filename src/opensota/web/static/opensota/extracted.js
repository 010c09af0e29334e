/* OpenSOTA extracted table page: tell assistive technology which cell a link pointed to.
 *
 * The stylesheet highlights the targeted cell with :target; this marks the same cell
 * aria-current="location" (and unmarks the previous one) on load and whenever the
 * fragment changes. Progressive enhancement only; no inline handler.
 */
(function () {
  "use strict";

  function markTarget() {
    var previous = document.querySelectorAll(".extracted-table [aria-current]");
    Array.prototype.forEach.call(previous, function (cell) { cell.removeAttribute("aria-current"); });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^r\d+c\d+$/.test(id)) return;
    var cell = document.getElementById(id);
    if (cell && cell.closest(".extracted-table")) cell.setAttribute("aria-current", "location");
  }

  markTarget();
  window.addEventListener("hashchange", markTarget);
})();

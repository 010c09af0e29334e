/* OpenSOTA leaderboard page: sorting in place, filters that apply themselves, chart tooltips.
 *
 * Progressive enhancement only: without this file the column headings are links that
 * sort on the server, the filter form has its Apply button, and each chart mark has
 * an SVG <title>. No library, no inline handler (the page works under a strict CSP);
 * text is only ever set with textContent.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");

  /* --- sorting -------------------------------------------------------------------- */

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell ? cell.getAttribute("data-value") : null;
    if (raw === null || raw === "") return null;
    if (kind === "number") {
      var number = parseFloat(raw);
      return isNaN(number) ? null : number;
    }
    return kind === "text" ? raw.toLowerCase() : raw; /* dates are ISO: compared as text */
  }

  function leaderboardOrder(row) {
    return parseInt(row.getAttribute("data-order"), 10);
  }

  /* The same rule as the server: rows without a value last, equal values in leaderboard order. */
  function sortRows(table, index, kind, descending) {
    var body = table.tBodies[0];
    var present = [];
    var missing = [];
    Array.prototype.forEach.call(body.rows, function (row) {
      (cellValue(row, index, kind) === null ? missing : present).push(row);
    });
    present.sort(function (a, b) {
      var x = cellValue(a, index, kind);
      var y = cellValue(b, index, kind);
      if (x < y) return descending ? 1 : -1;
      if (x > y) return descending ? -1 : 1;
      return leaderboardOrder(a) - leaderboardOrder(b);
    });
    missing.sort(function (a, b) { return leaderboardOrder(a) - leaderboardOrder(b); });
    present.concat(missing).forEach(function (row) { body.appendChild(row); });
  }

  function withSort(search, key, descending) {
    var params = new URLSearchParams(search);
    params.delete("page");
    params.set("sort", key);
    params.set("dir", descending ? "desc" : "asc");
    return "?" + params.toString();
  }

  /* Headings, the address bar and the filter form all learn the new order. */
  function showSorted(table, active, descending) {
    table.querySelectorAll("a.sort-link").forEach(function (link) {
      var heading = link.closest("th");
      var state = heading.querySelector(".sort-state");
      var isActive = link === active;
      var next = isActive ? !descending : link.getAttribute("data-desc-first") === "true";
      link.setAttribute("href", withSort(location.search, link.getAttribute("data-sort-key"), next));
      if (isActive) {
        heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
        if (state) state.textContent = descending ? " \u25BC" : " \u25B2";
      } else {
        heading.removeAttribute("aria-sort");
        if (state) state.textContent = "";
      }
    });
    var key = active.getAttribute("data-sort-key");
    history.replaceState(null, "", withSort(location.search, key, descending));
    var form = document.getElementById("board-controls");
    if (form) {
      setHidden(form, "sort", key);
      setHidden(form, "dir", descending ? "desc" : "asc");
    }
  }

  function setHidden(form, name, value) {
    var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  /* Only a table shown whole can be sorted here; a paged one is sorted by the server. */
  document.querySelectorAll("table.leaderboard[data-client-sort]").forEach(function (table) {
    table.addEventListener("click", function (event) {
      var link = event.target.closest("a.sort-link");
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return;
      }
      event.preventDefault();
      var descending = new URL(link.href, location.href).searchParams.get("dir") === "desc";
      sortRows(table, link.closest("th").cellIndex, link.getAttribute("data-sort-kind"), descending);
      showSorted(table, link, descending);
    });
  });

  /* --- filters: apply on change --------------------------------------------------- */

  var controls = document.getElementById("board-controls");
  if (controls) {
    controls.addEventListener("change", function () {
      if (controls.requestSubmit) controls.requestSubmit();
      else controls.submit();
    });
  }

  /* --- chart: a tooltip on hover and keyboard focus ------------------------------ */

  var figure = document.getElementById("sota-chart");
  if (figure) {
    var tip = figure.querySelector(".chart-tooltip");
    var svg = figure.querySelector("svg");

    var show = function (mark) {
      var point = mark.querySelector("circle").getBoundingClientRect();
      var frame = figure.getBoundingClientRect();
      tip.textContent = mark.getAttribute("aria-label");
      tip.hidden = false;
      var half = tip.offsetWidth / 2;
      var x = point.left + point.width / 2 - frame.left;
      tip.style.left = Math.min(Math.max(x, half), frame.width - half) + "px";
      tip.style.top = point.top - frame.top + "px";
    };
    var hide = function () { tip.hidden = true; };
    var markOf = function (event) { return event.target.closest && event.target.closest("a.result-mark"); };

    svg.addEventListener("mouseover", function (event) { var mark = markOf(event); if (mark) show(mark); });
    svg.addEventListener("mouseout", function (event) { if (markOf(event)) hide(); });
    svg.addEventListener("focusin", function (event) { var mark = markOf(event); if (mark) show(mark); });
    svg.addEventListener("focusout", hide);
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  }
})();

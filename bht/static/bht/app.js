/* Behaviour shared by every page. The Content-Security-Policy allows scripts only
 * from this origin: no inline <script>, no on* attributes, no hx-on, no eval in
 * htmx (allowEval is off in templates/base.html). What those did is here, bound
 * through data attributes. See docs/security.md, "Content-Security-Policy". */
(function () {
  "use strict";

  // htmx reads only the first <meta name="htmx-config"> (templates/base.html's);
  // a page may add its own (the timesheet swaps 4xx answers): merge those too.
  var metas = document.querySelectorAll('meta[name="htmx-config"]');
  if (window.htmx) {
    for (var i = 1; i < metas.length; i++) {
      var extra = JSON.parse(metas[i].content);
      for (var key in extra) {
        if (Object.prototype.hasOwnProperty.call(extra, key)) { window.htmx.config[key] = extra[key]; }
      }
    }
  }

  // <details data-menu> (templates/base.html): on a wide screen bht/app.css shows the
  // menu open through ::details-content. A browser without that pseudo-element
  // would hide the menu behind a hidden button there, so open it for them instead.
  var menu = document.querySelector("details[data-menu]");
  var supportsDetailsContent = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (menu && !supportsDetailsContent && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 48rem)");
    var follow = function () { if (wide.matches) { menu.open = true; } };
    follow();
    if (wide.addEventListener) { wide.addEventListener("change", follow); }
  }

  // Tables on a phone (bht/app.css, "tables on a phone"): each row becomes a card,
  // and each cell shows its column's name from data-label. Copy the names from the
  // header row once, and again when htmx swaps in new rows. Without JavaScript
  // the cards show their values without the names.
  function labelTables(root) {
    var tables = root.querySelectorAll("table.ds-table");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var headRows = table.tHead ? table.tHead.rows : [];
      if (!headRows.length) { continue; }
      var labels = [];
      var headCells = headRows[headRows.length - 1].cells;
      for (var h = 0; h < headCells.length; h++) {
        for (var span = 0; span < (headCells[h].colSpan || 1); span++) {
          labels.push(headCells[h].textContent.replace(/\s+/g, " ").trim());
        }
      }
      for (var b = 0; b < table.tBodies.length; b++) {
        var rows = table.tBodies[b].rows;
        for (var r = 0; r < rows.length; r++) {
          var column = 0;
          for (var c = 0; c < rows[r].cells.length; c++) {
            var cell = rows[r].cells[c];
            if (column > 0 && labels[column] && !cell.hasAttribute("data-label") && (cell.colSpan || 1) === 1) {
              cell.setAttribute("data-label", labels[column]);
            }
            column += cell.colSpan || 1;
          }
        }
      }
    }
  }
  labelTables(document);
  document.addEventListener("htmx:afterSettle", function (event) { labelTables(document); });

  // <button data-print>: print the page.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // hx-trigger="... enterkey": Enter in a field fires "enterkey" on it (replaces
  // the eval-based trigger filter keydown[key=='Enter']).
  // A field htmx has just swapped in listens only once htmx has settled it (about
  // 20 ms later, when it loses the "htmx-added" class); an Enter before that waits
  // for it instead of being lost.
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key === "Enter" && field && field.matches && field.matches("[data-enter-trigger]")) {
      if (!window.htmx) { return; }
      var fire = function () { window.htmx.trigger(field, "enterkey"); };
      var added = field.closest(".htmx-added");
      if (added) { added.addEventListener("htmx:load", fire, {once: true}); } else { fire(); }
    }
  });

  // A timesheet cell (td.tt-cell) is swapped with the server's answer to its save.
  // What the user typed in the cell while the save was under way (a note, on a slow
  // phone) would be replaced by the value that was sent: keep it, and save it in
  // turn once the new cell listens.
  document.addEventListener("htmx:configRequest", function (event) {
    var cell = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("td.tt-cell") : null;
    if (!cell) { return; }
    var inputs = cell.querySelectorAll("input[id]");
    for (var n = 0; n < inputs.length; n++) { inputs[n].dataset.sent = inputs[n].value; }
  });
  var typedDuringSave = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    typedDuringSave = null;
    if (target && target.matches && target.matches("td.tt-cell") && active && active.id &&
        target.contains(active) && active.dataset.sent !== undefined && active.value !== active.dataset.sent) {
      typedDuringSave = {id: active.id, value: active.value};
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var typed = typedDuringSave;
    typedDuringSave = null;
    var field = typed ? document.getElementById(typed.id) : null;
    if (field && field.value !== typed.value) {
      field.value = typed.value;
      if (window.htmx) { window.htmx.trigger(field, "change"); }
    }
  });

  // data-search-param="q": send the field's value under that name (replaces
  // hx-vals='js:{q: ...}').
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    var name = elt && elt.dataset ? elt.dataset.searchParam : null;
    if (name) { event.detail.parameters[name] = elt.value; }
  });

  // data-swap-errors: a 400 or 403 answer is a form with its messages; show it
  // (replaces an hx-on::before-swap handler).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt;
    var status = event.detail.xhr.status;
    if (elt && elt.closest && elt.closest("[data-swap-errors]") && (status === 400 || status === 403)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // <select data-results="id">: tell screen-reader users what the type-ahead put
  // in the list, in the live region with that id.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var statusId = target && target.dataset ? target.dataset.results : null;
    var status = statusId ? document.getElementById(statusId) : null;
    if (status) { status.textContent = target.options && target.options[0] ? target.options[0].text : ""; }
  });
})();

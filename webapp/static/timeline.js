/* Drag across the year bars to choose a range. Optional: without this script
   every bar is a link and the "from … to …" form does the same job. */
(function () {
  "use strict";
  var svg = document.querySelector("svg.timeline");
  var form = document.querySelector("form.year-range");
  if (!svg || !form || !window.PointerEvent) return;
  var from = form.querySelector("[name=year_from]");
  var to = form.querySelector("[name=year_to]");
  var links = Array.prototype.slice.call(svg.querySelectorAll(".year-link"));
  var hint = document.querySelector(".drag-hint");
  if (hint) hint.hidden = false;
  var start = null, end = null, moved = false, suppressClick = false;

  function yearAt(evt) {
    var el = document.elementFromPoint(evt.clientX, evt.clientY);
    var link = el && el.closest ? el.closest(".year-link") : null;
    return link ? parseInt(link.getAttribute("data-year"), 10) : null;
  }
  function paint() {
    var lo = Math.min(start, end), hi = Math.max(start, end);
    links.forEach(function (link) {
      var y = parseInt(link.getAttribute("data-year"), 10);
      link.classList.toggle("in-drag", y >= lo && y <= hi);
    });
    from.value = lo;
    to.value = hi;
  }
  function reset() {
    start = end = null;
    moved = false;
    svg.classList.remove("dragging");
    links.forEach(function (link) { link.classList.remove("in-drag"); });
  }

  svg.addEventListener("dragstart", function (e) { e.preventDefault(); });
  svg.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) return;
    var y = yearAt(e);
    if (y === null) return;
    start = end = y;
    moved = false;
  });
  svg.addEventListener("pointermove", function (e) {
    if (start === null) return;
    var y = yearAt(e);
    if (y !== null && y !== end) {
      end = y;
      moved = true;
      svg.classList.add("dragging");
      paint();
    }
  });
  window.addEventListener("pointerup", function () {
    if (start === null) return;
    if (moved && start !== end) {
      suppressClick = true;
      paint();
      form.submit();
      return;
    }
    reset();
  });
  window.addEventListener("pointercancel", reset);
  svg.addEventListener("click", function (e) {
    if (suppressClick) { e.preventDefault(); suppressClick = false; }
  }, true);
})();

// The governance graph's drawing: zoom and pan by buttons, keyboard, mouse drag, pinch and ctrl+wheel.
// Progressive enhancement only: without this file the drawing still scrolls inside its box at full size.
(function () {
  "use strict";

  var STEP = 1.25, PAN = 60;

  function setup(figure) {
    var viewport = figure.querySelector(".diagram-viewport");
    var svg = viewport && viewport.querySelector("svg");
    if (!svg) return;
    var tools = figure.querySelector(".diagram-tools");
    var level = figure.querySelector(".zoom-level");
    var minScale = parseFloat(figure.dataset.minScale) || 0.8;
    var maxScale = parseFloat(figure.dataset.maxScale) || 3;
    // Graphviz writes width="1234pt": keep the unit, scale the number; the viewBox keeps the drawing whole.
    var width = svg.getAttribute("width") || "", height = svg.getAttribute("height") || "";
    var unit = width.replace(/^[\d.]+/, "") || "px";
    var w0 = parseFloat(width), h0 = parseFloat(height);
    if (!(w0 > 0 && h0 > 0)) {
      var box = svg.getBoundingClientRect();
      w0 = box.width; h0 = box.height; unit = "px";
    }
    var scale = 1;
    var buttons = {};
    if (tools) tools.querySelectorAll("button[data-zoom]").forEach(function (b) { buttons[b.dataset.zoom] = b; });

    // aria-disabled rather than disabled: a disabled button drops the keyboard focus to <body>, and
    // zooming out reaches its floor in one press. At its limit a button stays focusable and does nothing.
    function limit(button, reached) {
      if (button) button.setAttribute("aria-disabled", reached ? "true" : "false");
    }
    function show() {
      figure.dataset.scale = String(scale);
      if (level) level.textContent = Math.round(scale * 100) + "%";
      limit(buttons["in"], scale >= maxScale);
      limit(buttons.out, scale <= minScale);
    }

    // Zoom to `next`, keeping the point (cx, cy) of the visible box (its centre by default) where it is.
    function zoomTo(next, cx, cy) {
      next = Math.min(maxScale, Math.max(minScale, Math.round(next * 1000) / 1000));
      if (next === scale) return;
      if (cx === undefined) { cx = viewport.clientWidth / 2; cy = viewport.clientHeight / 2; }
      var x = (viewport.scrollLeft + cx) / scale, y = (viewport.scrollTop + cy) / scale;
      scale = next;
      svg.setAttribute("width", (w0 * scale).toFixed(2) + unit);
      svg.setAttribute("height", (h0 * scale).toFixed(2) + unit);
      viewport.scrollLeft = x * scale - cx;
      viewport.scrollTop = y * scale - cy;
      show();
    }

    // The view the page opens with: the top left of the drawing, or in a focus view the chosen body on
    // screen with as much as possible of what surrounds it. Reset comes back to it.
    var focusNode = figure.dataset.focus ? svg.querySelector("g.node.focus") : null;
    function initialView() {
      viewport.scrollLeft = 0;
      viewport.scrollTop = 0;
      if (!focusNode) return;
      var n = focusNode.getBoundingClientRect(), v = viewport.getBoundingClientRect(), margin = 24;
      var right = n.right - (v.left + viewport.clientWidth) + margin, left = n.left - v.left - margin;
      if (right > 0) viewport.scrollLeft += Math.min(right, Math.max(left, 0));
      // Up and down, a body below the fold comes to the middle: its neighbours sit above and below it.
      if (n.bottom + margin > v.top + viewport.clientHeight) {
        viewport.scrollTop += n.top + n.height / 2 - (v.top + viewport.clientHeight / 2);
      }
    }

    function act(what) {
      if (what === "in") zoomTo(scale * STEP);
      else if (what === "out") zoomTo(scale / STEP);
      else if (what === "reset") { zoomTo(1); initialView(); }
    }

    if (tools) {
      tools.hidden = false;
      tools.addEventListener("click", function (ev) {
        var button = ev.target.closest("button[data-zoom]");
        if (button && button.getAttribute("aria-disabled") !== "true") act(button.dataset.zoom);
      });
    }

    // Keys work on the focused drawing and on a box or line focused inside it.
    viewport.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return; // ctrl/cmd + and - stay the browser's page zoom
      var keys = {
        "+": function () { act("in"); }, "=": function () { act("in"); },
        "-": function () { act("out"); }, "_": function () { act("out"); },
        "0": function () { act("reset"); },
        ArrowLeft: function () { viewport.scrollLeft -= PAN; }, ArrowRight: function () { viewport.scrollLeft += PAN; },
        ArrowUp: function () { viewport.scrollTop -= PAN; }, ArrowDown: function () { viewport.scrollTop += PAN; }
      };
      var run = keys[ev.key];
      if (!run) return;
      ev.preventDefault();
      run();
    });

    // Mouse or pen: drag to pan. A drag that moved is not also a click on the box it started on.
    var drag = null, swallowClick = false;
    viewport.addEventListener("pointerdown", function (ev) {
      if (ev.pointerType === "touch" || ev.button !== 0) return; // a finger scrolls the box natively
      drag = { id: ev.pointerId, x: ev.clientX, y: ev.clientY, left: viewport.scrollLeft, top: viewport.scrollTop, moved: false };
    });
    viewport.addEventListener("pointermove", function (ev) {
      if (!drag || ev.pointerId !== drag.id) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!drag.moved) {
        drag.moved = true;
        viewport.classList.add("dragging");
        viewport.setPointerCapture(ev.pointerId);
      }
      viewport.scrollLeft = drag.left - dx;
      viewport.scrollTop = drag.top - dy;
      ev.preventDefault();
    });
    function endDrag(ev) {
      if (!drag || ev.pointerId !== drag.id) return;
      swallowClick = drag.moved;
      viewport.classList.remove("dragging");
      drag = null;
    }
    viewport.addEventListener("pointerup", endDrag);
    viewport.addEventListener("pointercancel", endDrag);
    viewport.addEventListener("click", function (ev) {
      if (swallowClick) { ev.preventDefault(); ev.stopPropagation(); swallowClick = false; }
    }, true);
    viewport.addEventListener("dragstart", function (ev) { ev.preventDefault(); }); // links are not dragged away

    // Two fingers: pinch to zoom around their midpoint (one finger still scrolls natively).
    var pinch = null;
    function spread(touches) {
      var a = touches[0], b = touches[1];
      return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
    }
    viewport.addEventListener("touchstart", function (ev) {
      if (ev.touches.length === 2) pinch = { distance: spread(ev.touches), scale: scale };
    }, { passive: true });
    viewport.addEventListener("touchmove", function (ev) {
      if (!pinch || ev.touches.length !== 2) return;
      ev.preventDefault();
      var rect = viewport.getBoundingClientRect();
      var cx = (ev.touches[0].clientX + ev.touches[1].clientX) / 2 - rect.left;
      var cy = (ev.touches[0].clientY + ev.touches[1].clientY) / 2 - rect.top;
      zoomTo(pinch.scale * spread(ev.touches) / pinch.distance, cx, cy);
    }, { passive: false });
    viewport.addEventListener("touchend", function (ev) { if (ev.touches.length < 2) pinch = null; });

    // Ctrl + wheel (and a trackpad's pinch, which browsers send as one) zooms around the pointer.
    viewport.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey) return;
      ev.preventDefault();
      var rect = viewport.getBoundingClientRect();
      zoomTo(ev.deltaY < 0 ? scale * 1.1 : scale / 1.1, ev.clientX - rect.left, ev.clientY - rect.top);
    }, { passive: false });

    initialView();
    // On a small screen the drawing starts below the fold: bring it up so the chosen body is on the first
    // screen (unless the address asks for another place on the page, such as one fact).
    if (focusNode && (!location.hash || location.hash === "#drawing")) {
      if (focusNode.getBoundingClientRect().bottom > window.innerHeight) figure.scrollIntoView({ block: "start" });
    }
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.diagram").forEach(setup);
  });
})();

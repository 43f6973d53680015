// Pan and zoom (the vendored svg-pan-zoom) and the home map's filters. Without scripts, and in print, every map
// is the inline SVG as written: whole, with every mark a link.
(function () {
  function zoomable(figure, svg) {
    var world = svg.querySelector(".atlas-map-world");
    if (!figure.hasAttribute("data-zoom") || !window.svgPanZoom || !world) return;
    var moved = 0;
    var map = window.svgPanZoom(svg, {
      viewportSelector: world,
      controlIconsEnabled: false,  // the figure's own buttons instead
      mouseWheelZoomEnabled: false,  // the wheel scrolls the page; the buttons zoom
      // A tap gives the library both a touchstart and a mousedown, which it takes for a double click and zooms on,
      // moving the tapped mark away before the click lands: a tap on a mark would never open its place.
      dblClickZoomEnabled: false,
      preventMouseEventsDefault: false,  // a tap on a mark must stay a click
      panEnabled: false,  // at the whole world a drag scrolls the page; the map pans once zoomed in
      zoomScaleSensitivity: 0.5,
      minZoom: 1,
      maxZoom: 40,
      onZoom: function (level) {
        if (!map) return;
        // Marks grow slower than the map, so that a zoomed-in city's neighbours come apart.
        svg.style.setProperty("--atlas-zoom", Math.pow(level, -0.8).toFixed(4));
        // Zoomed in, the coarse world picture shows its corners: swap in the finer one (served by the site too).
        var image = world.querySelector("image");
        if (image && level > 2.5 && /world-110m\.svg$/.test(image.getAttribute("href") || "")) {
          image.setAttribute("href", image.getAttribute("href").replace("world-110m", "world-50m"));
        }
        var zoomed = level > 1.01;
        figure.classList.toggle("atlas-zoomed", zoomed);
        if (zoomed) { map.enablePan(); } else { map.disablePan(); map.resetPan(); }
      },
      onPan: function () { moved += 1; }
    });
    svg.addEventListener("mousedown", function () { moved = 0; });
    svg.addEventListener("touchstart", function () { moved = 0; }, { passive: true });
    // A drag that pans the map is not a click on the mark it started on.
    svg.addEventListener("click", function (event) { if (moved > 2) event.preventDefault(); }, true);
    svg.addEventListener("dragstart", function (event) { event.preventDefault(); });
    // The library measures the picture once; when the page's width changes (a phone turned), measure again.
    var width = svg.getBoundingClientRect().width;
    window.addEventListener("resize", function () {
      var now = svg.getBoundingClientRect().width;
      if (now > 0 && Math.abs(now - width) > 1) { width = now; map.resize(); map.fit(); map.center(); }
    });
    // The page's own buttons, under the map: real buttons a keyboard reaches, large enough for a finger.
    var buttons = figure.querySelector(".atlas-map-zoom[hidden]");
    if (buttons) {
      buttons.addEventListener("click", function (event) {
        var action = event.target.closest("button") && event.target.closest("button").getAttribute("data-zoom");
        if (action === "in") map.zoomIn();
        else if (action === "out") map.zoomOut();
        else if (action === "reset") { map.resetZoom(); map.resetPan(); }
      });
      buttons.hidden = false;
    }
  }

  function filterable(figure) {
    var form = figure.querySelector(".atlas-map-filter[hidden]");
    if (!form) return;
    var fields = form.querySelectorAll("select[data-key]");
    var count = form.querySelector("output");
    var marks = Array.prototype.slice.call(figure.querySelectorAll("a.atlas-mark"));
    var total = figure.querySelectorAll(".atlas-slice[data-region]").length;
    function apply() {
      var shown = 0;
      marks.forEach(function (mark) {
        var kept = 0;
        mark.querySelectorAll(".atlas-slice[data-region]").forEach(function (slice) {
          var keep = true;
          fields.forEach(function (field) {
            if (field.value && slice.getAttribute("data-" + field.getAttribute("data-key")) !== field.value) keep = false;
          });
          slice.classList.toggle("atlas-off", !keep);
          if (keep) kept += 1;
        });
        mark.classList.toggle("atlas-off", kept === 0);
        var hit = figure.querySelector('.atlas-hit-link[data-place="' + mark.getAttribute("data-place") + '"]');
        if (hit) hit.classList.toggle("atlas-off", kept === 0);
        var badge = mark.querySelector(".atlas-badge text");
        if (badge) badge.textContent = kept;
        shown += kept;
      });
      count.textContent = shown + " of " + total + " regions shown";
    }
    fields.forEach(function (field) { field.addEventListener("input", apply); });
    form.hidden = false;
    apply();
  }

  function setUp(root) {
    root.querySelectorAll("figure.atlas-map:not([data-ready])").forEach(function (figure) {
      figure.setAttribute("data-ready", "");
      var svg = figure.querySelector(":scope > svg");
      if (!svg) return;
      zoomable(figure, svg);
      filterable(figure);
    });
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setUp(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();

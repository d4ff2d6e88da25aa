// Draws every chart container (.kc-chart) on the page with Plotly.
// plotly.js is fetched from this site only when a page has a chart, and only once per visit;
// charts follow the light/dark palette toggle and are redrawn after Material's instant navigation.
(function () {
  "use strict";

  var here = document.currentScript.src;
  var PLOTLY_URL = new URL("../vendor/plotly-basic.min.js", here).href;
  var THEMES_URL = new URL("chart-themes.js", here).href;
  var CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
  var loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function ensureLibraries() {
    if (!loading) {
      loading = Promise.all([loadScript(PLOTLY_URL), loadScript(THEMES_URL)]);
    }
    return loading;
  }

  function palette() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
  }

  function draw(container) {
    var spec = JSON.parse(container.querySelector(".kc-chart__spec").content.textContent);
    var plot = container.querySelector(".kc-chart__plot");
    var layout = Object.assign({}, spec.layout, { template: window.kcChartThemes[palette()] });
    return window.Plotly.react(plot, spec.data, layout, CONFIG).then(function () {
      container.setAttribute("data-drawn", palette());
    });
  }

  function drawAll() {
    var containers = document.querySelectorAll(".kc-chart");
    if (containers.length === 0) return;
    ensureLibraries().then(function () {
      containers.forEach(draw);
    }).catch(function (error) {
      containers.forEach(function (c) { c.setAttribute("data-error", String(error)); });
    });
  }

  // Material re-renders the content on instant navigation and emits on document$ each time.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(drawAll);
  } else {
    document.addEventListener("DOMContentLoaded", drawAll);
  }

  // Re-theme drawn charts when the reader switches palette.
  new MutationObserver(function () {
    document.querySelectorAll(".kc-chart[data-drawn]").forEach(function (container) {
      if (container.getAttribute("data-drawn") !== palette()) draw(container);
    });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();

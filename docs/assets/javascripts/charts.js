// Draws the chart containers (.kc-chart) of a page with Plotly; also opens a phone's one-line source
// lines, filters the chart index and lays out a long page's blocks after it has loaded.
//
// Until a chart is drawn, its stage shows the chart's static image, rendered at build time from the
// same figure, template and layout (macros/charts/images.py), or, in a build without images, its text
// summary. plotly.js (the basic partial bundle, from this site) is fetched once per visit, when a
// chart is in or near view and the reader has begun to use the page (scrolled, pointed, touched or
// pressed a key): evaluating plotly.js takes a phone half a second, which the first paint of the page
// should not wait for. The drawn chart takes the image's place in a stage of the same size, so
// nothing moves. Charts follow the light/dark palette toggle, switch between the wide and the narrow
// layout with the screen, resize with the window and with their container (so a chart first drawn
// inside a closed <details> or a hidden tab fits when it is shown), and are set up again whenever
// Material renders a page (once Material's own script runs, at the reader's first interaction:
// overrides/main.html).
(function () {
  "use strict";

  var here = document.currentScript.src;
  var PLOTLY_URL = new URL("../vendor/plotly-basic.min.js", here).href;
  var THEMES_URL = new URL("chart-themes.js", here).href;
  // The Chinese edition's toolbar, hover dates and month names in Chinese: plotly.js's own zh-CN locale,
  // served by this site and fetched only there.
  var LOCALE = /^zh/.test(document.documentElement.lang) ? "zh-CN" : "en";
  var LOCALE_URL = new URL("../vendor/plotly-locale-zh-cn.js", here).href;
  // Start loading a little before a chart enters the viewport, so it is drawn by the time it is seen.
  var LOOKAHEAD = "300px 0px";
  var CONFIG = {
    responsive: true,
    displaylogo: false,
    // Keep zoom, pan and PNG export; drop selection tools and the button that uploads to Plotly's cloud.
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "sendChartToCloud", "sendDataToCloud"],
    toImageButtonOptions: { format: "png", scale: 2 },
  };
  // The layouts of macros/charts/images.py (NARROW_MEDIA and LAYOUTS there; a test keeps the two
  // equal): the legend below the plot; on wide screens the toolbar upright in a right margin of its
  // own, so it never covers the legend or the plot; on narrow (touch) screens no toolbar.
  var NARROW_MEDIA = "(max-width: 37.4375em)";
  var LAYOUTS = {
    "wide": {
      "legend": {"orientation": "h", "x": 0, "xanchor": "left", "xref": "container", "y": 0, "yanchor": "bottom", "yref": "container"},
      "margin": {"t": 24, "r": 40},
      "modebar": {"orientation": "v", "bgcolor": "rgba(0,0,0,0)", "color": "#7d8590", "activecolor": "#4a78d0"}
    },
    "narrow": {
      "legend": {"orientation": "h", "x": 0, "xanchor": "left", "xref": "container", "y": 0, "yanchor": "bottom", "yref": "container"},
      "margin": {"t": 24}
    }
  };
  var narrowScreen = window.matchMedia(NARROW_MEDIA);
  var INTERACTIONS = ["scroll", "wheel", "pointermove", "pointerdown", "touchstart", "keydown", "focusin"];
  var loading = null;
  var watchers = [];
  var engaged = false;
  var waiting = [];

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
      loading = Promise.all([loadScript(PLOTLY_URL), loadScript(THEMES_URL)]).then(function () {
        // The locale registers itself with the Plotly it finds, so it loads after it.
        return LOCALE === "en" ? null : loadScript(LOCALE_URL);
      });
    }
    return loading;
  }

  function palette() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
  }

  function variant() {
    return narrowScreen.matches ? "narrow" : "wide";
  }

  function draw(container) {
    var spec = JSON.parse(container.querySelector(".kc-chart__spec").content.textContent);
    var plot = container.querySelector(".kc-chart__plot");
    var shape = variant();
    var scheme = palette();
    // Merged as the static image's figure is (chart_images.themed_figure).
    var layout = Object.assign({}, spec.layout, LAYOUTS[shape], { template: window.kcChartThemes[scheme] });
    var config = Object.assign({}, CONFIG, {
      displayModeBar: shape === "wide" ? "hover" : false,
      locale: LOCALE,
      // Name the PNG export after the chart.
      toImageButtonOptions: Object.assign({ filename: container.getAttribute("data-chart") }, CONFIG.toImageButtonOptions),
    });
    return window.Plotly.react(plot, spec.data, layout, config).then(function () {
      container.setAttribute("data-drawn", scheme);
      container.setAttribute("data-layout", shape);
    });
  }

  function redrawChanged() {
    document.querySelectorAll(".kc-chart[data-drawn]").forEach(function (container) {
      if (container.getAttribute("data-drawn") !== palette() || container.getAttribute("data-layout") !== variant()) {
        draw(container);
      }
    });
  }

  // One first drawing per chart at a time: setUp runs again when Material starts (and replays the
  // page), and must not start a second drawing of a chart whose first is still under way.
  function drawNow(container) {
    if (!container.kcDrawing) {
      container.kcDrawing = ensureLibraries().then(function () { return draw(container); }).catch(function (error) {
        container.setAttribute("data-error", String(error));
      }).then(function () {
        container.kcDrawing = null;
      });
    }
    return container.kcDrawing;
  }

  function drawWhenNeeded(container) {
    if (engaged) {
      drawNow(container);
    } else {
      waiting.push(container);
    }
  }

  function engage() {
    if (engaged) return;
    engaged = true;
    INTERACTIONS.forEach(function (type) { window.removeEventListener(type, engage, true); });
    waiting.splice(0).forEach(function (container) {
      if (document.contains(container)) drawNow(container);
    });
  }

  function stopWatching() {
    watchers.forEach(function (watcher) { watcher.disconnect(); });
    watchers = [];
  }

  // A chart's source line on a phone is one line, cut with an ellipsis, and a button shows the rest
  // (site.css). A line that fits needs no button: marked here, on a phone's screen, when the page is
  // set up and when the window changes size.
  function markSourcesThatFit() {
    if (!narrowScreen.matches) return;
    document.querySelectorAll(".kc-chart__source:not(.kc-chart__source--open)").forEach(function (line) {
      var cite = line.querySelector(".kc-chart__cite");
      if (cite) line.classList.toggle("kc-chart__source--fits", cite.scrollWidth <= cite.clientWidth);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".kc-chart__more");
    if (!button) return;
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    button.closest(".kc-chart__source").classList.toggle("kc-chart__source--open", open);
  });

  var resizing = false;
  window.addEventListener("resize", function () {
    if (resizing) return;
    resizing = true;
    requestAnimationFrame(function () {
      resizing = false;
      markSourcesThatFit();
    });
  });

  // Sources and code samples are left unlaid for the first paint (content-visibility in site.css).
  // Once the page has loaded, lay them out in idle moments, a few at a time so no frame waits long for
  // them, until every block is painted: a full-page screenshot (which fires no event) shows them all.
  var LAY_OUT_AT_ONCE = 8;
  var idle = window.requestIdleCallback || function (work) { return setTimeout(work, 50); };

  function layOutTheRest() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll(".md-typeset .kc-source, .md-typeset .highlight"));
    (function next() {
      blocks.splice(0, LAY_OUT_AT_ONCE).forEach(function (block) { block.style.contentVisibility = "visible"; });
      if (blocks.length) idle(next);
    })();
  }

  function layOutAfterLoad() {
    if (document.readyState === "complete") {
      idle(layOutTheRest);
    } else {
      window.addEventListener("load", function () { idle(layOutTheRest); }, { once: true });
    }
  }

  function setUp() {
    stopWatching();
    waiting = [];
    layOutAfterLoad();
    markSourcesThatFit();
    var containers = Array.prototype.slice.call(document.querySelectorAll(".kc-chart"));
    if (containers.length === 0) return;

    if ("IntersectionObserver" in window) {
      var visibility = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            visibility.unobserve(entry.target);
            if (!entry.target.hasAttribute("data-drawn") && !entry.target.kcDrawing) drawWhenNeeded(entry.target);
          }
        });
      }, { rootMargin: LOOKAHEAD });
      containers.forEach(function (c) { visibility.observe(c); });
      watchers.push(visibility);
    } else {
      containers.forEach(drawWhenNeeded);
    }

    if ("ResizeObserver" in window) {
      var sizes = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
          var container = entry.target.closest(".kc-chart");
          if (container.hasAttribute("data-drawn") && entry.contentRect.width > 0) {
            window.Plotly.Plots.resize(entry.target);
          }
        });
      });
      containers.forEach(function (c) { sizes.observe(c.querySelector(".kc-chart__plot")); });
      watchers.push(sizes);
    }
  }

  INTERACTIONS.forEach(function (type) {
    window.addEventListener(type, engage, { capture: true, passive: true });
  });

  // Material emits on document$ for the page shown (which setUp takes in its stride) and again each
  // time it renders another page in place.
  var following = false;
  function followTheme() {
    if (following || !(window.document$ && typeof window.document$.subscribe === "function")) return following;
    following = true;
    window.document$.subscribe(setUp);
    return true;
  }
  if (!followTheme()) {
    document.addEventListener("DOMContentLoaded", setUp, { once: true });
    // Material's own script runs at the reader's first interaction (overrides/main.html).
    document.addEventListener("kc:theme-ready", followTheme, { once: true });
  }

  // Re-theme drawn charts when the reader switches palette, and re-lay them out when the screen
  // crosses from wide to narrow or back.
  new MutationObserver(redrawChanged).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  if (narrowScreen.addEventListener) {
    narrowScreen.addEventListener("change", redrawChanged);
  }

  // The chart index: keep the charts whose words contain every word typed, and hide a topic left empty.
  // Listening on the document keeps it working when Material replaces the page's content.
  document.addEventListener("input", function (event) {
    if (!event.target || event.target.id !== "kc-chart-filter-input") return;
    var words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
    document.querySelectorAll(".kc-chart-cards").forEach(function (list) {
      var shown = 0;
      list.querySelectorAll(".kc-chart-card").forEach(function (card) {
        var text = card.getAttribute("data-words") || "";
        card.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
        if (!card.hidden) shown += 1;
      });
      list.hidden = shown === 0;
      if (list.previousElementSibling && list.previousElementSibling.tagName === "H2") {
        list.previousElementSibling.hidden = shown === 0;
      }
    });
  });

  // Paper shows each chart's light image: fetch those not yet loaded (lazy, or hidden in the dark palette).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".kc-chart__image--light img[loading='lazy']").forEach(function (img) {
      img.loading = "eager";
    });
  });
})();

/* What every map of nahwerk shares: the ground, the legend and fitting the view.

   The ground is either the raster tiles of a configured tile server (data-tile-url), or
   the offline ground of this installation (data-ground-url): land, state and district
   borders and place names from the shipped boundaries and GeoNames places. Place names
   are placed biggest first; a name that would overlap one already placed, or a marker of
   the map, is left out, so the map stays readable at every zoom level.
   Names are inserted as text, never as HTML. */
(function () {
  "use strict";

  var GERMANY = L.latLngBounds([47.2, 5.8], [55.1, 15.1]);
  // Fonts of the name classes in site.css: measuring with them keeps names apart.
  var FONTS = {
    t: "600 12px system-ui, -apple-system, 'Segoe UI', sans-serif",
    q: "italic 11px system-ui, -apple-system, 'Segoe UI', sans-serif",
    d: "500 10.5px system-ui, -apple-system, 'Segoe UI', sans-serif"
  };
  var LETTER_SPACING = { t: 0, q: 0, d: 1.2 };
  var LABEL_HEIGHT = 15;
  var GAP = 3;
  var MAX_LABELS = 220;
  var measure = document.createElement("canvas").getContext("2d");

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function escapeText(text) {
    var box = document.createElement("span");
    box.textContent = text;
    return box.innerHTML;
  }

  function textWidth(text, kind) {
    measure.font = FONTS[kind] || FONTS.t;
    return measure.measureText(text).width + LETTER_SPACING[kind] * text.length;
  }

  function overlaps(a, b) {
    return a[0] < b[2] + GAP && b[0] < a[2] + GAP && a[1] < b[3] + GAP && b[1] < a[3] + GAP;
  }

  // Where a name may stand, in order of preference: [class, box relative to the point].
  // `pad` is the distance from the point: beyond the town's dot, or beyond a marker that
  // stands on the town (the event in Montabaur is labelled "Montabaur").
  function candidates(kind, w, pad) {
    var h = LABEL_HEIGHT;
    if (kind === "d") { return [["centre", [-w / 2, -h / 2, w / 2, h / 2]]]; }
    return [
      ["above", [-w / 2, -h - pad, w / 2, -pad]],
      ["below", [-w / 2, pad, w / 2, h + pad]],
      ["right", [pad + 3, -h / 2, pad + 3 + w, h / 2]],
      ["left", [-w - pad - 3, -h / 2, -pad - 3, h / 2]]
    ];
  }

  function labelIcon(text, kind, place, underMarker, pad) {
    var box = document.createElement("span");
    box.className = "map-label map-label--" + kind + " map-label--" + place +
      (pad > 14 ? " map-label--farther" : pad > 4 ? " map-label--far" : "");
    if (kind !== "d" && !underMarker) {
      var dot = document.createElement("span");
      dot.className = "map-label__dot";
      box.appendChild(dot);
    }
    var name = document.createElement("span");
    name.className = "map-label__name";
    name.textContent = kind === "d" ? text.toUpperCase() : text;
    box.appendChild(name);
    return L.divIcon({ html: box, className: "map-label-anchor", iconSize: [0, 0], iconAnchor: [0, 0] });
  }

  function drawGround(ctx, data) {
    var map = ctx.map;
    var districtLayer = null;
    var minZoom = 99;
    data.features.forEach(function (feature) {
      var kind = feature.properties.kind;
      var style = {
        land: { stroke: true, color: "#4b5563", weight: 1.4, fill: true, fillColor: "#f8f7f2", fillOpacity: 1 },
        state: { color: "#5b6472", weight: 1.3, dashArray: null, fill: false },
        district: { color: "#7b8494", weight: 0.8, dashArray: "3 3", fill: false }
      }[kind];
      if (!style) { return; }
      style.pane = "ground";
      style.interactive = false;
      style.className = "ground-" + kind;
      var layer = L.geoJSON(feature, { style: style, interactive: false, pane: "ground" });
      if (kind === "district") {
        districtLayer = layer;
        minZoom = feature.properties.min_zoom || 0;
      } else {
        layer.addTo(map);
      }
    });
    var labels = L.layerGroup([], { pane: "labels" }).addTo(map);

    function showDistricts() {
      if (!districtLayer) { return; }
      if (map.getZoom() >= minZoom) { districtLayer.addTo(map); } else { districtLayer.remove(); }
    }

    function placeLabels() {
      var zoom = map.getZoom();
      var size = map.getSize();
      var marks = ctx.obstacles.map(function (o) {
        var p = map.latLngToContainerPoint(o.latlng);
        return { x: p.x, y: p.y, r: o.radius, box: [p.x - o.radius, p.y - o.radius, p.x + o.radius, p.y + o.radius] };
      });
      var taken = marks.map(function (m) { return m.box; });
      var origin = ctx.el.getBoundingClientRect();
      // names keep clear of the controls (zoom, legend, attribution) and of blocking elements
      var controls = Array.prototype.slice.call(ctx.el.querySelectorAll(".leaflet-control"));
      ctx.blocking.concat(controls).forEach(function (element) {
        var r = element.getBoundingClientRect();
        if (r.width) { taken.push([r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top]); }
      });
      labels.clearLayers();
      var count = 0;
      for (var i = 0; i < data.labels.length && count < MAX_LABELS; i++) {
        var label = data.labels[i];
        if (label[3] > zoom + 1e-6) { continue; }
        var p = map.latLngToContainerPoint([label[1], label[2]]);
        if (p.x < -40 || p.y < -20 || p.x > size.x + 40 || p.y > size.y + 20) { continue; }
        var kind = label[4];
        var text = kind === "d" ? label[0].toUpperCase() : label[0];
        var pad = 4;
        var under = null;
        for (var k = 0; k < marks.length; k++) {
          if (kind !== "d" && Math.abs(marks[k].x - p.x) <= marks[k].r && Math.abs(marks[k].y - p.y) <= marks[k].r) {
            under = marks[k];
            pad = marks[k].r <= 10 ? 14 : 19;  // clear of the marker (see GAP)
            break;
          }
        }
        var dot = [p.x - 3, p.y - 3, p.x + 3, p.y + 3];
        var options = candidates(kind, textWidth(text, kind), pad);
        for (var j = 0; j < options.length; j++) {
          var r = options[j][1];
          var box = [p.x + r[0], p.y + r[1], p.x + r[2], p.y + r[3]];
          // whole names only: one cut by the edge of the map is noise
          if (box[0] < 2 || box[1] < 2 || box[2] > size.x - 2 || box[3] > size.y - 2) { continue; }
          var blocked = taken.some(function (t) {
            return overlaps(box, t) || (kind !== "d" && !under && overlaps(dot, t));
          });
          if (blocked) { continue; }
          taken.push(box);
          if (kind !== "d" && !under) { taken.push(dot); }
          var marker = L.marker([label[1], label[2]], {
            icon: labelIcon(label[0], kind, options[j][0], under !== null, pad),
            interactive: false, keyboard: false, pane: "labels"
          }).addTo(labels);
          // The names are the ground, not content: the page and the legend say what matters.
          marker.getElement().setAttribute("aria-hidden", "true");
          count++;
          break;
        }
      }
      ctx.el.dataset.labelCount = String(count);
    }

    map.on("zoomend", showDistricts);
    map.on("moveend resize", placeLabels);
    showDistricts();
    placeLabels();
    ctx.placeLabels = placeLabels;
  }

  function addLegend(ctx) {
    var legend = document.getElementById(ctx.el.id + "-legend");
    if (!legend) { return; }
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "leaflet-control map-legend-control");
      box.appendChild(legend);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(ctx.map);
    ctx.legend = legend;
    legend.addEventListener("toggle", function () { ctx.placeLabels(); });
    // On a narrow map, or where it would cover much of it, the legend starts folded
    // behind its "Legend" button.
    var area = legend.offsetWidth * legend.offsetHeight;
    if (ctx.el.clientWidth < 420 || area > 0.3 * ctx.el.clientWidth * ctx.el.clientHeight) {
      legend.open = false;
    }
  }

  // Padding that keeps what the map shows clear of the open legend (bottom left): along
  // the side where the legend takes the smaller share of the map.
  function fitOptions(ctx, maxZoom) {
    var options = { paddingTopLeft: [24, 24], paddingBottomRight: [24, 24], maxZoom: maxZoom, animate: false };
    var legend = ctx.legend;
    if (legend && legend.open) {
      var w = legend.offsetWidth + 16;
      var h = legend.offsetHeight + 16;
      var size = ctx.map.getSize();
      if (w / size.x < h / size.y) { options.paddingTopLeft = [w, 24]; }
      else { options.paddingBottomRight = [24, h]; }
    }
    return options;
  }

  function recordView(ctx) {
    var b = ctx.map.getBounds();
    ctx.el.dataset.bounds = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]
      .map(function (v) { return v.toFixed(3); }).join(",");
    ctx.el.dataset.zoom = String(ctx.map.getZoom());
  }

  function create(el) {
    var tiles = Boolean(el.dataset.tileUrl);
    // No zoom animation: "ready" must mean the map has settled (screenshots, tests).
    var map = L.map(el, {
      scrollWheelZoom: false, zoomAnimation: false, zoomSnap: tiles ? 1 : 0.5, zoomDelta: tiles ? 1 : 0.5
    });
    map.createPane("ground").style.zIndex = 250;
    map.createPane("labels").style.zIndex = 450;
    map.createPane("points").style.zIndex = 500;
    map.getPane("labels").style.pointerEvents = "none";
    map.attributionControl.setPrefix(false);
    map.fitBounds(GERMANY, { animate: false });

    var ctx = { el: el, map: map, obstacles: [], blocking: [], legend: null, placeLabels: function () {} };
    map.on("moveend", function () { recordView(ctx); });
    if (el.dataset.attribution) { map.attributionControl.addAttribution(escapeText(el.dataset.attribution)); }
    if (tiles) {
      el.dataset.ground = "tiles";
      L.tileLayer(el.dataset.tileUrl, {
        attribution: escapeText(el.dataset.tileAttribution || ""), maxZoom: 19
      }).addTo(map);
      ctx.ground = Promise.resolve();
    } else {
      el.dataset.ground = "offline";
      if (el.dataset.groundAttribution) {
        map.attributionControl.addAttribution(escapeText(el.dataset.groundAttribution));
      }
      ctx.ground = fetchJson(el.dataset.groundUrl).then(function (data) { drawGround(ctx, data); });
    }
    addLegend(ctx);

    // Fit the view to a box (LatLngBounds), never wider than Germany when it lies in it.
    ctx.fitBox = function (bounds, maxZoom) {
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
        ctx.fitAround(bounds.getCenter(), 30000);
        return;
      }
      map.fitBounds(bounds, fitOptions(ctx, maxZoom || 11));
      if (GERMANY.contains(bounds) && map.getZoom() < map.getBoundsZoom(GERMANY)) {
        map.fitBounds(GERMANY, { animate: false });
      }
    };
    // The place and its surroundings: a square of `metres` around it.
    ctx.fitAround = function (latlng, metres) {
      var options = fitOptions(ctx, 18);
      options.paddingTopLeft = [0, 0];
      map.fitBounds(L.latLng(latlng).toBounds(metres), options);
    };
    // Zooming out stops at about Germany: the ground ends at its borders.
    ctx.limitZoomOut = function () {
      map.setMinZoom(Math.max(3, map.getBoundsZoom(GERMANY) - 1));
    };
    ctx.obstacle = function (latlng, radius) {
      ctx.obstacles.push({ latlng: L.latLng(latlng), radius: radius });
    };
    // An element on the map (a permanent tooltip) that place names keep clear of.
    ctx.block = function (element) { ctx.blocking.push(element); };
    // Call when the map's own layers are drawn: places the names around them.
    ctx.finish = function (others) {
      return Promise.all([ctx.ground].concat(others || [])).then(function () {
        ctx.placeLabels();
        recordView(ctx);
        el.dataset.ready = "true";
      }).catch(function (err) {
        el.dataset.ready = "error";
        el.setAttribute("data-error", err.message);
      });
    };
    recordView(ctx);
    return ctx;
  }

  window.nahwerkMap = { create: create, germany: GERMANY, fetchJson: fetchJson };
})();

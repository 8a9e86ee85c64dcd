/* The competence map: the public organisations of a network as clustered markers
   (Leaflet.markercluster) on the ground of map-ground.js, from one GeoJSON document that
   the server caches per data version. Names are inserted as text, never as HTML. In a
   frame, the page tells the embedding script its height. */
(function () {
  "use strict";

  function colour(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function popupFor(props, target, urlTemplate, kinds) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = urlTemplate.replace("__slug__", encodeURIComponent(props.slug));
    if (target) { link.target = target; link.rel = "noopener"; }
    link.textContent = props.name;
    box.appendChild(link);
    var line = document.createElement("div");
    line.textContent = (kinds[props.kind] || props.kind) + (props.place ? " · " + props.place : "");
    box.appendChild(line);
    return box;
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html: "<span>" + String(count) + "</span>",
      className: "showcase-cluster showcase-cluster-" + size,
      iconSize: L.point(size === "small" ? 30 : size === "medium" ? 36 : 44, size === "small" ? 30 : size === "medium" ? 36 : 44)
    });
  }

  function initMap(el) {
    var ctx = window.nahwerkMap.create(el);
    var map = ctx.map;
    var accent = colour("--showcase-accent", "#b3261e");
    var target = el.dataset.linkTarget || "";
    var urlTemplate = el.dataset.organisationUrl;
    var kinds = JSON.parse(el.dataset.kinds || "{}");
    // the clusters are computed per zoom level up to the map's last one; the offline
    // ground sets none (a tile layer does)
    if (map.options.maxZoom === undefined) { map.setMaxZoom(18); }
    var clusters = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: clusterIcon,
      clusterPane: "points"
    });
    var load = window.nahwerkMap.fetchJson(el.dataset.geojsonUrl).then(function (data) {
      var markers = [];
      // place names keep clear of the markers of a small region (of 10,000, the clusters
      // change with the zoom and the check would cost more than it helps)
      var avoid = data.features.length <= 300;
      data.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        if (avoid) { ctx.obstacle([c[1], c[0]], 8); }
        var marker = L.circleMarker([c[1], c[0]], {
          radius: 7, weight: 1.5, color: "#ffffff", fillColor: accent, fillOpacity: 0.95, pane: "points"
        });
        marker.bindPopup(function () { return popupFor(f.properties, target, urlTemplate, kinds); });
        marker.bindTooltip(f.properties.name);
        markers.push(marker);
      });
      clusters.addLayers(markers);
      map.addLayer(clusters);
      el.dataset.markerCount = String(markers.length);
      if (markers.length) { ctx.fitBox(L.latLngBounds(markers.map(function (m) { return m.getLatLng(); })), 12); }
    });
    ctx.limitZoomOut();
    ctx.finish([load]);
  }

  document.querySelectorAll(".showcase-map").forEach(initMap);

  if (window.parent !== window) {
    var report = function () {
      window.parent.postMessage({ nahwerkHeight: document.documentElement.scrollHeight }, "*");
    };
    window.addEventListener("load", report);
    if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
  }
})();

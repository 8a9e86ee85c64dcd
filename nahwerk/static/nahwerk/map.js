/* The maps of the start page, a network, an event and an organisation: districts and
   member markers from a GeoJSON endpoint, or one place, on the ground of map-ground.js.
   data-fit says what the view shows first: "region" the districts, "point" the place and
   its surroundings. Names are inserted as text, never as HTML. */
(function () {
  "use strict";

  var REGION = "#1f5fa8";
  var POINT = "#b3261e";
  var FICTITIOUS = "#8a5a00";

  function popupFor(props) {
    var box = document.createElement("div");
    var link = document.createElement(props.url ? "a" : "strong");
    if (props.url) { link.href = props.url; }
    link.textContent = props.name;
    box.appendChild(link);
    if (props.network) {
      var line = document.createElement("div");
      line.textContent = props.network;
      box.appendChild(line);
    }
    return box;
  }

  function initMap(el) {
    var ctx = window.nahwerkMap.create(el);
    var map = ctx.map;
    var loads = [];
    var point = null;
    if (el.dataset.pointLat) {
      point = L.latLng(parseFloat(el.dataset.pointLat), parseFloat(el.dataset.pointLon));
    }
    var fitPoint = point && el.dataset.fit !== "region";
    if (fitPoint) {
      ctx.fitAround(point, 30000);
    }

    if (el.dataset.geojsonUrl) {
      loads.push(window.nahwerkMap.fetchJson(el.dataset.geojsonUrl).then(function (data) {
        var districts = L.geoJSON(data, {
          filter: function (f) { return f.properties.kind === "district"; },
          style: function (f) {
            return { color: f.properties.color || REGION, weight: 2.5, fillOpacity: 0.22, className: "district-shape" };
          },
          onEachFeature: function (f, layer) {
            layer.bindTooltip(f.properties.name + (f.properties.network ? " · " + f.properties.network : ""));
            if (f.properties.url) { layer.bindPopup(popupFor(f.properties)); }
          }
        }).addTo(map);
        var members = L.geoJSON(data, {
          filter: function (f) { return f.properties.kind === "member"; },
          pointToLayer: function (f, latlng) {
            ctx.obstacle(latlng, 7);
            return L.circleMarker(latlng, {
              radius: 6, weight: 1.5, color: "#ffffff", pane: "points",
              fillColor: f.properties.fictitious ? FICTITIOUS : POINT, fillOpacity: 0.95
            });
          },
          onEachFeature: function (f, layer) { layer.bindPopup(popupFor(f.properties)); }
        }).addTo(map);
        el.dataset.districtCount = String(districts.getLayers().length);
        el.dataset.memberCount = String(members.getLayers().length);
        if (!fitPoint) {
          if (districts.getLayers().length) { ctx.fitBox(districts.getBounds(), 10); }
          else if (members.getLayers().length) { ctx.fitBox(members.getBounds(), 10); }
        }
      }));
    }
    if (point) {
      ctx.obstacle(point, 10);
      var marker = L.circleMarker(point, {
        radius: 8, color: "#ffffff", weight: 2.5, fillColor: POINT, fillOpacity: 1, pane: "points"
      }).addTo(map);
      if (el.dataset.pointLabel) {
        // The place is named on the map itself, not only on hover.
        // Beside it on a wide map, above it on a narrow one (where it would run off the edge).
        var narrow = el.clientWidth < 480;
        marker.bindTooltip(el.dataset.pointLabel, {
          permanent: true, direction: narrow ? "top" : "right", offset: narrow ? [0, -10] : [10, 0],
          className: "map-point-label"
        }).openTooltip();
        ctx.block(marker.getTooltip().getElement());
      }
      el.dataset.focusPoint = "true";
    }
    ctx.limitZoomOut();
    ctx.finish(loads);
  }

  document.querySelectorAll(".map").forEach(initMap);
})();

/* Maps of nahwerk: state outlines as an offline background, districts and member markers
   from a GeoJSON endpoint. Names are inserted as text, never as HTML. */
(function () {
  "use strict";

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

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function initMap(el) {
    // No zoom animation: "ready" must mean the map has settled (screenshots, tests).
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: true, zoomAnimation: false });
    map.attributionControl.setPrefix(false);
    map.setView([51.1, 10.4], 6);
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    map.attributionControl.addAttribution(el.dataset.attribution);

    var loads = [fetchJson(el.dataset.statesUrl).then(function (states) {
      L.geoJSON(states, {
        interactive: false,
        style: { color: "#8a94a6", weight: 1, fillColor: "#eef1f5", fillOpacity: 1 }
      }).addTo(map).bringToBack();
    })];

    var bounds = null;
    var point = null;
    if (el.dataset.geojsonUrl) {
      loads.push(fetchJson(el.dataset.geojsonUrl).then(function (data) {
        var districts = L.geoJSON(data, {
          filter: function (f) { return f.properties.kind === "district"; },
          style: function (f) {
            return { color: f.properties.color || "#1f5fa8", weight: 2, fillOpacity: 0.25 };
          },
          onEachFeature: function (f, layer) {
            layer.bindTooltip(f.properties.name + (f.properties.network ? " · " + f.properties.network : ""));
            layer.options.className = "district-shape";
          }
        }).addTo(map);
        var members = L.geoJSON(data, {
          filter: function (f) { return f.properties.kind === "member"; },
          pointToLayer: function (f, latlng) {
            return L.circleMarker(latlng, {
              radius: 6, weight: 1, color: "#ffffff",
              fillColor: f.properties.fictitious ? "#9a6b00" : "#b3261e", fillOpacity: 0.9
            });
          },
          onEachFeature: function (f, layer) { layer.bindPopup(popupFor(f.properties)); }
        }).addTo(map);
        if (districts.getLayers().length) { bounds = districts.getBounds(); }
        else if (members.getLayers().length) { bounds = members.getBounds(); }
        el.dataset.districtCount = String(districts.getLayers().length);
        el.dataset.memberCount = String(members.getLayers().length);
      }));
    }
    if (el.dataset.pointLat) {
      var latlng = [parseFloat(el.dataset.pointLat), parseFloat(el.dataset.pointLon)];
      point = L.circleMarker(latlng, { radius: 8, color: "#ffffff", weight: 2, fillColor: "#b3261e", fillOpacity: 1 })
        .addTo(map).bindTooltip(el.dataset.pointLabel || "");
      map.setView(latlng, 10, { animate: false });
      el.dataset.focusPoint = "true";
    }
    Promise.all(loads).then(function () {
      if (point) { point.bringToFront(); }
      if (bounds && !el.dataset.focusPoint) {
        map.fitBounds(bounds, { padding: [16, 16], animate: false });
      }
      el.dataset.ready = "true";
    }).catch(function (err) {
      el.dataset.ready = "error";
      el.setAttribute("data-error", err.message);
    });
  }

  document.querySelectorAll(".map").forEach(initMap);
})();

/* Partner search: the nearness slider's visible value, and the results as numbered markers.
   Marker data come from a json_script element; names are inserted as text, never as HTML. */
(function () {
  "use strict";

  function initSlider(input) {
    var output = document.getElementById("nearness-value");
    function show() {
      var text = input.value + " %";
      if (output) { output.textContent = text; }
      input.setAttribute("aria-valuetext", text);
    }
    input.addEventListener("input", show);
    show();
  }

  function popupFor(marker) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = marker.rank + ". ";
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    title.appendChild(link);
    box.appendChild(title);
    if (marker.place) {
      var place = document.createElement("div");
      place.textContent = marker.place;
      box.appendChild(place);
    }
    return box;
  }

  function initMap(el) {
    var source = document.getElementById(el.dataset.dataId);
    if (!source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    // No zoom animation: "ready" must mean the map has settled (screenshots, tests).
    var map = L.map(el, { scrollWheelZoom: false, zoomAnimation: false });
    map.attributionControl.setPrefix(false);
    map.setView([51.1, 10.4], 6);
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    map.attributionControl.addAttribution(el.dataset.attribution);

    var points = [];
    var layer = L.layerGroup().addTo(map);
    // In rank order, so that Tab goes from the best match on; the best lies on top.
    data.markers.forEach(function (m) {
      var icon = L.divIcon({
        className: "partner-marker",
        html: "<span>" + String(Number(m.rank)) + "</span>",
        iconSize: [28, 28],
        iconAnchor: [14, 14],
        popupAnchor: [0, -12]
      });
      var marker = L.marker([m.lat, m.lon], {
        icon: icon, keyboard: true, title: m.rank + ". " + m.name, alt: m.rank + ". " + m.name,
        zIndexOffset: (data.markers.length - m.rank) * 1000
      });
      marker.bindPopup(popupFor(m)).addTo(layer);
      points.push([m.lat, m.lon]);
    });
    if (data.origin) {
      var origin = [data.origin.lat, data.origin.lon];
      L.circleMarker(origin, {
        radius: 7, color: "#ffffff", weight: 2, fillColor: "#1b1f24", fillOpacity: 1
      }).addTo(map).bindTooltip(data.origin.label || "");
      points.push(origin);
    }
    el.dataset.markerCount = String(data.markers.length);

    var states = fetch(el.dataset.statesUrl, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error(el.dataset.statesUrl + ": " + r.status); }
        return r.json();
      })
      .then(function (geojson) {
        L.geoJSON(geojson, {
          interactive: false,
          style: { color: "#8a94a6", weight: 1, fillColor: "#eef1f5", fillOpacity: 1 }
        }).addTo(map).bringToBack();
      });
    if (points.length === 1) {
      map.setView(points[0], 10, { animate: false });
    } else if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 11, animate: false });
    }
    states.then(function () { el.dataset.ready = "true"; }).catch(function (err) {
      el.dataset.ready = "error";
      el.setAttribute("data-error", err.message);
    });
  }

  var slider = document.querySelector(".search-form input[type=range]");
  if (slider) { initSlider(slider); }
  var el = document.getElementById("partner-map");
  if (el) { initMap(el); }
})();

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
    var ctx = window.nahwerkMap.create(el);
    var map = ctx.map;

    var layer = L.layerGroup().addTo(map);
    // Organisations at the same place (often the same postcode's centre) would hide one
    // another: the second and later ones are drawn around the first, 26 px away.
    var atPlace = {};
    function offsetAt(m) {
      var key = Number(m.lat).toFixed(5) + "," + Number(m.lon).toFixed(5);
      var k = atPlace[key] || 0;
      atPlace[key] = k + 1;
      if (k === 0) { return [0, 0]; }
      var angle = -Math.PI / 2 + (k - 1) * Math.PI / 3;
      return [Math.round(26 * Math.cos(angle)), Math.round(26 * Math.sin(angle))];
    }
    // In rank order, so that Tab goes from the best match on; the best lies on top.
    data.markers.forEach(function (m) {
      var shift = offsetAt(m);
      var icon = L.divIcon({
        className: "partner-marker",
        html: "<span>" + String(Number(m.rank)) + "</span>",
        iconSize: [28, 28],
        iconAnchor: [14 - shift[0], 14 - shift[1]],
        popupAnchor: [shift[0], shift[1] - 12]
      });
      var marker = L.marker([m.lat, m.lon], {
        icon: icon, keyboard: true, title: m.rank + ". " + m.name, alt: m.rank + ". " + m.name,
        zIndexOffset: (data.markers.length - m.rank) * 1000
      });
      marker.bindPopup(popupFor(m)).addTo(layer);
      ctx.obstacle([m.lat, m.lon], 15);
    });
    if (data.origin) {
      var origin = [data.origin.lat, data.origin.lon];
      // A ring: it stays visible when a result lies at the starting point itself.
      L.circleMarker(origin, {
        radius: 19, color: "#1b1f24", weight: 3, fill: false, pane: "points", interactive: false
      }).addTo(map);
      L.circleMarker(origin, {
        radius: 4, color: "#ffffff", weight: 1.5, fillColor: "#1b1f24", fillOpacity: 1, pane: "points"
      }).addTo(map).bindTooltip(data.origin.label || "");
      ctx.obstacle(origin, 21);
    }
    el.dataset.markerCount = String(data.markers.length);

    // The server chose what to show first: the origin and the results near it (focus_box).
    if (data.focus) {
      ctx.fitBox(L.latLngBounds([data.focus[0], data.focus[1]], [data.focus[2], data.focus[3]]), 11);
    }
    if (!data.abroad) { ctx.limitZoomOut(); }
    ctx.finish();
  }

  var slider = document.querySelector(".search-form input[type=range]");
  if (slider) { initSlider(slider); }
  var el = document.getElementById("partner-map");
  if (el) { initMap(el); }
})();

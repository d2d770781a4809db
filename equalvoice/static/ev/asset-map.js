// The community asset map: progressive enhancement of the list. With JavaScript, Leaflet
// (served from our own site) and a tile server (EQUALVOICE_MAP_TILES), show the assets of
// the list as filtered as markers; without any of them, the list is all there is.
(function () {
  "use strict";
  var box = document.getElementById("asset-map");
  if (!box || !window.L || !box.dataset.tiles || !box.dataset.markers) {
    return;
  }
  box.hidden = false;
  // Set here, not in a style attribute, which the Content Security Policy forbids.
  box.style.height = "min(60vh, 28rem)";
  box.style.marginBottom = "20px";
  // No fading or zooming animations for people who asked for less motion.
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var map = window.L.map(box, {
    scrollWheelZoom: false,
    fadeAnimation: !still,
    zoomAnimation: !still,
    markerZoomAnimation: !still,
  });
  window.L.tileLayer(box.dataset.tiles, {
    maxZoom: 19,
    // The words come from the page (translated there) when it gives them.
    attribution: box.dataset.attribution || "Map data © OpenStreetMap contributors",
  }).addTo(map);
  map.setView([54.5, -2.5], 5);
  fetch(box.dataset.markers, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.json();
    })
    .then(function (data) {
      var points = [];
      data.features.forEach(function (feature) {
        if (!feature.geometry) {
          return;
        }
        var lng = feature.geometry.coordinates[0];
        var lat = feature.geometry.coordinates[1];
        var marker = window.L.circleMarker([lat, lng], {
          radius: 9,
          color: "#3d2466",
          weight: 2,
          fillColor: "#f3d04c",
          fillOpacity: 0.9,
        }).addTo(map);
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.className = "govuk-link";
        link.textContent = feature.properties.name;
        var kind = document.createElement("span");
        kind.textContent = " (" + feature.properties.category_label + ")";
        var popup = document.createElement("p");
        popup.className = "govuk-body-s";
        popup.appendChild(link);
        popup.appendChild(kind);
        marker.bindPopup(popup);
        points.push([lat, lng]);
      });
      box.dataset.markerCount = String(points.length);
      if (points.length) {
        map.fitBounds(points, { padding: [24, 24], maxZoom: 16 });
      }
    });
})();

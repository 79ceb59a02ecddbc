// Asset map: draws the markers listed on the page with Leaflet (vendored in
// static/vendor/leaflet). The marker data comes from a <script type="application/json">
// block (json_script), so no inline script is needed. The page lists every marker as
// plain links too, so nothing is lost when JavaScript or the tile server is unavailable.
(function () {
  "use strict";

  var REGION = [53.41, -2.98]; // Liverpool City Region

  function readMarkers(container) {
    var source = document.getElementById(container.getAttribute("data-markers"));
    if (!source) return [];
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return [];
    }
  }

  function popup(marker) {
    // Built from DOM nodes, never from HTML strings.
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    box.appendChild(link);
    var meta = document.createElement("p");
    // The host links to its profile only when the viewer may open it (host_url is set).
    var parts = [
      { text: marker.kind },
      { text: marker.host, href: marker.host_url },
      { text: marker.town },
    ];
    parts.forEach(function (part) {
      if (!part.text) return;
      if (meta.childNodes.length) meta.appendChild(document.createTextNode(" · "));
      if (part.href) {
        var link = document.createElement("a");
        link.href = part.href;
        link.textContent = part.text;
        meta.appendChild(link);
      } else {
        meta.appendChild(document.createTextNode(part.text));
      }
    });
    box.appendChild(meta);
    return box;
  }

  function draw(container) {
    if (container.getAttribute("data-ready") === "true" || typeof L === "undefined") return;
    container.setAttribute("data-ready", "true");
    // Shown only now (hidden without JavaScript), before Leaflet measures it.
    container.classList.add("is-drawn");
    var markers = readMarkers(container);
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(container.getAttribute("data-tile-url"), {
      maxZoom: 18,
      attribution: container.getAttribute("data-attribution") || "",
    }).addTo(map);
    var points = [];
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lng];
      points.push(point);
      L.marker(point, { title: marker.name, alt: marker.name }).addTo(map).bindPopup(popup(marker));
    });
    if (points.length === 1) {
      map.setView(points[0], 14);
    } else if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 14 });
    } else {
      map.setView(REGION, 9);
    }
  }

  function drawAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var containers = scope.querySelectorAll("[data-asset-map]");
    Array.prototype.forEach.call(containers, draw);
    if (scope.matches && scope.matches("[data-asset-map]")) draw(scope);
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll(document);
  });
  // htmx swaps in new filter results: draw the new map.
  document.addEventListener("htmx:load", function (event) {
    drawAll(event.target);
  });
})();

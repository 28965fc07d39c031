(function () {
  var map = {{ this._parent.get_name() }};
  var data = {{ this.payload }};
  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  if (data.area) {
    var area = L.geoJSON(data.area, {interactive: false,
      style: {color: "#1f4e79", weight: 2, dashArray: "6 4", fillColor: "#1f4e79", fillOpacity: 0.06}}).addTo(map);
    var bounds = area.getBounds();
    map.whenReady(function () { map.invalidateSize(); map.fitBounds(bounds, {padding: [10, 10]}); });
  }
  data.places.forEach(function (place) {
    // The basemap names places by zoom; a permanent name here would print each one twice, offset.
    L.circleMarker([place[1], place[2]], {radius: 3, color: "#555", weight: 1, fillColor: "#555", fillOpacity: 1})
      .bindTooltip(label(place[0]), {direction: "right", className: "ia-place-label"})
      .addTo(map);
  });
  if (data.chosen) {
    L.circleMarker(data.chosen, {radius: 8, color: "#b2182b", weight: 3, fillOpacity: 0.2, interactive: false})
      .bindTooltip(label(data.chosen_label), {permanent: true, direction: "top"})
      .addTo(map);
  }
  map.getContainer().setAttribute("data-placing-drawn", String(data.places.length));
})();

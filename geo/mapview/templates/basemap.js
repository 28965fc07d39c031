(function () {
  var map = {{ this._parent.get_name() }};
  var base = {{ this.payload }};
  map.createPane("atlasBasemap").style.zIndex = 250;
  map.getPane("atlasBasemap").style.pointerEvents = "none";
  map.createPane("atlasLabels").style.zIndex = 620;  // names above every data symbol (markers 600), tooltips above
  map.getPane("atlasLabels").style.pointerEvents = "none";
  L.geoJSON(base.neighbours, {pane: "atlasBasemap", interactive: false,
    style: {color: "#9a9a9a", weight: 1, fillColor: "#e6e2d8", fillOpacity: 1}}).addTo(map);
  if (base.vector) {
    protomapsL.leafletLayer({url: base.vector.url, flavor: "light", lang: "en",
      maxDataZoom: base.vector.max_zoom}).addTo(map);
  }
  L.geoJSON(base.governorates, {pane: "atlasBasemap", interactive: false,
    style: {color: "#8a8a8a", weight: 1, fillColor: "#faf7f0", fillOpacity: base.vector ? 0 : 1}}).addTo(map);
  var layer = L.layerGroup().addTo(map);
  function label(text, kind) {
    var span = document.createElement("span");
    span.className = "ia-label ia-label-" + kind;
    span.textContent = text;
    return L.divIcon({html: span, className: "ia-label-box", iconSize: null});
  }
  function overlaps(placed, box) {
    return placed.some(function (other) {
      return box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3];
    });
  }
  function draw() {
    var zoom = map.getZoom(), bounds = map.getBounds().pad(0.2), shown = 0, placed = [];
    layer.clearLayers();
    base.labels.forEach(function (item) {
      var kind = item[0], name = item[1], lat = item[2], lon = item[3], from = base.min_zoom[kind];
      if (zoom < from || (base.max_zoom[kind] && zoom > base.max_zoom[kind]) || shown >= base.max_labels) { return; }
      if (!bounds.contains([lat, lon])) { return; }
      var at = map.latLngToContainerPoint([lat, lon]);
      var box = [at.x, at.y - 14, at.x + 8 + 7 * name.length, at.y + 2];
      if (overlaps(placed, box)) { return; }
      placed.push(box);
      L.marker([lat, lon], {icon: label(name, kind), pane: "atlasLabels", interactive: false,
                            keyboard: false}).addTo(layer);
      shown += 1;
    });
    map.getContainer().setAttribute("data-labels-shown", String(shown));
  }
  map.on("zoomend moveend", draw);
  map.whenReady(draw);
})();

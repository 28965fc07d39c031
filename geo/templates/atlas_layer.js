(function () {
  var map = {{ this._parent.get_name() }};
  var data = {{ this.payload }};
  var options = {{ this.options }};
  var LAYERS = ["Incidents", "Attacks on health care", "Displacement"];
  map.setMaxZoom(options.max_zoom);
  map.setMinZoom(options.min_zoom);
  if (options.fit_bounds) {
    var b = options.fit_bounds;
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
  }
  var groups = [
    L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false}),
    L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false}),
    L.featureGroup()
  ];
  var areaGroup = L.featureGroup();
  var items = [];

  function pointLayer(i) {
    var latlng = [data.y[i], data.x[i]];
    var inside = data.inside[i] === 1;
    if (data.layer[i] === 1) {
      var cls = "ia-health" + (inside ? "" : " ia-partly");
      return L.marker(latlng, {icon: L.divIcon({className: cls, html: "<span>+</span>", iconSize: [18, 18]})});
    }
    if (data.layer[i] === 2) {
      return displacementLayer(i, inside);
    }
    return L.circleMarker(latlng, {radius: 7, color: data.colour[i], weight: 2,
      fillColor: data.colour[i], fillOpacity: inside ? 0.85 : 0, dashArray: inside ? null : "3 3"});
  }

  function displacementLayer(i, inside) {
    var count = data.displaced[i];
    var width = count ? Math.max(2, Math.min(14, Math.log10(count) * 2)) : 2;
    var style = {color: "#0277bd", weight: width, opacity: 0.8, dashArray: inside ? null : "6 6"};
    var ox = data.ox[i] === null ? data.x[i] : data.ox[i];
    var oy = data.oy[i] === null ? data.y[i] : data.oy[i];
    if (data.dx[i] !== null) {
      return L.polyline([[oy, ox], [data.dy[i], data.dx[i]]], style);
    }
    var radius = count ? Math.min(60000, 2000 + Math.sqrt(count) * 40) : 4000;
    return L.circle([oy, ox], {radius: radius, color: "#0277bd", weight: 2,
      fillOpacity: inside ? 0.25 : 0, dashArray: inside ? null : "6 6"});
  }

  function areaLayer(i) {
    var inside = data.inside[i] === 1;
    var colour = data.layer[i] === 2 ? "#0277bd" : data.colour[i];
    return L.geoJSON(data.areas[data.place[i]], {style: {color: colour, weight: 2,
      fillColor: colour, fillOpacity: inside ? 0.18 : 0.04, dashArray: inside ? "2 4" : "8 6"}});
  }

  for (var i = 0; i < data.n; i++) {
    if (options.layers.indexOf(LAYERS[data.layer[i]]) < 0) { continue; }
    var asArea = data.draw[i] === "area" && !(data.layer[i] === 2 && data.dx[i] !== null);
    var layer = asArea ? areaLayer(i) : pointLayer(i);
    layer.bindTooltip(data.tip[i], {sticky: true});
    layer.bindPopup(data.pop[i], {maxWidth: 360});
    var group = asArea ? areaGroup : groups[data.layer[i]];
    items.push({layer: layer, group: group, start: data.start[i], id: data.id[i]});
    group.addLayer(layer);
  }
  areaGroup.addTo(map);
  groups.forEach(function (g) { g.addTo(map); });

  if (options.choropleth) {
    var gov = options.governorates;
    L.geoJSON(gov, {
      style: function (f) {
        var share = gov.max ? f.properties.count / gov.max : 0;
        return {color: "#555", weight: 1, fillColor: "#b30000", fillOpacity: 0.05 + 0.55 * share};
      },
      onEachFeature: function (f, l) { l.bindTooltip(f.properties.name + ": " + f.properties.count + " incidents"); }
    }).addTo(map).bringToBack();
  }

  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "ia-legend");
    div.innerHTML = options.legend;
    return div;
  };
  legend.addTo(map);

  function showUntil(day) {
    items.forEach(function (item) {
      var visible = !day || item.start <= day;
      if (visible && !item.group.hasLayer(item.layer)) { item.group.addLayer(item.layer); }
      if (!visible && item.group.hasLayer(item.layer)) { item.group.removeLayer(item.layer); }
    });
  }
  var months = options.months;
  var play = L.control({position: "topleft"});
  play.onAdd = function () {
    var div = L.DomUtil.create("div", "ia-play leaflet-bar");
    div.innerHTML = "<button type='button' title='Play the incidents over time'>&#9654;</button><span></span>";
    var button = div.querySelector("button"), label = div.querySelector("span"), timer = null, step = 0;
    L.DomEvent.disableClickPropagation(div);
    function stop() { clearInterval(timer); timer = null; button.innerHTML = "&#9654;"; }
    button.onclick = function () {
      if (timer) { stop(); showUntil(null); label.textContent = ""; return; }
      step = 0; button.innerHTML = "&#10074;&#10074;";
      timer = setInterval(function () {
        if (step >= months.length) { stop(); showUntil(null); label.textContent = "all"; return; }
        label.textContent = months[step].slice(0, 7);
        showUntil(months[step]);
        step += 1;
      }, options.step_ms);
    };
    return div;
  };
  if (months.length) { play.addTo(map); }
  window.atlasMap = {map: map, drawn: items.length, ids: items.map(function (it) { return it.id; })};
  if (map.getContainer) { map.getContainer().setAttribute("data-atlas-drawn", String(items.length)); }
})();

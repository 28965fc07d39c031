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
  function clusterIcon(cluster) {
    var health = 0, n = cluster.getChildCount();
    cluster.getAllChildMarkers().forEach(function (marker) { if (marker.atlasHealth) { health += 1; } });
    var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    return L.divIcon({iconSize: L.point(40, 40), className: "marker-cluster marker-cluster-" + size,
      html: "<div><span>" + n + "</span></div>"
        + (health ? "<b class='ia-cluster-health' title='attacks on health care'>+" + health + "</b>" : "")});
  }
  var points = L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false, chunkedLoading: true,
                                     iconCreateFunction: clusterIcon, zoomToBoundsOnClick: false});
  var CLUSTER_LIST = 200;  // records a cluster's list shows; each opens in full from there
  // A click on a cluster lists its records (newest first), with a way to zoom in on them or spread them out.
  points.on("clusterclick", function (e) {
    var cluster = e.layer, children = cluster.getAllChildMarkers();
    children.sort(function (x, y) { return x.atlasStart < y.atlasStart ? 1 : x.atlasStart > y.atlasStart ? -1 : 0; });
    var box = L.DomUtil.create("div", "ia-popup ia-cluster-list");
    var head = L.DomUtil.create("b", "", box);
    head.textContent = children.length + (children.length === 1 ? " incident here" : " incidents here");
    var closer = L.DomUtil.create("a", "", box);
    closer.href = "#";
    closer.textContent = map.getZoom() < map.getMaxZoom() ? " · zoom in on them" : " · spread them out";
    L.DomEvent.on(closer, "click", function (event) {
      L.DomEvent.preventDefault(event);
      map.closePopup();
      if (map.getZoom() < map.getMaxZoom()) { cluster.zoomToBounds({padding: [20, 20]}); } else { cluster.spiderfy(); }
    });
    children.slice(0, CLUSTER_LIST).forEach(function (child) {
      var line = L.DomUtil.create("div", "ia-cluster-line", box);
      line.innerHTML = "<code>" + child.atlasId + "</code> " + content(child.atlasTip);
      L.DomEvent.on(line, "click", function () {
        L.popup({maxWidth: 380}).setLatLng(child.getLatLng()).setContent(content(child.atlasPop)).openOn(map);
      });
    });
    if (children.length > CLUSTER_LIST) {
      L.DomUtil.create("div", "", box).textContent = "… and " + (children.length - CLUSTER_LIST) + " more: zoom in.";
    }
    L.popup({maxWidth: 380}).setLatLng(cluster.getLatLng()).setContent(box).openOn(map);
  });
  var groups = [points, points, L.featureGroup()];
  map.createPane("atlasDensity").style.zIndex = 300;
  map.createPane("atlasAreas").style.zIndex = 350;
  var areaGroup = L.featureGroup();
  var items = [];
  var drawn = 0;
  var m = data.marks;
  var a = data.areas;

  var types = data.types;

  function pick(column, i) { return column.v[column.i[i]]; }

  // The app's own address (the map sits in a frame of it), so that a popup can open a record's page in a new tab
  // (the frame may not lead the page away); none in a standalone file.
  var APP_BASE = null;
  try { APP_BASE = window.top.location.origin + window.top.location.pathname.replace(/[^\/]*$/, ""); }
  catch (e) { APP_BASE = null; }
  if (!APP_BASE || APP_BASE.indexOf("http") !== 0) { APP_BASE = null; }

  function countText(value) { return value === null ? "unknown" : String(value); }

  function popupOf(c, i) {
    var facility = pick(c.facility, i), weapon = pick(c.weapon, i), perpetrator = pick(c.perpetrator, i);
    return "<div class='ia-popup'><b>" + types.label[c.type[i]] + "</b> <code>" + c.id[i] + "</code><br>When: "
      + pick(c.date_start, i) + " – " + pick(c.date_end, i) + " (" + pick(c.date_precision, i) + "; “"
      + pick(c.date_text, i) + "”)<br>Where: " + pick(c.place_text, i) + " → " + pick(c.place_name, i)
      + " (precision: " + pick(c.geo_precision, i) + ")" + (facility ? "<br>Facility: " + facility : "")
      + (weapon ? "<br>Weapon: " + weapon : "") + "<br>Attributed to: " + (perpetrator || "not stated")
      + "<br>Killed: " + countText(c.killed[i]) + " · Injured: " + countText(c.injured[i]) + " · Displaced: "
      + countText(c.displaced[i]) + (pick(c.claims, i) ? "<br>Sources differ: " + pick(c.claims, i) : "")
      + "<br>Confidence: " + pick(c.confidence, i)
      + (c.unpublished[i] ? "<br><b>Review status: " + pick(c.status, i) + " (not published)</b>" : "")
      + "<p>" + c.description[i]
      + "</p><div class='ia-sources'>Sources:<br>" + pick(c.source_ids, i) + "</div>"
      + (APP_BASE ? "<a class='ia-open' target='_blank' rel='noopener' href='" + APP_BASE + "incidents?incident="
                    + encodeURIComponent(c.id[i]) + "'>The record in full (a new tab)</a>" : "") + "</div>";
  }

  function tipOf(c, i) {
    return (c.unpublished[i] ? "[" + pick(c.status, i) + "] " : "") + (pick(c.date_text, i) || pick(c.date_start, i))
      + " · " + pick(c.place_name, i) + " · " + types.label[c.type[i]];
  }

  function style(colour, inside, fill) {
    return {color: colour, weight: inside ? 1.5 : 2, fillColor: colour, fillOpacity: inside ? fill : fill / 4,
      dashArray: inside ? null : "8 6", pane: "atlasAreas"};
  }

  function flowLayer(i, inside) {
    var count = m.displaced[i];
    var width = count ? Math.max(2, Math.min(14, Math.log10(count) * 2)) : 2;
    var ox = m.ox[i] == null ? m.x[i] : m.ox[i];
    var oy = m.oy[i] == null ? m.y[i] : m.oy[i];
    if (m.dx[i] != null) {
      return L.polyline([[oy, ox], [m.dy[i], m.dx[i]]],
        {color: "#0277bd", weight: width, opacity: 0.8, dashArray: inside ? null : "6 6"});
    }
    var radius = count ? Math.min(60000, 1500 + Math.sqrt(count) * 40) : 1500;
    return L.circle([oy, ox], {radius: Math.max(radius, m.radius[i]), color: "#0277bd", weight: 2,
      fillOpacity: inside ? 0.15 : 0, dashArray: inside ? null : "6 6"});
  }

  function markLayer(i) {
    var latlng = [m.y[i], m.x[i]];
    var inside = m.inside[i] === 1;
    if (m.layer[i] === 2) { return flowLayer(i, inside); }
    var colour = types.colour[m.type[i]];
    if (m.draw[i] === 1) { return L.circle(latlng, Object.assign({radius: m.radius[i]}, style(colour, inside, 0.1))); }
    if (m.layer[i] === 1) {
      var cls = "ia-health" + (inside ? "" : " ia-partly") + (m.unpublished[i] === 1 ? " ia-unpublished" : "");
      var health = L.marker(latlng, {icon: L.divIcon({className: cls, html: "<span>+</span>", iconSize: [18, 18]})});
      health.atlasHealth = true;
      return health;
    }
    var faded = m.unpublished[i] === 1;
    return L.circleMarker(latlng, {radius: 7, color: colour, weight: 2, opacity: faded ? 0.5 : 1,
      fillColor: colour, fillOpacity: inside ? (faded ? 0.25 : 0.85) : 0, dashArray: inside ? null : "3 3"});
  }

  function content(value) { return typeof value === "function" ? value() : value; }

  function listen(group) {
    group.on("click", function (e) {
      var layer = e.propagatedFrom || e.layer;
      if (!layer || !layer.atlasPop) { return; }
      L.popup({maxWidth: 380}).setLatLng(layer.getLatLng ? layer.getLatLng() : e.latlng)
        .setContent(content(layer.atlasPop)).openOn(map);
    });
    group.on("mouseover", function (e) {
      var layer = e.propagatedFrom || e.layer;
      if (!layer || !layer.atlasTip) { return; }
      if (layer.getTooltip()) { layer.setTooltipContent(content(layer.atlasTip)); return; }
      layer.bindTooltip(content(layer.atlasTip), {sticky: true}).openTooltip(e.latlng);
    });
  }

  function keep(layer, group, start, tip, pop, count, reach) {
    layer.atlasTip = tip;
    layer.atlasPop = pop;
    if (layer.eachLayer) {  // an area's shape is a group of polygons: the pointer meets those, not the group
      layer.eachLayer(function (part) { part.atlasTip = tip; part.atlasPop = pop; });
    }
    items.push({layer: layer, group: group, start: start, reach: reach});
    drawn += count;
  }

  // One rule with the In-view table: a record is in view when its point is, or (drawn as its area) its area's box.
  function pointReach(lat, lng, count) {
    return function (bounds) { return bounds.contains([lat, lng]) ? count : 0; };
  }
  function boxReach(box, count) {
    return function (bounds) { return bounds.intersects([[box[1], box[0]], [box[3], box[2]]]) ? count : 0; };
  }

  // Which areas are filled: the largest first, and none whose box meets one already filled, so that no two fills
  // ever lie on top of each other (the others are drawn as outlines only).
  function onlyFill(areas) {
    var order = [], boxes = [], chosen = {};
    for (var k = 0; k < areas.place.length; k++) {
      if (areas.box[k] && String(areas.place[k]).indexOf("zone:") !== 0) { order.push(k); }
    }
    function size(b) { return (b[2] - b[0]) * (b[3] - b[1]); }
    order.sort(function (x, y) { return size(areas.box[y]) - size(areas.box[x]); });
    order.forEach(function (k) {
      var b = areas.box[k];
      if (!boxes.some(function (o) { return b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]; })) {
        boxes.push(b);
        chosen[k] = true;
      }
    });
    return chosen;
  }

  function lazy(make, columns, i) { return function () { return make(columns, i); }; }

  // A very large export draws its records only where the view is: one by one when at most DETAIL are in it, else
  // as counts per cell of the screen (the app's rule), worked out in the page at each move, never a layer each.
  var DETAIL = 1500, CELL_PX = 90;
  var bulk = Boolean(options.bulk_from) && m.id.length > options.bulk_from;
  var bulkLayer = L.featureGroup(), merc = null, wanted = null;
  if (bulk) {
    merc = new Float64Array(m.id.length);
    wanted = LAYERS.map(function (name) { return options.layers.indexOf(name) >= 0; });
    for (var q = 0; q < m.id.length; q++) {
      var sine = Math.sin(m.y[q] * Math.PI / 180);
      merc[q] = 0.5 - Math.log((1 + sine) / (1 - sine)) / (4 * Math.PI);
    }
  }
  function bulkCells(shown) {
    var scale = 256 * Math.pow(2, map.getZoom()), cells = new Map();
    shown.forEach(function (k) {
      var key = Math.floor((m.x[k] + 180) / 360 * scale / CELL_PX) + ":" + Math.floor(merc[k] * scale / CELL_PX);
      var cell = cells.get(key);
      if (!cell) { cell = [0, 0, 0]; cells.set(key, cell); }
      cell[0] += 1; cell[1] += m.y[k]; cell[2] += m.x[k];
    });
    cells.forEach(function (cell) {
      var n = cell[0], px = Math.min(46, Math.round(20 + 2.5 * Math.log(n + 1) / Math.LN2));
      var badge = L.marker([cell[1] / n, cell[2] / n], {icon: L.divIcon({className: "ia-cell", iconSize: [px, px],
        html: "<span>" + n.toLocaleString("en") + "</span>"})});
      badge.on("click", function () {
        map.setView(badge.getLatLng(), Math.min(map.getZoom() + 2, options.max_zoom));
      });
      badge.bindTooltip(n.toLocaleString("en") + " incidents here: zoom in to see them one by one");
      bulkLayer.addLayer(badge);
    });
  }
  var bulkMarks = [];  // the records drawn one by one now, clustered (and spread out at the deepest zoom) as usual
  function bulkRefresh(bounds) {
    bulkLayer.clearLayers();
    points.removeLayers(bulkMarks);
    bulkMarks = [];
    var west = bounds.getWest(), east = bounds.getEast(), south = bounds.getSouth(), north = bounds.getNorth();
    var shown = [];
    for (var k = 0; k < m.id.length; k++) {
      if (m.x[k] < west || m.x[k] > east || m.y[k] < south || m.y[k] > north || !wanted[m.layer[k]]) { continue; }
      if (until && pick(m.date_start, k) > until) { continue; }
      shown.push(k);
    }
    if (shown.length > DETAIL) {
      bulkCells(shown);
      return shown.length;
    }
    shown.forEach(function (k) {
      var mark = markLayer(k), circle = m.draw[k] === 1 && m.layer[k] !== 2;
      mark.atlasId = m.id[k];
      mark.atlasStart = pick(m.date_start, k);
      mark.atlasTip = lazy(tipOf, m, k);
      mark.atlasPop = lazy(popupOf, m, k);
      if (circle || m.layer[k] === 2) { bulkLayer.addLayer(mark); } else { bulkMarks.push(mark); }
    });
    points.addLayers(bulkMarks);
    return shown.length;
  }
  var i;
  for (i = 0; !bulk && i < m.id.length; i++) {
    if (options.layers.indexOf(LAYERS[m.layer[i]]) < 0) { continue; }
    var circle = m.draw[i] === 1 && m.layer[i] !== 2;
    var mark = markLayer(i);
    mark.atlasId = m.id[i];
    mark.atlasStart = pick(m.date_start, i);
    keep(mark, circle ? areaGroup : groups[m.layer[i]], mark.atlasStart, lazy(tipOf, m, i),
      lazy(popupOf, m, i), 1, pointReach(m.y[i], m.x[i], 1));
  }
  var most = Math.max.apply(null, a.count.concat([1]));
  function zoneIcon(i, n, colour) {
    var px = Math.round(20 + 6 * Math.log(n + 1) / Math.LN2);
    return L.divIcon({className: "ia-zone" + (a.inside[i] === 1 ? "" : " ia-partly"), iconSize: [px, px],
      html: "<span style='border-color:" + colour + "'>" + n + "</span>"});
  }
  function zoneBadge(i, colour) {
    var badge = L.marker([0, 0], {icon: zoneIcon(i, a.count[i], colour)}), ring = null, shown = -1;
    function showRing() {
      if (ring) { map.removeLayer(ring); }
      ring = L.circle(badge.getLatLng(), {radius: a.radius[i], pane: "atlasAreas", interactive: false, color: colour,
        weight: 2, dashArray: "1 6", fillColor: colour, fillOpacity: 0.08}).addTo(map);
    }
    badge.on("mouseover click", showRing);
    badge.on("mouseout popupclose", function () { if (ring) { map.removeLayer(ring); ring = null; } });
    function reach(bounds) {
      var p = a.points[i], n = 0, x = 0, y = 0, k;
      for (k = 0; k < p.length; k += 2) {
        if (bounds.contains([p[k + 1], p[k]])) { n += 1; x += p[k]; y += p[k + 1]; }
      }
      if (n) { badge.setLatLng([y / n, x / n]); }
      if (n && n !== shown) { badge.setIcon(zoneIcon(i, n, colour)); shown = n; }
      return n;
    }
    function tip() {
      return String(a.tip[i]).split(" · ")[0] + " · " + shown + (shown === 1 ? " incident" : " incidents") + " in view";
    }
    return {badge: badge, reach: reach, tip: tip};
  }
  var filled = onlyFill(a);
  for (i = 0; i < a.place.length; i++) {
    if (options.layers.indexOf(LAYERS[a.layer[i]]) < 0) { continue; }
    var colour = a.layer[i] === 2 ? "#0277bd" : a.colour[i];
    if (String(a.place[i]).indexOf("zone:") === 0) {
      var zonePop = typeof a.pop[i] === "number" ? lazy(popupOf, a.single, a.pop[i]) : a.pop[i];
      var zone = zoneBadge(i, colour);
      keep(zone.badge, areaGroup, a.start[i], zone.tip, zonePop, a.count[i], zone.reach);
      continue;
    }
    var shape = L.geoJSON(data.shapes[a.place[i]], {pane: "atlasAreas", style: Object.assign(
      style(colour, a.inside[i] === 1, filled[i] ? 0.04 + 0.14 * a.count[i] / most : 0), {className: "ia-area"})});
    var pop = typeof a.pop[i] === "number" ? lazy(popupOf, a.single, a.pop[i]) : a.pop[i];
    keep(shape, areaGroup, a.start[i], a.tip[i], pop, a.count[i], boxReach(a.box[i], a.count[i]));
  }
  var cells = data.cells;
  if (cells) {
    var biggest = Math.max.apply(null, cells.count.concat([1]));
    for (i = 0; i < cells.count.length; i++) {
      if (options.layers.indexOf(LAYERS[cells.layer[i]]) < 0 && options.layers.length) { continue; }
      var n = cells.count[i];
      var px = Math.round(22 + 22 * Math.log(n) / Math.log(biggest + 1));
      var text = n >= 10000 ? Math.round(n / 1000) + "k" : n >= 1000 ? (n / 1000).toFixed(1) + "k" : String(n);
      var cell = L.marker([cells.y[i], cells.x[i]], {icon: L.divIcon({
        className: "ia-cell" + (cells.inside[i] ? "" : " ia-partly"), iconSize: [px, px],
        html: "<span style='border-color:" + cells.colour[i] + "'>" + text + "</span>"})});
      cell.on("click", (function (latlng) {
        return function () { map.setView(latlng, Math.min(map.getZoom() + 2, options.max_zoom)); };
      })([cells.y[i], cells.x[i]]));
      cell.bindTooltip(cells.tip[i]);
      items.push({layer: cell, group: areaGroup, start: "", reach: pointReach(cells.y[i], cells.x[i], n)});
      drawn += n;
    }
  }
  // Facilities: each at its point, sized by the strikes in the window, clustered like incidents; names as text.
  var facilityGroup = null;
  if (options.facilities) {
    var fa = options.facilities;
    facilityGroup = L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        return L.divIcon({className: "ia-facility-cluster", iconSize: [30, 30],
                          html: "<span>" + cluster.getChildCount() + "</span>"});
      }});
    for (var f = 0; f < fa.id.length; f++) {
      var side = 14 + 3 * Math.min(fa.strikes[f], 6);
      var cls = "ia-facility" + (fa.strikes[f] > 1 ? " ia-facility-repeat" : "") + (fa.mark[f] ? " ia-" + fa.mark[f] : "");
      // Beside its point (to the left, where names are not written), so that it never hides the incidents there.
      var mark = L.marker([fa.y[f], fa.x[f]], {icon: L.divIcon({className: cls, iconSize: [side, side],
        iconAnchor: [side + 10, side / 2], html: "<span>" + (fa.strikes[f] > 1 ? fa.strikes[f] : "") + "</span>"})});
      mark.atlasFacility = fa.id[f];
      mark.bindTooltip((function (i) {
        return function () {
          return document.createTextNode(fa.name[i] + " (" + fa.kind[i] + "): " + fa.strikes[i]
            + (fa.strikes[i] === 1 ? " strike" : " strikes") + " in the window");
        };
      })(f));
      mark.bindPopup((function (i) {
        return function () {
          var box = L.DomUtil.create("div", "ia-popup ia-facility-popup");
          L.DomUtil.create("b", "", box).textContent = fa.name[i];
          L.DomUtil.create("p", "", box).textContent = fa.kind[i] + " · " + fa.strikes[i]
            + (fa.strikes[i] === 1 ? " strike" : " strikes") + " in the window"
            + (fa.condition[i] ? " · last reported " + fa.condition[i] : "");
          if (APP_BASE) {
            var open = L.DomUtil.create("a", "", box);
            open.textContent = "Its history, strike by strike (a new tab)";
            open.href = APP_BASE + fa.link[i];
            open.target = "_blank";  // the map's frame may not lead the page away; a new tab it may open
            open.rel = "noopener";
          }
          return box;
        };
      })(f));
      facilityGroup.addLayer(mark);
    }
    facilityGroup.addTo(map);
  }
  [points, groups[2], areaGroup, bulkLayer].forEach(listen);
  if (bulk) { bulkLayer.addTo(map); drawn += m.id.length; }
  areaGroup.addTo(map);
  [points, groups[2]].forEach(function (g) { g.addTo(map); });

  if (options.choropleth) {
    var gov = options.governorates;
    L.geoJSON(gov, {
      pane: "atlasDensity",
      style: function (f) {
        var share = gov.max ? f.properties.count / gov.max : 0;
        return {color: "#555", weight: 1, fillColor: "#b30000", fillOpacity: 0.05 + 0.55 * share};
      },
      onEachFeature: function (f, l) { l.bindTooltip(f.properties.name + ": " + f.properties.count + " incidents"); }
    }).addTo(map);
  }

  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "ia-legend");
    div.innerHTML = options.legend;
    var wide = window.innerWidth;
    try { wide = Math.max(wide, window.parent.innerWidth); } catch (e) { wide = window.innerWidth; }
    div.firstChild.open = wide >= 1200;  // folded on a narrow screen: the map comes first
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  if (options.legend_beside) {  // an export: the legend in its own column beside the map, never on it
    var aside = document.createElement("div");
    aside.className = "ia-legend ia-legend-beside";
    aside.innerHTML = options.legend;
    aside.firstChild.open = true;
    document.body.appendChild(aside);
  } else {
    legend.addTo(map);
  }

  var counter = L.control({position: "bottomleft"});
  counter.onAdd = function () { return L.DomUtil.create("div", "ia-in-view"); };
  counter.addTo(map);
  var until = null;
  function batch(lists, method, one) {
    lists.forEach(function (layers, group) {
      if (group[method]) { group[method](layers); } else { layers.forEach(function (l) { group[one](l); }); }
    });
  }
  // Only what is in view (and, while playing, already happened) is on the map, so every count drawn is in view.
  function refresh() {
    var bounds = map.getBounds(), adding = new Map(), removing = new Map(), total = 0;
    items.forEach(function (item) {
      var n = until && item.start > until ? 0 : item.reach(bounds), present = item.group.hasLayer(item.layer);
      total += n;
      var list = n && !present ? adding : !n && present ? removing : null;
      if (!list) { return; }
      if (!list.has(item.group)) { list.set(item.group, []); }
      list.get(item.group).push(item.layer);
    });
    batch(removing, "removeLayers", "removeLayer");
    batch(adding, "addLayers", "addLayer");
    if (bulk) { total += bulkRefresh(bounds); }
    counter.getContainer().textContent = total.toLocaleString("en") + (total === 1 ? " incident" : " incidents")
      + " in view";
    map.getContainer().setAttribute("data-atlas-in-view", String(total));
  }
  function showUntil(day) { until = day; refresh(); schedule(); }

  // Names first: a symbol drawn over a city's or a town's name moves beside it (left, above or below, the first
  // place free of names and of the symbols already moved), a thin line leading back to where it stands.
  var NAMES = ".ia-label-city, .ia-label-town, .ia-label-country";
  function meets(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  function shifted(r, dx, dy) {
    return {left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy};
  }
  function unshift(icon) {
    if (!icon.atlasShift) { return; }
    icon.style.marginLeft = icon.atlasShift[0];
    icon.style.marginTop = icon.atlasShift[1];
    if (icon.atlasLeader) { icon.removeChild(icon.atlasLeader); }
    icon.atlasShift = null;
    icon.atlasLeader = null;
  }
  function lead(icon, r, dx, dy) {
    var line = document.createElement("i"), length = Math.hypot(dx, dy);
    line.className = "ia-leader";
    line.style.left = (r.right - r.left) / 2 + "px";
    line.style.top = (r.bottom - r.top) / 2 + "px";
    line.style.width = length + "px";
    line.style.transform = "rotate(" + Math.atan2(-dy, -dx) + "rad)";
    icon.appendChild(line);
    icon.atlasLeader = line;
  }
  function declutter() {
    var pane = map.getPane("markerPane"), moved = 0;
    var icons = Array.from(pane.querySelectorAll(".leaflet-marker-icon"));
    icons.forEach(unshift);
    var names = Array.from(map.getContainer().querySelectorAll(NAMES)).map(function (e) {
      return e.getBoundingClientRect(); });
    var boxes = icons.map(function (icon) { return icon.getBoundingClientRect(); });
    function crowds(box, k) {  // another symbol covers more than a fifth of the smaller of the two
      return boxes.some(function (o, j) {
        if (j === k || !meets(o, box)) { return false; }
        var shared = (Math.min(o.right, box.right) - Math.max(o.left, box.left))
          * (Math.min(o.bottom, box.bottom) - Math.max(o.top, box.top));
        return shared > 0.2 * Math.min((o.right - o.left) * (o.bottom - o.top),
                                       (box.right - box.left) * (box.bottom - box.top));
      });
    }
    function place(icon, k, tries) {
      var r = boxes[k];
      var free = tries.find(function (t) {
        var box = shifted(r, t[0], t[1]);
        return !names.some(function (n) { return meets(n, box); }) && !crowds(box, k);
      });
      if (!free) { return; }
      icon.atlasShift = [icon.style.marginLeft, icon.style.marginTop];
      icon.style.marginLeft = (parseFloat(icon.style.marginLeft || "0") + free[0]) + "px";
      icon.style.marginTop = (parseFloat(icon.style.marginTop || "0") + free[1]) + "px";
      lead(icon, r, free[0], free[1]);
      boxes[k] = shifted(r, free[0], free[1]);
      moved += 1;
    }
    icons.forEach(function (icon, k) {  // off the names first
      var r = boxes[k], name = names.find(function (n) { return meets(n, r); });
      if (!name) { return; }
      var w = r.right - r.left, h = r.bottom - r.top, tries = [];
      [3, 3 + h, 3 + 2 * h].forEach(function (gap) {
        tries.push([name.left - r.right - gap, 0], [0, name.top - r.bottom - gap], [0, name.bottom - r.top + gap],
                   [name.left - r.right - gap, -h - gap], [name.left - r.right - gap, h + gap], [-w - gap, 0]);
      });
      place(icon, k, tries);
    });
    icons.forEach(function (icon, k) {  // then off one another, the nearest free spot around
      if (icon.atlasShift || !crowds(boxes[k], k)) { return; }
      var r = boxes[k], step = Math.max(r.right - r.left, r.bottom - r.top) + 3, tries = [];
      [1, 2, 3].forEach(function (n) {
        [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]].forEach(function (d) {
          tries.push([d[0] * n * step, d[1] * n * step]);
        });
      });
      place(icon, k, tries);
    });
    map.getContainer().setAttribute("data-symbols-moved", String(moved));
  }
  var pending = null;
  function schedule() {  // after the names are drawn and the clusters have settled
    clearTimeout(pending);
    pending = setTimeout(declutter, 350);
  }
  refresh();
  map.on("moveend", refresh);
  map.on("moveend zoomend", schedule);
  points.on("animationend spiderfied unspiderfied", schedule);
  if (facilityGroup) { facilityGroup.on("animationend", schedule); }
  schedule();
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
  window.atlasMap = {map: map, drawn: drawn};
  map.getContainer().setAttribute("data-atlas-drawn", String(drawn));
})();

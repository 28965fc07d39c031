"""The one permalink codec: the view (filters, window, centre, zoom, layers, density) to and from a URL.

The app, the exports' captions and the command line all use it, so a link reopens exactly the view it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from geo import config, schema
from geo.dataset.query import IncidentFilter

LIST_KEYS = {"types": schema.TYPE, "perpetrators": "perp", "governorates": "gov", schema.CONFIDENCE: "conf",
             "sources": "src", "layers": "layers", "statuses": schema.STATUS}
DEFAULTS = {"layers": schema.LAYERS, "statuses": (schema.STATUS_PUBLISHED,)}


@dataclass(frozen=True)
class View(IncidentFilter):
    """The whole state of the map view, as it lives in the URL: the filters plus centre, zoom and density."""

    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    density: bool = False

    def to_filter(self, bbox: tuple[float, float, float, float] | None = None) -> IncidentFilter:
        """The incident filter this view applies (optionally limited to a bounding box)."""
        return IncidentFilter(self.date_from, self.date_to, self.types, self.perpetrators, self.governorates,
                              self.confidence, self.sources, self.layers, bbox, self.statuses)


def _date(text: str | None) -> date | None:
    """An ISO date or None."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _number(text: str | None, low: float, high: float) -> float | None:
    """A number within bounds, or None."""
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and low <= value <= high else None


def _items(text: str | None, allowed: set[str] | None) -> tuple[str, ...]:
    """A comma-separated list, keeping only allowed values when a vocabulary is known."""
    values = [v for v in (text or "").split(",") if v]
    return tuple(v for v in values if allowed is None or v in allowed)


def view_from_params(params: dict[str, str], vocabularies: dict[str, set[str]]) -> View:
    """Parse URL parameters into a View; unknown or malformed values are dropped, never fatal."""
    lists = {name: _items(params.get(key), vocabularies.get(name)) for name, key in LIST_KEYS.items()}
    for name, default in DEFAULTS.items():
        if LIST_KEYS[name] not in params:
            lists[name] = default
    zoom = _number(params.get("z"), 3, 18)
    return View(date_from=_date(params.get("from")), date_to=_date(params.get("to")), **lists,
                lat=_number(params.get(schema.LAT), -90, 90), lon=_number(params.get(schema.LON), -180, 180),
                zoom=int(zoom) if zoom is not None else None, density=params.get("density") == "1")


def params_from_view(view: View) -> dict[str, str]:
    """The URL parameters of a View (defaults left out, so the URL stays short)."""
    params: dict[str, str] = {}
    if view.date_from:
        params["from"] = view.date_from.isoformat()
    if view.date_to:
        params["to"] = view.date_to.isoformat()
    for name, key in LIST_KEYS.items():
        values = getattr(view, name)
        if values and tuple(values) != DEFAULTS.get(name):
            params[key] = ",".join(values)
    if not view.layers:
        params["layers"] = ""
    if not view.statuses:
        params[schema.STATUS] = ""
    if view.lat is not None and view.lon is not None:
        params[schema.LAT], params[schema.LON] = f"{view.lat:.4f}", f"{view.lon:.4f}"
    if view.zoom is not None:
        params["z"] = str(view.zoom)
    if view.density:
        params["density"] = "1"
    return params



def view_of(chosen: IncidentFilter, center: tuple[float, float] | None = None, zoom: int | None = None,
            density: bool = False) -> View:
    """The View of a filter seen from a centre and zoom."""
    fields = {name: getattr(chosen, name) for name in IncidentFilter.__dataclass_fields__ if name != "bbox"}
    return View(**fields, lat=center[0] if center else None, lon=center[1] if center else None, zoom=zoom,
                density=density)


def permalink(view: View, base: str | None = None) -> str:
    """The URL that reopens the view: base (the configured public address by default) plus its parameters."""
    params = params_from_view(view)
    root = base if base is not None else config.public_url()
    return root + ("?" + urlencode(params) if params else "")

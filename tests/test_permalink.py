"""The view in the URL: a round trip restores it; malformed parameters are dropped, never fatal."""

from datetime import date

from geo import schema
from geo.exports.permalink import View, params_from_view, view_from_params

VOCABULARIES = {"types": set(schema.INCIDENT_TYPES), "layers": set(schema.LAYERS)}


def test_round_trip_restores_the_view() -> None:
    view = View(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31), types=("airstrike", "siege"),
                governorates=("Aleppo",), layers=(schema.LAYER_HEALTH,), lat=36.2, lon=37.1, zoom=10, density=True)
    assert view_from_params(params_from_view(view), VOCABULARIES) == view


def test_default_view_has_a_short_url() -> None:
    assert params_from_view(View()) == {}


def test_junk_parameters_are_ignored() -> None:
    view = view_from_params({"from": "yesterday", "type": "airstrike,<script>", "z": "99", "lat": "abc"},
                            VOCABULARIES)
    assert view.date_from is None and view.types == ("airstrike",) and view.zoom is None and view.lat is None


def test_all_layers_off_survives_the_round_trip() -> None:
    assert view_from_params(params_from_view(View(layers=())), VOCABULARIES).layers == ()


def test_export_links_keep_all_layers_off_and_the_density_view(monkeypatch) -> None:
    from geo.dataset.query import IncidentFilter
    from geo.exports.permalink import permalink, view_of

    monkeypatch.setenv("ATLAS_PUBLIC_URL", "https://atlas.example.org/")
    link = permalink(view_of(IncidentFilter(layers=(), perpetrators=("a&b=c",)), density=True))
    assert link.startswith("https://atlas.example.org/?") and "layers=&" in link + "&"
    assert "density=1" in link and "perp=a%26b%3Dc" in link

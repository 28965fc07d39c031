"""Every page, written once, under AppTest on both backends: a data folder, and a team database holding the same
data (signed in as an editor). What a researcher can do alone, a team can do too."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.dataset.query import IncidentFilter
from geo.exports.formats import export_folder_view, export_team_view
from geo.exports.tables import Snapshot
from tests.test_app import APP, map_ids
from tests.test_storage_backends import PASSWORD, team_store

PAGES = [f"app_pages/{name}.py" for name in ("timeline", "incidents", "places", "sources", "facilities", "importer",
                                             "about")]
SEEDS = Path(APP).parent.parent / "shared" / "seeds"
Opener = Callable[..., AppTest]


@pytest.fixture(params=["folder", "team"])
def open_atlas(request, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Opener:
    """Opens the app (with query parameters, on a page) on the data folder or on a team database holding it."""
    return atlas_opener(request, request.param, data_copy, monkeypatch)


def atlas_opener(request, backend: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Opener:
    """Opens the app on the data folder or (backend 'team') on a team database holding it, signed in as its
    editor, Omar."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    if backend == "team":
        url = request.getfixturevalue("team_database")
        team_store(url, data_copy)
        monkeypatch.setenv("ATLAS_DATABASE_URL", url)

    def opened(params: dict | None = None, page: str | None = None) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=90)
        for key, value in (params or {}).items():
            app.query_params[key] = value
        app.run()
        if backend == "team":
            app.text_input[0].set_value("Omar")
            app.text_input[1].set_value(PASSWORD)
            app.button[0].click().run()
        return app.switch_page(page).run() if page else app
    return opened


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_runs_on_both_backends(open_atlas: Opener, page: str | None) -> None:
    app = open_atlas(page=page)
    assert not app.exception and app.title
    if page is None:
        assert len(map_ids(app)) == 24


def test_the_filters_narrow_the_map_and_the_incidents_on_both_backends(open_atlas: Opener) -> None:
    app = open_atlas()
    app.sidebar.multiselect(key="w_types").set_value(["chemical_attack"]).run()
    assert sorted(map_ids(app)) == ["ia-0012", "ia-0021"]
    app = open_atlas({"type": "displacement"}, "app_pages/incidents.py")
    assert _count_caption(app).startswith("7 incidents the sidebar's filters keep")
    app.text_input(key="w_search").input("Hazano").run()
    assert _count_caption(app).startswith("1 incident the sidebar's filters keep that the search finds")


def _count_caption(app: AppTest) -> str:
    """The Incidents page's line that counts the records shown."""
    return next(caption.value for caption in app.caption if "the sidebar's filters keep" in caption.value)


@pytest.mark.parametrize(("words", "found"), [("Jabrud", ["ia-0004"]), ("يبرود", ["ia-0004"]),
                                              ("chemical Duma", ["ia-0021"]), ("Duma airstrike", [])])
def test_the_search_knows_every_spelling_and_every_word_on_both_backends(open_atlas: Opener, words: str,
                                                                       found: list[str]) -> None:
    app = open_atlas(page="app_pages/incidents.py")
    app.text_input(key="w_search").input(words).run()
    table = app.dataframe[0].value
    assert sorted(table["ID"] if "ID" in table else table.iloc[:, 0]) == found


def test_the_timeline_counts_the_same_on_both_backends(open_atlas: Opener) -> None:
    app = open_atlas({"type": "displacement"}, "app_pages/timeline.py")
    assert not app.exception and len(app.get("vega_lite_chart")) == 3
    assert {m.label: m.value for m in app.metric} == {"On the Incidents layer": "0",
                                                       "On the Attacks on health care layer": "0",
                                                       "On the Displacement layer": "7"}


def test_the_map_offers_every_export_on_both_backends(open_atlas: Opener) -> None:
    app = open_atlas({"type": "displacement"})
    labels = [button.label for button in app.get("download_button")]
    assert labels == ["Download PNG", "Download HTML map", "Download CSV", "Download GeoJSON",
                      "Download GeoPackage"]
    assert "type=displacement" in app.code[0].value


def test_a_view_too_big_for_a_map_export_offers_only_the_data_on_both_backends(
        open_atlas: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.exports

    monkeypatch.setattr(ui.exports, "MAX_MAP_EXPORT", 10)
    buttons = {button.label: button.proto.disabled for button in open_atlas().get("download_button")}
    assert buttons["Download PNG"] and buttons["Download HTML map"] and not buttons["Download CSV"]
    buttons = {button.label: button.proto.disabled for button in open_atlas({"type": "chemical_attack"})
               .get("download_button")}
    assert not buttons["Download PNG"]


def test_an_export_from_the_database_equals_the_folders_byte_for_byte(data_copy: Path, team_database: str) -> None:
    team_store(team_database, data_copy)
    snapshot = Snapshot(IncidentFilter(types=("displacement",)), permalink="http://localhost:8501/?type=displacement")
    for fmt in ("csv", "geojson"):
        assert export_team_view(team_database, snapshot, fmt) == export_folder_view(str(data_copy), snapshot, fmt)
    public = Snapshot(IncidentFilter(), public=True, permalink="http://localhost:8501/")
    assert export_team_view(team_database, public, "csv") == export_folder_view(str(data_copy), public, "csv")


def test_a_missing_record_and_a_merged_one_read_the_same_on_both_backends(open_atlas: Opener) -> None:
    app = open_atlas({"incident": "ia-9999"}, "app_pages/incidents.py")
    assert not app.exception and [w.value for w in app.warning] == ["No record ia\\-9999 in this atlas."]
    app = open_atlas({"incident": "ia-0004"}, "app_pages/incidents.py")
    assert any(header.value.replace("\\", "").startswith("ia-0004: ") for header in app.subheader)


def test_the_sources_page_says_where_documents_are_looked_for(open_atlas: Opener,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_DOCS_DIR", "/nowhere/documents")
    app = open_atlas(page="app_pages/sources.py")
    assert not app.exception and any("Incidents citing it" in s.value for s in app.subheader)
    said = [info.value.replace("\\", "") for info in app.info]
    assert any("ATLAS_DOCS_DIR names /nowhere/documents, which is missing: change the setting" in s for s in said)
    assert any("kept in the team database" in s or "(none are kept there yet)" in s for s in said)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside the project")
def test_the_sources_page_highlights_mentions_read_from_a_further_folder(open_atlas: Opener,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_DOCS_DIR", str(SEEDS))
    app = open_atlas(page="app_pages/sources.py")
    assert any("<mark" in block.proto.body for block in app.html)


def test_a_record_opens_with_its_forms_on_both_backends(open_atlas: Opener) -> None:
    app = open_atlas({"incident": "ia-0004"}, "app_pages/incidents.py")
    assert not app.exception
    labels = {button.label for button in app.button}
    assert any(label.startswith("Save") for label in labels), labels
    assert json.loads(app.dataframe[0].proto.columns)["ID"]["width"] == "large"


def test_a_team_database_that_stops_answering_keeps_the_last_view_and_recovers(
        postgres_cluster, team_database: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page says so in one line and keeps what it last read; once the database answers, the pages go on."""
    team_store(team_database, data_copy)
    monkeypatch.setenv("ATLAS_DATABASE_URL", team_database)
    app = AppTest.from_file(APP, default_timeout=90).run()
    app.text_input[0].set_value("Omar")
    app.text_input[1].set_value(PASSWORD)
    app.button[0].click().run()
    assert len(map_ids(app)) == 24
    name = team_database.rsplit("/", 1)[1]
    postgres_cluster.sql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
    postgres_cluster.sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    try:
        for page in (None, *PAGES):
            if page:
                app.switch_page(page)
            app.run()
            assert not app.exception, page
            assert any("cannot be reached" in warning.value for warning in app.warning), page
        app.switch_page("app_pages/map.py").run()
        assert len(map_ids(app)) == 24
    finally:
        postgres_cluster.sql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    app.run()
    assert not app.exception and not app.warning and len(map_ids(app)) == 24


def test_the_facilities_page_shows_the_same_figures_and_histories_on_both_backends(open_atlas: Opener) -> None:
    app = open_atlas(page="app_pages/facilities.py")
    assert not app.exception
    summary = app.dataframe[0].value.iloc[0]
    assert list(summary.index) == ["Attacks on health care", "Facilities attacked",  # no group column: it fits
                                   "Facilities attacked more than once", "Median days between repeat strikes",
                                   "Health workers killed"]
    assert (summary["Attacks on health care"], summary["Facilities attacked"]) == (8, 4)
    assert summary["Median days between repeat strikes"] == "—"  # no facility was struck twice
    listed = app.dataframe[1].value
    assert sorted(listed["Name"]) == ["al-Quds hospital", "field hospital in Saraqeb", "hospital in Yabroud",
                                      "improvised clinic in al-Qusayr"]
    app.radio(key="w_facility_grouping").set_value("year").run()
    by_year = app.dataframe[0].value.set_index("Year")
    assert by_year.loc["2013", "Facilities attacked"] == 2
    app.number_input(key="w_facility_least").set_value(2).run()
    assert app.dataframe[1].value.empty
    one = open_atlas({"facility": "fa-al-quds-hospital"}, "app_pages/facilities.py")
    assert [m.value for m in one.metric][0] == "1"
    assert list(one.dataframe[0].value["Incident"]) == ["incidents?incident=ia-0016"]
    missing = open_atlas({"facility": "fa-nowhere"}, "app_pages/facilities.py")
    assert [w.value for w in missing.warning] == ["No facility fa\\-nowhere in this atlas."]

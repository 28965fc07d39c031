"""Every page under AppTest: runs clean, has its widgets, and the filters change what the map gets."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = [f"app_pages/{name}.py" for name in ("timeline", "incidents", "places", "sources", "about")]


def _app(params: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        app.query_params[key] = value
    return app.run()


def map_ids(app: AppTest) -> list[str]:
    """The incident ids in the map component's script."""
    [component] = app.get("component_instance")
    script = json.loads(component.proto.json_args)["script"]
    return json.loads(re.search(r"var data = (\{.*?\});\n", script).group(1))["ids"]


def test_map_page_runs_with_its_widgets() -> None:
    app = _app()
    assert not app.exception
    assert app.sidebar.slider(key="w_dates").value == (date(2011, 6, 1), date(2020, 3, 5))
    assert {w.key for w in app.sidebar.multiselect} == {"w_types", "w_perpetrators", "w_governorates",
                                                        "w_confidence", "w_sources", "w_statuses",
                                                        "w_map_facility_kinds"}
    assert len(app.sidebar.checkbox) == 3 and len(map_ids(app)) == 24


def test_narrowing_the_date_window_draws_fewer_incidents() -> None:
    app = _app()
    everything = map_ids(app)
    app.sidebar.slider(key="w_dates").set_value((date(2016, 1, 1), date(2016, 12, 31))).run()
    narrowed = map_ids(app)
    assert set(narrowed) == {"ia-0016", "ia-0017", "ia-0018"} and len(narrowed) < len(everything)
    assert app.query_params["from"] in ("2016-01-01", ["2016-01-01"])


def test_turning_a_layer_off_removes_it() -> None:
    app = _app()
    app.sidebar.checkbox(key="w_layer_1").uncheck().run()
    assert "ia-0004" not in map_ids(app) and "ia-0021" in map_ids(app)


def test_a_copied_url_restores_the_view() -> None:
    app = _app({"from": "2018-01-01", "to": "2018-12-31", "type": "chemical_attack", "lat": "33.5",
                "lon": "36.4", "z": "10"})
    assert map_ids(app) == ["ia-0021"]
    assert app.sidebar.slider(key="w_dates").value == (date(2018, 1, 1), date(2018, 12, 31))
    assert app.sidebar.multiselect(key="w_types").value == ["chemical_attack"]
    [component] = app.get("component_instance")
    assert '"zoom": 10' in json.loads(component.proto.json_args)["script"]


def test_bad_data_directory_gives_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    app = _app()
    assert not app.exception and "could not be loaded" in app.error[0].value


def test_history_tab_undoes_and_redoes_and_shows_the_new_state_at_once(data_copy: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.dataset.audit import batch_states, read_audit
    from geo.imports.plan import commit_import, plan_import

    raw = b"date,place,type,description\n2019-05-02,Saraqib,airstrike,one strike\n"
    batch = commit_import(data_copy, plan_import(data_copy, raw, "one.csv"))["batch"]
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    app = _app()
    app.switch_page("app_pages/importer.py").run()
    assert app.selectbox(key="w_undo_batch").value == batch
    app.text_input(key="w_history_who").input("Rima").run()
    app.button(key="undo").click().run()
    assert not app.exception and batch_states(read_audit(data_copy)) == {batch: "undone"}
    assert any(f"Removed 1 incident of {batch}" in s.value for s in app.success)
    assert app.selectbox(key="w_redo_batch").value == batch
    assert "w_undo_batch" not in {box.key for box in app.selectbox}
    app.button(key="redo").click().run()
    assert batch_states(read_audit(data_copy)) == {batch: "imported"} and read_audit(data_copy)[-1]["by"] == "Rima"


def test_a_reopened_link_to_one_year_shows_that_year_as_the_quick_range() -> None:
    app = _app({"from": "2016-01-01", "to": "2016-12-31"})
    assert not app.exception and app.sidebar.selectbox(key="w_preset").value == "2016"
    assert _app().sidebar.selectbox(key="w_preset").value == "All dates"


def test_about_shows_the_data_folders_own_readme_and_readable_totals(data_copy: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (data_copy / "README.md").write_text("# Our field team's data\nCollected by the team.\n", encoding="utf-8")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    app = _app()
    app.switch_page("app_pages/about.py").run()
    assert not app.exception and any("#### Our field team's data" in m.value for m in app.markdown)
    totals = app.dataframe[0].value
    assert "Value" in totals.columns and "value" not in totals.columns
    assert any("," in str(v) for v in totals["Value"])


def test_an_unresolved_name_is_placed_on_the_map_and_joins_the_gazetteer(data_copy: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.dataset.audit import read_audit
    from geo.gazetteer.lookup import load_gazetteer
    from geo.reader.mentions import find_place_mentions
    from ui.placing import POINT_KEY

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "000_0c2407671149cd18.txt").write_text(
        "Shelling hit the village of Kafr Zorbatiya, west of Aleppo, on 2 May 2019.", encoding="utf-8")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    monkeypatch.setenv("ATLAS_DOCS_DIR", str(docs))
    app = _app()
    app.switch_page("app_pages/places.py").run()
    assert not app.exception and app.selectbox(key="w_placing_name").value == "Kafr Zorbatiya"
    assert any("Aleppo" in caption.value and "Click where it is" in caption.value for caption in app.caption)
    app.session_state[POINT_KEY] = {"Kafr Zorbatiya": (36.21, 36.95)}
    app.run()
    app.text_input(key="w_placing_who").input("Lina")
    app.text_input(key="w_placing_why").input("the village council's map")
    app.button[-1].click().run()
    assert not app.exception
    assert any("Kafr Zorbatiya is now in this data directory's gazetteer" in s.value for s in app.success)
    entry = read_audit(data_copy)[-1]
    assert (entry["action"], entry["by"], entry["why"]) == ("gazetteer", "Lina", "the village council's map")
    text = (docs / "000_0c2407671149cd18.txt").read_text(encoding="utf-8")
    [mention] = [m for m in find_place_mentions(text, load_gazetteer(data_dir=str(data_copy)))
                 if m.text == "Kafr Zorbatiya"]
    assert mention.place.resolved and mention.place.admin1 == "Aleppo"
    assert (round(mention.place.lat, 2), round(mention.place.lon, 2)) == (36.21, 36.95)


def test_a_span_dragged_on_the_timeline_is_read_as_whole_months() -> None:
    from types import SimpleNamespace

    from ui.timeline_chart import chosen_span

    january, december = 1451606400000, 1480550400000  # 2016-01-01 and 2016-12-01, as Vega-Lite sends them
    assert chosen_span(SimpleNamespace(selection={"span": {"yearmonth_month": [january, december]}})) == (
        date(2016, 1, 1), date(2016, 12, 31))
    assert chosen_span(SimpleNamespace(selection={})) is None


def test_an_unusable_vector_basemap_is_named_in_one_line_and_the_map_still_draws(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_BASEMAP_PMTILES", "/etc/hostname")
    app = _app().run()
    assert not app.exception
    assert any("ATLAS_BASEMAP_PMTILES must name a .pmtiles file" in w.value for w in app.warning)
    assert map_ids(app)


def _folder_app(monkeypatch: pytest.MonkeyPatch, data: Path, page: str | None = None) -> AppTest:
    """The app on another data folder (and, given, switched to one page)."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    app = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        app.switch_page(page).run()
    return app


def _keep_rows(data: Path, keep) -> None:
    """Rewrite the folder's incidents.csv with only the rows `keep` (a frame -> frame function) leaves."""
    from geo.files.tables import read_table

    frame = read_table(data / "incidents.csv")
    keep(frame).to_csv(data / "incidents.csv", index=False)


@pytest.mark.parametrize("page", [None, *PAGES, "app_pages/importer.py"])
def test_an_empty_atlas_opens_every_page_and_says_how_to_add_data(monkeypatch: pytest.MonkeyPatch, data_copy: Path,
                                                                   page: str | None) -> None:
    _keep_rows(data_copy, lambda frame: frame.iloc[0:0])
    app = _folder_app(monkeypatch, data_copy, page)
    assert not app.exception
    assert any("the atlas has no dated incident" in caption.value for caption in app.sidebar.caption)
    if page is None:
        assert any("No incidents yet" in info.value for info in app.info)


def test_data_of_a_single_day_is_a_valid_window(monkeypatch: pytest.MonkeyPatch, data_copy: Path) -> None:
    _keep_rows(data_copy, lambda frame: frame[frame["id"] == "ia-0016"].assign(
        date_start="2016-03-01", date_end="2016-03-01", date_precision="day"))
    app = _folder_app(monkeypatch, data_copy)
    assert not app.exception and map_ids(app) == ["ia-0016"]
    assert not app.sidebar.slider
    assert any("01 March 2016, the only day" in caption.value for caption in app.sidebar.caption)


def test_a_window_from_before_the_data_changed_is_kept_inside_the_new_dates(monkeypatch: pytest.MonkeyPatch,
                                                                             data_copy: Path) -> None:
    app = _folder_app(monkeypatch, data_copy)
    app.sidebar.slider(key="w_dates").set_value((date(2011, 6, 1), date(2020, 3, 5))).run()
    _keep_rows(data_copy, lambda frame: frame[frame["date_start"].str.startswith("2016")])
    app.run()
    assert not app.exception
    first, last = app.sidebar.slider(key="w_dates").value
    assert first.year == 2016 and last.year == 2016


def test_the_quick_range_follows_the_slider_and_a_reopened_link() -> None:
    app = _app()
    app.sidebar.slider(key="w_dates").set_value((date(2014, 3, 1), date(2017, 1, 1))).run()
    assert app.sidebar.selectbox(key="w_preset").value == "Custom"
    app.sidebar.slider(key="w_dates").set_value((date(2016, 1, 1), date(2016, 12, 31))).run()
    assert app.sidebar.selectbox(key="w_preset").value == "2016"
    assert _app({"from": "2013-01-01", "to": "2013-12-31"}).sidebar.selectbox(key="w_preset").value == "2013"


def test_a_link_to_no_possible_record_is_one_line_on_the_incidents_page() -> None:
    app = _app({"incident": "\x00"})
    app.switch_page("app_pages/incidents.py").run()
    assert not app.exception
    assert [w.value for w in app.warning] == ["The link asks for a record id no record can have; showing none."]


def test_the_map_offers_a_link_to_this_view_and_the_timeline_says_what_each_figure_counts() -> None:
    app = _app({"type": "displacement"})
    [link] = app.code
    assert "type=displacement" in link.value and link.value.startswith("http")
    app.switch_page("app_pages/timeline.py").run()
    labels = [m.label for m in app.metric]
    assert labels == ["On the Incidents layer", "On the Attacks on health care layer", "On the Displacement layer"]
    assert any(c.value.startswith("Of the 7 incidents: 0 of every other type") for c in app.caption)


def test_the_document_date_shown_is_the_one_the_reader_uses_and_can_be_changed() -> None:
    app = _app()
    app.switch_page("app_pages/importer.py").run()
    app.text_area(key="w_document_text").input("ALEPPO, 14 March 2020 - Shelling hit Ariha yesterday, killing 2.").run()
    [when] = [d for d in app.date_input if d.label.startswith("Document date")]
    assert when.value == date(2020, 3, 14)
    assert any("Document date 14 March 2020, from the document's own dateline" in c.value for c in app.caption)
    when.set_value(date(2020, 3, 20)).run()
    assert any("Document date 20 March 2020, from the date given" in c.value for c in app.caption)


@pytest.mark.parametrize("page", [None, "app_pages/incidents.py"])
def test_incident_tables_show_ids_whole(page: str | None) -> None:
    app = _app()
    if page:
        app.switch_page(page).run()
    assert json.loads(app.dataframe[0].proto.columns)["ID"]["width"] == "large"


def test_the_document_review_table_offers_types_places_and_confidence_in_words() -> None:
    app = _app()
    app.switch_page("app_pages/importer.py").run()
    app.text_area(key="w_document_text").input("ALEPPO, 14 March 2020 - An airstrike hit a market in Ariha "
                                               "yesterday, killing 2.").run()
    columns = json.loads(app.dataframe[-1].proto.columns)
    choices = {key: {o["value"]: o["label"] for o in columns[key]["type_config"]["options"]}
               for key in ("type", "place_id", "confidence")}
    assert choices["type"]["attack_on_health_care"] == "Attack on health care"
    assert choices["place_id"]["sy-saraqeb"] == "Saraqeb (Idlib)" and columns["place_id"]["label"] == "Place"
    assert choices["confidence"]["weak"] == "weak (one source or unverified)"


def _facility_ids(app) -> list[str]:
    """The ids the map's facility layer draws."""
    component = next(e for e in app.get("component_instance") if "atlas" in e.proto.json_args)
    script = json.loads(component.proto.json_args)["script"]
    options = json.loads(re.search(r"var options = (\{.*?\});\n", script).group(1))
    return (options["facilities"] or {}).get("id", [])


def test_the_map_draws_the_facilities_its_filters_keep() -> None:
    app = _app()
    assert sorted(_facility_ids(app)) == ["fa-al-quds-hospital", "fa-clinic-in-al-qusayr",
                                          "fa-field-hospital-in-saraqeb", "fa-hospital-in-yabroud"]
    app.sidebar.multiselect(key="w_map_facility_kinds").set_value(["clinic"]).run()
    assert _facility_ids(app) == ["fa-clinic-in-al-qusayr"]
    app.sidebar.number_input(key="w_map_facility_least").set_value(2).run()
    assert _facility_ids(app) == []
    app.sidebar.toggle(key="w_facility_layer").set_value(False).run()
    assert _facility_ids(app) == [] and not app.exception

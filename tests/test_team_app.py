"""The app on a team database (AppTest): a visitor signs in, sees who they are, and the map comes from the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import schema
from geo.database import accounts
from geo.database.duplicates import database_candidates
from geo.database.gazetteer_additions import database_gazetteer
from geo.database.imports import commit_database_import, plan_database_import
from geo.database.lookup import record_in_full
from geo.database.overview import audit_entries
from geo.database.records import PostgisStore
from geo.dataset import curate
from geo.dataset.audit import batch_states
from geo.dataset.duplicates import Window
from geo.dataset.load import load_incidents, load_sources, load_totals
from geo.escape import markdown_text
from geo.files.tables import read_feature_collection
from tests.test_app import APP, map_ids
from tests.test_storage_backends import PASSWORD, team_store


@pytest.fixture()
def team_app(team_database: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app pointed at a team database holding data/ (Ana an admin, Omar an editor), not yet signed in."""
    team_store(team_database, data_copy)
    monkeypatch.setenv("ATLAS_DATABASE_URL", team_database)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy / "not-used"))
    return AppTest.from_file(APP, default_timeout=90).run()


def sign_in(app: AppTest, name: str, password: str) -> AppTest:
    """Fill and send the sign-in form."""
    app.text_input[0].set_value(name)
    app.text_input[1].set_value(password)
    return app.button[0].click().run()


def test_nothing_is_shown_before_signing_in_and_a_wrong_password_is_one_line(team_app: AppTest) -> None:
    assert not team_app.exception and [b.label for b in team_app.button] == ["Sign in"]
    assert not team_app.get("component_instance")
    sign_in(team_app, "Ana", "not the password")
    assert [e.value for e in team_app.error] == ["wrong name or password"]
    assert not team_app.get("component_instance")


def test_a_signed_in_visitor_sees_who_they_are_and_the_map_from_the_database(team_app: AppTest) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    assert not team_app.exception
    assert any(markdown_text("Signed in as Omar (editor)") == m.value for m in team_app.sidebar.markdown)
    assert len(map_ids(team_app)) == 24
    team_app.sidebar.multiselect(key="w_types").set_value(["chemical_attack"]).run()
    assert sorted(map_ids(team_app)) == ["ia-0012", "ia-0021"]
    assert any("In view" in s.value for s in team_app.subheader)


def test_a_disabled_account_is_signed_out_at_its_next_step(team_app: AppTest, team_database: str) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    accounts.disable_account(team_database, "Omar", "Ana")
    team_app.run()
    assert [b.label for b in team_app.button] == ["Sign in"] and not team_app.get("component_instance")


def test_a_database_without_the_schema_is_one_line(postgres_cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    postgres_cluster.sql("CREATE DATABASE app_never_initialised")
    monkeypatch.setenv("ATLAS_DATABASE_URL", postgres_cluster.url("app_never_initialised"))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception and "db init" in app.error[0].value and schema.ROLE_ADMIN not in app.error[0].value


def shown(element) -> str:
    """What an element says, as a reader sees it (markdown escapes taken off)."""
    return element.value.replace("\\", "")


def team_incidents(name: str, record_id: str) -> AppTest:
    """The Incidents page opened on one record (a link's ?incident=ID), signed in as the named account."""
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["incident"] = record_id
    sign_in(app.run(), name, PASSWORD)
    return app.switch_page("app_pages/incidents.py").run()


def test_an_editor_corrects_a_record_from_the_form_and_the_database_says_who(team_app: AppTest,
                                                                             team_database: str) -> None:
    curate.set_status(PostgisStore(team_database, "Ana"), "ia-0003", schema.STATUS_IN_REVIEW, "to check", None)
    app = team_incidents("Omar", "ia-0003")
    assert not app.exception and any("ia-0003" in shown(s) for s in app.subheader)
    assert not [t for t in app.text_input if t.key and t.key.endswith("_who")]  # the account is who
    app.text_input(key="w_edit_ia-0003_0_killed").input("14")
    app.text_input(key="w_edit_why").input("the clinic's own count")
    next(b for b in app.get("form_submit_button") if b.label == "Save the correction").click().run()
    assert not app.exception and any("ia-0003 corrected" in shown(s) for s in app.success)
    revision = PostgisStore(team_database).revisions("ia-0003")[-1]
    assert (revision["by"], revision["changes"]["ia-0003"]["after"]) == ("Omar", {schema.KILLED: "14"})
    assert any("Killed: 14" in t.value for t in app.text)
    assert any("Revision 1" in e.label.replace("\\", "") for e in app.expander)


def test_a_viewer_reads_a_record_and_its_history_without_any_form(team_app: AppTest, team_database: str) -> None:
    accounts.add_account(team_database, "Vera", schema.ROLE_VIEWER, PASSWORD, "Ana")
    curate.edit_incident(PostgisStore(team_database, "Ana"), "ia-0005", {schema.INJURED: "3"}, "a count", None)
    app = team_incidents("Vera", "ia-0005")
    assert not app.exception and any("ia-0005" in shown(s) for s in app.subheader)
    assert not app.get("form_submit_button") and not [b for b in app.button if b.label.startswith("Undo")]
    assert any("You read the records" in c.value for c in app.caption)
    assert any("Ana" in e.label and "Revision 1" in e.label.replace("\\", "") for e in app.expander)


def test_the_search_finds_records_by_their_words_within_the_filters(team_app: AppTest) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/incidents.py").run()
    everything = len(app.dataframe[0].value)
    app.text_input(key="w_search").input("chlorine").run()
    found = app.dataframe[0].value
    assert not app.exception and 0 < len(found) < everything
    assert all("chlorine" in " ".join(map(str, row)).lower() for row in found.itertuples())


def test_the_timeline_counts_each_layer_from_the_database(team_app: AppTest, data_copy: Path) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/timeline.py").run()
    published = load_incidents(data_copy).query(f"{schema.STATUS} == '{schema.STATUS_PUBLISHED}'")
    expected = published[schema.LAYER].value_counts()
    assert not app.exception and len(app.get("vega_lite_chart")) == 3
    assert {m.label: m.value for m in app.metric} == {f"On the {layer} layer": f"{int(expected.get(layer, 0)):,}"
                                                      for layer in schema.LAYERS}


def test_the_import_history_takes_a_batch_back_for_a_reviewer_and_refuses_an_editor(team_app: AppTest,
                                                                                   team_database: str) -> None:
    raw = b"date,place,type,description\n2019-05-02,Saraqib,airstrike,one strike\n"
    plan, gazetteer = plan_database_import(team_database, raw, "one.csv")
    batch = commit_database_import(team_database, plan, gazetteer, "a test", "Omar")["batch"]
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/importer.py").run()
    assert not app.exception and app.selectbox(key="w_undo_batch").value == batch
    assert "w_history_who" not in {box.key for box in app.text_input}  # the account is who
    app.button(key="undo").click().run()
    assert any("may not publish, unpublish, retract or change published records, merge or take back imports"
               in e.value for e in app.error)
    assert batch_states(audit_entries(team_database)) == {batch: "imported"}
    accounts.set_role(team_database, "Omar", schema.ROLE_REVIEWER, "Ana")
    app.run()
    assert [b.label for b in app.button] == ["Sign in"]  # a role change signs the account out everywhere
    sign_in(app, "Omar", PASSWORD)
    app = app.switch_page("app_pages/importer.py").run()
    app.button(key="undo").click().run()
    assert not app.exception and any(f"Removed 1 incident of {batch}" in s.value for s in app.success)
    assert batch_states(audit_entries(team_database)) == {batch: "undone"}
    assert audit_entries(team_database)[-1]["by"] == "Omar"


def test_the_sources_page_lists_each_source_and_the_records_citing_it(team_app: AppTest, data_copy: Path) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/sources.py").run()
    sources = load_sources(data_copy)
    assert not app.exception and len(app.dataframe[0].value) == len(sources)
    chosen = app.selectbox[0].value
    citing = load_incidents(data_copy)
    citing = citing[citing[schema.SOURCE_IDS].str.contains(chosen, regex=False)
                    & (citing[schema.STATUS] == schema.STATUS_PUBLISHED)]
    assert any(f"Incidents citing it: {len(citing)}" == s.value for s in app.subheader) and len(citing)


def test_the_places_page_lists_every_place_with_its_spellings(team_app: AppTest, data_copy: Path) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/places.py").run()
    places = read_feature_collection(data_copy / "places.geojson")["features"]
    assert not app.exception and len(app.dataframe[0].value) == len(places)
    first = places[0]["properties"]
    assert app.selectbox[0].value == first[schema.ID]
    assert any(t.value.startswith("Also written: ") for t in app.text)


def _document_naming_a_new_village(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A source's document (on this machine's documents folder) naming a village no gazetteer knows."""
    folder.mkdir()
    (folder / "000_0c2407671149cd18.txt").write_text(
        "Shelling hit the village of Kafr Zorbatiya, west of Aleppo, on 2 May 2019.", encoding="utf-8")
    monkeypatch.setenv("ATLAS_DOCS_DIR", str(folder))
    return "Kafr Zorbatiya"


def test_an_editor_places_a_documents_unknown_village_in_the_team_gazetteer(
        team_app: AppTest, team_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.placing import POINT_KEY

    village = _document_naming_a_new_village(tmp_path / "docs", monkeypatch)
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/places.py").run()
    assert not app.exception and app.selectbox(key="w_placing_name").value == village
    app.session_state[POINT_KEY] = {village: (36.21, 36.95)}
    app.run()
    assert not [box for box in app.text_input if box.key == "w_placing_who"]  # the account is who
    app.text_input(key="w_placing_why").input("the village council's map")
    next(b for b in app.get("form_submit_button") if village in b.label).click().run()
    assert not app.exception and any(f"{village} is now in the team's gazetteer" in s.value for s in app.success)
    entry = audit_entries(team_database)[-1]
    assert (entry["action"], entry["by"], entry["why"]) == ("gazetteer", "Omar", "the village council's map")
    assert database_gazetteer(team_database).exact(village).admin1 == "Aleppo"
    app.switch_page("app_pages/places.py").run()
    assert any(i.value.startswith("None found") for i in app.info)  # nothing is left to place


def test_a_viewer_sees_the_unknown_names_but_cannot_place_them(team_app: AppTest, team_database: str,
                                                               tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    village = _document_naming_a_new_village(tmp_path / "docs", monkeypatch)
    accounts.add_account(team_database, "Vera", schema.ROLE_VIEWER, PASSWORD, "Ana")
    sign_in(team_app, "Vera", PASSWORD)
    app = team_app.switch_page("app_pages/places.py").run()
    assert not app.exception and village in list(app.dataframe[1].value.iloc[:, 0])
    assert not [box for box in app.selectbox if box.key == "w_placing_name"]


def test_an_editor_corrects_a_source_on_its_page_and_the_audit_names_the_account(team_app: AppTest,
                                                                                  team_database: str) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/sources.py").run()
    source_id = app.selectbox[0].value
    app.text_input(key=f"w_source_{source_id}_0_author").input("A field researcher")
    app.text_input(key="w_correct_source_why").input("named in the archive")
    next(b for b in app.get("form_submit_button") if b.label == "Save the source correction").click().run()
    assert not app.exception and any(f"{source_id} corrected" in shown(s) for s in app.success)
    [entry] = [e for e in audit_entries(team_database) if e["action"] == "edit-source"]
    assert (entry["by"], entry["after"]) == ("Omar", {schema.AUTHOR: "A field researcher"})


def test_the_about_page_shows_the_teams_reported_totals(team_app: AppTest, data_copy: Path) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/about.py").run()
    assert not app.exception and len(app.dataframe[0].value) == len(load_totals(data_copy)) > 0


def test_an_editor_adds_an_incident_at_a_place_the_team_data_lacks(team_app: AppTest, team_database: str) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/incidents.py").run()
    where = app.selectbox(key="w_add_place")
    where.set_value(next(o for o in where.options if o.startswith("Maarrat An Numan ("))).run()
    app.selectbox(key="w_add_source").set_value("dispatch-2013-qusayr")
    app.text_area(key="w_add_desc").input("A strike on the town's hospital, in the team's words.").run()
    next(b for b in app.button if b.label == "Add the incident").click().run()
    assert not app.exception and any("Incident added" in shown(s) for s in app.success)
    record, _ = record_in_full(team_database, "ia-0028")
    assert (record[schema.PLACE_NAME], record[schema.STATUS]) == ("Maarrat An Numan", schema.STATUS_DRAFT)
    assert audit_entries(team_database)[-1]["by"] == "Omar"


def test_a_reviewer_remembers_two_events_and_the_pair_is_not_offered_again(team_app: AppTest, team_database: str,
                                                                           data_copy: Path) -> None:
    accounts.add_account(team_database, "Rima", schema.ROLE_REVIEWER, PASSWORD, "Ana")
    sign_in(team_app, "Rima", PASSWORD)
    app = team_app.switch_page("app_pages/incidents.py").run()
    assert not [box for box in app.number_input if box.key == "w_dup_days"]  # no search until asked
    app.toggle(key="w_dup_on").set_value(True).run()
    app.number_input(key="w_dup_days").set_value(60)
    app.number_input(key="w_dup_km").set_value(100.0).run()
    pairs, _ = database_candidates(team_database, Window(60, 100.0))
    assert not app.exception and any(f"{len(pairs):,} candidate pairs" in c.value for c in app.caption)
    first, second = pairs.iloc[0][["first", "second"]]
    app.session_state["duplicate_table"] = {"selection": {"rows": [0], "columns": []}}
    app.run()
    app.text_input(key="w_dup_why").input("two strikes, a day apart")
    next(b for b in app.button if b.label == "Not the same event").click().run()
    assert not app.exception and any(f"{first} and {second} remembered as two events" in shown(s)
                                     for s in app.success)
    left, _ = database_candidates(team_database, Window(60, 100.0))
    assert (first, second) not in set(zip(left["first"], left["second"], strict=True))


def test_too_many_records_for_the_duplicate_finder_is_one_line_asking_to_narrow(
        team_app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.dataset import duplicates

    monkeypatch.setattr(duplicates, "MOST_COMPARED", 10)
    monkeypatch.setenv("ATLAS_WORKERS", "0")  # the search runs in this process, where the lower bound is set
    sign_in(team_app, "Omar", PASSWORD)
    app = team_app.switch_page("app_pages/incidents.py").run()
    app.toggle(key="w_dup_on").set_value(True).run()
    assert not app.exception
    assert any("more than 10 at once" in e.value and "narrow the dates" in e.value for e in app.error)


def test_an_empty_team_atlas_opens_and_a_session_from_before_the_push_goes_on(
        team_database: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.database import transfer

    accounts.add_account(team_database, "Ana", schema.ROLE_ADMIN, PASSWORD, None)
    monkeypatch.setenv("ATLAS_DATABASE_URL", team_database)
    app = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "Ana", PASSWORD)
    assert not app.exception and any("No incidents yet" in info.value for info in app.info)
    for page in ("app_pages/timeline.py", "app_pages/incidents.py", "app_pages/importer.py"):
        assert not app.switch_page(page).run().exception, page
    transfer.push(team_database, data_copy)
    app.switch_page("app_pages/map.py").run()
    assert not app.exception and len(map_ids(app)) == 24


@pytest.mark.parametrize("wanted", ["\x00", "ia-0003\x00", "x" * 300])
def test_a_link_to_no_possible_record_is_one_line_on_the_team_incidents_page(team_app: AppTest, wanted: str) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    team_app.query_params["incident"] = wanted
    team_app.switch_page("app_pages/incidents.py").run()
    assert not team_app.exception
    assert [w.value for w in team_app.warning] == ["The link asks for a record id no record can have; showing none."]

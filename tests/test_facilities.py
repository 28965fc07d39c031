"""The facility register on a data folder: changes checked and audited, bad input refused with nothing written,
histories, matching, and summary figures against a hand count."""

import json

import pandas as pd
import pytest

from geo import schema
from geo.cli.main import main as geo
from geo.dataset.audit import read_audit
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.facilities import changes, proposals
from geo.facilities.book import folder_book
from geo.facilities.history import facility_history
from geo.facilities.matching import LIKELY, NEW, NONE, SURE, match_facility
from geo.facilities.register import Register, read_register
from geo.facilities.summary import facility_summary
from tests.conftest import snapshot


@pytest.fixture()
def data_copy(data_copy):
    """The bundled data without its facility register (each test builds its own)."""
    from geo.facilities.register import FILES

    for name in FILES:
        (data_copy / name).unlink(missing_ok=True)
    return data_copy

def _add(folder, name="Al-Quds hospital", **fields):
    """Add a facility in Aleppo (or where `fields` say) and return its id."""
    return folder_book(folder, "tester").add({schema.NAME: name, schema.KIND: "hospital", schema.PLACE_ID: "sy-aleppo",
                                              **fields}, "test")


def test_a_facility_is_added_with_its_aliases_and_the_audit_names_who_and_why(data_copy):
    facility_id = _add(data_copy, **{schema.ALT_NAMES: "مستشفى القدس", schema.OPERATOR: "a medical charity"})
    row = read_register(data_copy).facilities.set_index(schema.ID).loc[facility_id]
    assert (row[schema.NAME], row[schema.ALT_NAMES], row[schema.STATUS], row[schema.VERSION]) == (
        "Al-Quds hospital", "مستشفى القدس", schema.STATUS_PUBLISHED, "1")
    entry = read_audit(data_copy)[-1]
    assert (entry["action"], entry["by"], entry["why"], entry[schema.FACILITY_ID]) == ("facility add", "tester", "test",
                                                                               facility_id)


@pytest.mark.parametrize(("fields", "message"), [
    ({schema.LAT: "41.0", schema.LON: "29.0"}, "outside Syria"),
    ({schema.LAT: "36.8", schema.LON: "36.2", schema.PLACE_ID: ""}, "latitude and longitude look swapped"),
    ({schema.KIND: "spa"}, "is not one of"),
    ({schema.PLACE_ID: "sy-atlantis"}, "not in places.geojson"),
    ({schema.NAME: "  "}, "needs a name"),
])
def test_bad_facilities_are_refused_in_one_line_with_nothing_written(data_copy, fields, message):
    before = snapshot(data_copy)
    with pytest.raises(changes.FacilityError, match=message) as refused:
        _add(data_copy, **fields)
    assert "\n" not in str(refused.value)
    assert snapshot(data_copy) == before


def test_merging_keeps_the_names_as_aliases_moves_the_strikes_and_cannot_happen_twice(data_copy):
    first, second = _add(data_copy), _add(data_copy, "Al Quds Hospital (east)")
    folder_book(data_copy).link("ia-0016", second, True, "named by the source")
    folder_book(data_copy).merge(second, first, "one hospital")
    register = read_register(data_copy)
    kept = register.facilities.set_index(schema.ID)
    assert kept.loc[second, schema.MERGED_INTO] == first
    assert "Al Quds Hospital (east)" in schema.split_list(kept.loc[first, schema.ALT_NAMES])
    assert list(register.strikes[schema.FACILITY_ID]) == [first]
    before = snapshot(data_copy)
    for gone, into in ((second, first), (first, second), (first, first)):
        with pytest.raises(changes.FacilityError):
            folder_book(data_copy).merge(gone, into, "again")
    assert snapshot(data_copy) == before
    assert facility_history(register, load_incidents(data_copy), second).facility[schema.ID] == first
    from geo.facilities.register import entries_about
    actions = [e["action"] for e in entries_about(folder_book(data_copy).entries(), first)]
    assert actions == ["facility add", "facility merge"]


def test_a_condition_before_the_first_record_and_a_strike_on_a_retracted_facility_are_refused(data_copy):
    facility_id = _add(data_copy)
    folder_book(data_copy).link("ia-0016", facility_id, True, "named")  # the strike: 2016-03-01
    condition = {schema.DATE_START: "2016-01-05", schema.CONDITION: "damaged", schema.SOURCE_IDS: "s"}
    before = snapshot(data_copy)
    with pytest.raises(changes.FacilityError, match="before the first record"):
        folder_book(data_copy).condition(facility_id, condition, "test")
    assert folder_book(data_copy).condition(facility_id, {**condition, schema.DATE_START: "2016-03-02"}, "t")
    folder_book(data_copy).review(facility_id, schema.STATUS_RETRACTED, "not a hospital")
    before = snapshot(data_copy)
    with pytest.raises(changes.FacilityError, match="retracted"):
        folder_book(data_copy).link("ia-0004", facility_id, True, "named")
    assert snapshot(data_copy) == before


def test_matching_is_sure_only_for_a_name_at_the_same_place():
    facilities = pd.DataFrame([{schema.ID: "fa-1", schema.NAME: "Al-Quds hospital", schema.ALT_NAMES: "",
                                schema.KIND: "hospital", schema.PLACE_ID: "sy-aleppo", schema.LAT: "36.2",
                                schema.LON: "37.16", schema.STATUS: schema.STATUS_PUBLISHED,
                                schema.MERGED_INTO: ""}])
    assert match_facility(facilities, "the al Quds hospital", "sy-aleppo", None).certainty == SURE
    assert match_facility(facilities, "Al-Quds hospital", "", (36.21, 37.2)).certainty == LIKELY
    assert match_facility(facilities, "the hospital", "sy-aleppo", None).certainty == LIKELY
    assert match_facility(facilities, "Dar al-Shifa hospital", "sy-aleppo", None).certainty == NEW
    assert match_facility(facilities, "Al-Quds hospital", "", (33.5, 36.3)).certainty == NEW  # Damascus
    assert match_facility(facilities, "hospitals", "sy-aleppo", None).certainty == NONE


def test_propose_links_only_the_sure_match_and_queues_the_rest_for_review(data_copy):
    quds = _add(data_copy)
    book = folder_book(data_copy)
    found = proposals.propose(book.load(), filter_incidents(load_incidents(data_copy), IncidentFilter()))
    by_incident = found.set_index(schema.INCIDENT_ID)[proposals.CERTAINTY].to_dict()
    assert by_incident == {"ia-0003": NEW, "ia-0004": NEW, "ia-0007": NEW, "ia-0016": SURE}
    book.apply_proposals(found, "from the records")
    after = read_register(data_copy)
    links_by_incident = after.strikes.set_index(schema.INCIDENT_ID)
    assert links_by_incident.loc["ia-0016", schema.FACILITY_ID] == quds
    assert links_by_incident.loc["ia-0016", schema.LINK] == schema.LINK_CONFIRMED
    assert set(links_by_incident.loc[["ia-0003", "ia-0004", "ia-0007"], schema.LINK]) == {schema.LINK_PROPOSED}
    new = after.facilities[after.facilities[schema.ID] != quds]
    assert set(new[schema.STATUS]) == {schema.STATUS_IN_REVIEW}
    assert proposals.propose(book.load(), filter_incidents(load_incidents(data_copy), IncidentFilter())).empty


def _fixture() -> tuple[pd.DataFrame, Register]:
    """Six incidents, three hospitals and a school: A struck three times, B twice, C once, the school once."""
    incidents = pd.DataFrame([
        ("i1", "2016-01-10", "airstrike", "Idlib", "Russian forces"),
        ("i2", "2016-01-20", "attack_on_health_care", "Idlib", "Russian forces"),
        ("i3", "2016-03-20", "attack_on_health_care", "Idlib", ""),
        ("i4", "2017-05-01", "attack_on_health_care", "Aleppo", "Syrian government forces"),
        ("i5", "2017-05-11", "shelling", "Aleppo", "Syrian government forces"),
        ("i6", "2017-06-01", "attack_on_health_care", "Aleppo", ""),  # no facility named
        ("i7", "2017-07-01", "attack_on_school", "Aleppo", ""),
    ], columns=[schema.ID, schema.DATE_START, schema.TYPE, schema.PLACE_ADMIN1, schema.PERPETRATOR])
    facility = {schema.ALT_NAMES: "", schema.PLACE_ID: "", schema.STATUS: schema.STATUS_PUBLISHED,
                schema.MERGED_INTO: ""}
    facilities = pd.DataFrame([{**facility, schema.ID: i, schema.KIND: k} for i, k in
                               (("A", "hospital"), ("B", "field_hospital"), ("C", "clinic"), ("S", "school"))])
    strikes = pd.DataFrame([(i, f, schema.LINK_CONFIRMED) for i, f in (
        ("i1", "A"), ("i2", "A"), ("i3", "A"), ("i4", "B"), ("i5", "B"), ("i5", "C"), ("i7", "S"))],
        columns=[schema.INCIDENT_ID, schema.FACILITY_ID, schema.LINK])
    health = pd.DataFrame([("i2", "2"), ("i4", "1"), ("i6", "3")],
                          columns=[schema.INCIDENT_ID, schema.HEALTH_WORKERS_KILLED])
    return incidents, Register(facilities, pd.DataFrame(columns=list(schema.CONDITION_COLUMNS)), strikes, health)


def test_the_summary_equals_a_hand_count():
    incidents, register = _fixture()
    overall = facility_summary(incidents, register).iloc[0]
    # attacks: i1..i6 (i1, i5 by their hospital link; i2, i3, i4, i6 by type); facilities A, B, C; A and B twice+
    # gaps: A 10 and 60 days, B 10 days -> median 10; workers killed 2 + 1 + 3
    assert overall.to_dict() == {"all": "all", "attacks": 6, "facilities_attacked": 3, "struck_more_than_once": 2,
                                 "median_days_between_repeat_strikes": 10.0, "health_workers_killed": 6}
    by_year = facility_summary(incidents, register, "year").set_index("year")
    assert by_year.loc["2016", ["attacks", "facilities_attacked", "struck_more_than_once"]].tolist() == [3, 1, 1]
    assert by_year.loc["2016", "median_days_between_repeat_strikes"] == 35.0
    assert by_year.loc["2017", ["attacks", "facilities_attacked", "health_workers_killed"]].tolist() == [3, 2, 4]
    by_perpetrator = facility_summary(incidents, register, "perpetrator").set_index("perpetrator")
    assert by_perpetrator.loc["not attributed", "attacks"] == 2


def test_the_summary_command_prints_csv_and_json(data_copy, capsys):
    facility_id = _add(data_copy)
    folder_book(data_copy).link("ia-0016", facility_id, True, "named")
    assert geo(["--data", str(data_copy), "facilities", "summary", "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)[0]
    assert (figures["facilities_attacked"], figures["attacks"]) == (1, 8)
    chart = data_copy.parent / "summary.png"
    assert geo(["--data", str(data_copy), "facilities", "summary", "--per", "year", "--chart", str(chart)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("year,attacks,facilities_attacked")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert geo(["--data", str(data_copy), "facilities", "merge", facility_id, "--into", "fa-none", "--why", "x"]) == 1
    assert capsys.readouterr().err.startswith("error: no facility 'fa-none'")


def _memory_book(account):
    """A book over a register kept in memory, with one published and one proposed facility, as `account`."""
    from geo.dataset.roles import Account
    from geo.facilities.book import FacilityBook
    from geo.facilities.register import empty_register

    state, entries = {"register": empty_register()}, []
    dates = pd.Series({"i1": "2016-01-01", "i2": "2016-02-01"})

    def save(_before, change, _why, _who) -> None:
        entries.append({**change.details, "action": change.action, "change": len(entries) + 1})
        state.update(register=change.register)

    book = FacilityBook(lambda: state["register"], save, lambda: dates, lambda: {"sy-aleppo"}, lambda: entries, None)
    for name, status in (("Al-Quds hospital", schema.STATUS_PUBLISHED), ("Omar clinic", schema.STATUS_IN_REVIEW)):
        book.add({schema.NAME: name, schema.KIND: "hospital", schema.PLACE_ID: "sy-aleppo"}, "setup")
        if status != schema.STATUS_PUBLISHED:
            state["register"] = state["register"]._replace(facilities=state["register"].facilities.assign(
                **{schema.STATUS: [schema.STATUS_PUBLISHED, status]}))
    book.account = Account("someone", account) if account else None
    return book, state


OPERATIONS = {
    "add": lambda b: b.add({schema.NAME: "New hospital", schema.KIND: "hospital", schema.PLACE_ID: "sy-aleppo"}, "w"),
    "correct published": lambda b: b.correct("fa-al-quds-hospital", {schema.OPERATOR: "a charity"}, "w"),
    "correct in review": lambda b: b.correct("fa-omar-clinic", {schema.OPERATOR: "a charity"}, "w"),
    "condition on published": lambda b: b.condition("fa-al-quds-hospital", {
        schema.DATE_START: "2016-03-01", schema.CONDITION: "damaged", schema.SOURCE_IDS: "s"}, "w"),
    "link": lambda b: b.link("i1", "fa-al-quds-hospital", True, "w"),
    "merge": lambda b: b.merge("fa-omar-clinic", "fa-al-quds-hospital", "w"),
    "publish": lambda b: b.review("fa-omar-clinic", schema.STATUS_PUBLISHED, "w"),
    "retract": lambda b: b.review("fa-al-quds-hospital", schema.STATUS_RETRACTED, "w"),
    "undo": lambda b: b.undo(1, "w"),
}
# What each role may do: a viewer nothing; an editor adds (in review), corrects what is in review and proposes links;
# a reviewer (and a data folder, which has no roles) everything, undoing a change too.
ALLOWED = {"viewer": set(), "editor": {"add", "correct in review", "link"}, "reviewer": set(OPERATIONS),
           None: set(OPERATIONS)}


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_every_role_and_every_operation(role, operation):
    from geo.errors import NotAllowedError

    book, state = _memory_book(role)
    if operation in ALLOWED[role]:
        OPERATIONS[operation](book)
        register = state["register"]
        if operation == "add":
            added = register.facilities.set_index(schema.ID).loc["fa-new-hospital", schema.STATUS]
            assert added == (schema.STATUS_IN_REVIEW if role == "editor" else schema.STATUS_PUBLISHED)
        if operation == "undo":
            assert register.facilities[schema.ID].tolist() == ["fa-omar-clinic"]
        if operation == "link":
            expected = schema.LINK_PROPOSED if role == "editor" else schema.LINK_CONFIRMED
            assert register.strikes[schema.LINK].tolist() == [expected]
    else:
        before = state["register"]
        with pytest.raises(NotAllowedError):
            OPERATIONS[operation](book)
        assert state["register"] is before


def test_the_bundled_register_names_the_four_facilities_the_sources_name():
    from tests.conftest import PROJECT

    register = read_register(PROJECT / "data")
    incidents = filter_incidents(load_incidents(PROJECT / "data"), IncidentFilter())
    assert set(register.strikes[schema.INCIDENT_ID]) == {"ia-0003", "ia-0004", "ia-0007", "ia-0016"}
    overall = facility_summary(incidents, register).iloc[0]
    assert (overall["attacks"], overall["facilities_attacked"], overall["struck_more_than_once"]) == (8, 4, 0)


def test_a_record_known_only_within_a_radius_never_gives_a_sure_match():
    facilities = pd.DataFrame([{schema.ID: "fa-1", schema.NAME: "Haritan hospital", schema.ALT_NAMES: "",
                                schema.KIND: "hospital", schema.PLACE_ID: "", schema.LAT: "36.25",
                                schema.LON: "37.08", schema.STATUS: schema.STATUS_IN_REVIEW,
                                schema.MERGED_INTO: ""}])
    near = (36.3, 37.2)
    assert match_facility(facilities, "Haritan Hospital", "", near, exact=False).certainty == LIKELY
    assert match_facility(facilities, "Haritan Hospital", "", (36.25, 37.08)).certainty == SURE
    assert match_facility(facilities, "a hospital", "", near, exact=False).certainty == NONE


def test_the_public_copy_names_hospitals_but_not_clinics_and_gives_no_point_or_operator(data_copy):
    from geo.dataset.load import load_places
    from geo.facilities.public import public_facilities

    book = folder_book(data_copy)
    book.add({schema.NAME: "Dar al-Shifa hospital", schema.KIND: "hospital", schema.PLACE_ID: "sy-aleppo",
              schema.OPERATOR: "a named charity", schema.LAT: "36.2", schema.LON: "37.15"}, "t")
    clinic = book.add({schema.NAME: "Omar Ibn al-Khattab clinic", schema.KIND: "clinic", schema.PLACE_ID: "sy-aleppo",
                       schema.ALT_NAMES: "the Omar clinic"}, "t")
    book.link("ia-0016", clinic, True, "t")
    hidden = book.add({schema.NAME: "Secret cave hospital", schema.KIND: "field_hospital",
                       schema.PLACE_ID: "sy-aleppo"}, "t")
    book.review(hidden, schema.STATUS_RETRACTED, "not a hospital")
    copy = public_facilities(read_register(data_copy), load_incidents(data_copy),
                             load_places(data_copy).set_index(schema.ID, drop=False))
    text = copy.to_csv(index=False)
    assert "Dar al-Shifa hospital" in text and "Omar" not in text and "Secret" not in text
    assert "charity" not in text and "36.2" not in text and "fa-" not in text
    row = copy[copy["facility_kind"] == "clinic"].iloc[0]
    assert (row["town"], row["strikes"], row["first_strike"]) == ("Aleppo", 1, "2016-03-01")


def test_validate_names_every_broken_reference_of_the_register(data_copy, capsys):
    from tests.conftest import PROJECT

    for name in ("facility_strikes.csv", "facilities.csv"):
        (data_copy / name).write_bytes((PROJECT / "data" / name).read_bytes())
    assert geo(["--data", str(data_copy), "validate"]) == 0
    with (data_copy / "facility_strikes.csv").open("a", encoding="utf-8") as table:
        table.write("ia-9999,fa-nowhere,maybe,,\n")
    with (data_copy / "facilities.csv").open("a", encoding="utf-8") as table:
        table.write("fa-x,X clinic,,spa,,40.0,29.0,,,published,fa-gone,1\n")
    assert geo(["--data", str(data_copy), "validate"]) == 1
    said = capsys.readouterr().out
    for expected in ("fa-x: kind='spa'", "fa-x: merged_into='fa-gone'", "fa-x: lat='40.0,29.0'",
                     "ia-9999: facility_id='fa-nowhere'", "ia-9999: incident_id='ia-9999'", "ia-9999: link='maybe'"):
        assert expected in said, said


def test_an_incident_added_since_the_files_were_written_can_be_linked(data_copy, tmp_path):
    import json

    record = {schema.DATE_START: "2016-05-01", schema.DATE_END: "2016-05-01", schema.DATE_PRECISION: "day",
              schema.TYPE: "attack_on_health_care", schema.PLACE_ID: "sy-aleppo", schema.GEO_PRECISION: "settlement",
              schema.CONFIDENCE: "fair", schema.SOURCE_IDS: "blog-2020-russia-deconfliction",
              schema.DESCRIPTION: "A strike on a hospital, written for this test."}
    (tmp_path / "record.json").write_text(json.dumps(record), encoding="utf-8")
    added_by = ["--data", str(data_copy), "incident", "add", "--json", str(tmp_path / "record.json"), "--why", "t"]
    assert geo(added_by) == 0
    added = [e for e in (data_copy / "revisions.jsonl").read_text().splitlines() if e][-1]
    incident_id = next(iter(json.loads(added)["changes"]))
    facility = _add(data_copy)
    folder_book(data_copy).link(incident_id, facility, True, "named")
    assert list(read_register(data_copy).strikes[schema.INCIDENT_ID]) == [incident_id]

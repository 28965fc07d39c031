"""The gazetteer grows: GeoNames dumps, OCHA tables and single places go to the data directory's own file, or to the
team database's (kept as that file), alike (parametrised over both)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo import config, schema
from geo.cli.main import main
from geo.database import accounts
from geo.database.connection import engine_for
from geo.database.gazetteer_additions import add_one_place_to, database_gazetteer
from geo.database.overview import audit_entries
from geo.database.records import PostgisStore
from geo.dataset.audit import read_audit
from geo.errors import NotAllowedError
from geo.gazetteer.lookup import Gazetteer, load_gazetteer
from geo.reader.mentions import find_place_mentions
from tests.conftest import PROJECT, personal_token, snapshot
from tests.test_storage_backends import PASSWORD, team_store

# Rows in the GeoNames dump layout (19 tab-separated columns); the villages are invented for the test.
GEONAMES_ROWS = [
    ["9100001", "Tell Zorbat", "Tell Zorbat", "Tall Zurbat,Tell Zorbat,تل زربة", "36.2101", "37.0102", "P", "PPL",
     "SY", "", "09", "", "", "", "1200", "", "400", "Asia/Damascus", "2024-01-01"],
    ["9100002", "Kafr Wadiyan", "Kafr Wadiyan", "Kafr Wadian,كفر واديان", "35.7001", "36.6001", "P", "PPL", "SY",
     "", "12", "", "", "", "0", "", "350", "Asia/Damascus", "2024-01-01"],
    ["9100003", "Jabal Qasr", "Jabal Qasr", "", "35.7", "36.6", "T", "MT", "SY", "", "12", "", "", "", "0", "",
     "900", "Asia/Damascus", "2024-01-01"],
    ["9100004", "Far Away", "Far Away", "", "39.9", "32.8", "P", "PPL", "TR", "", "68", "", "", "", "0", "",
     "900", "Europe/Istanbul", "2024-01-01"],
]
OCHA_TABLE = ("admin1Name_en,admin1Pcode,admin4Name_en,admin4Name_ar,admin4Pcode,latitude,longitude\n"
              "Hama,SY05,Umm Zaytouna,أم زيتونة,C9901,35.3101,36.5102\n"
              "Hama,SY05,Nowhere,لا مكان,C9902,48.0,2.0\n"
              "Hama,SY05,Bad Row,,C9903,north,east\n")


def _geonames_file(folder: Path) -> Path:
    path = folder / "SY.txt"
    path.write_text("\n".join("\t".join(row) for row in GEONAMES_ROWS) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Backend:
    """Where the commands write (their --data or --database options) and how a test reads it back."""

    options: list[str]
    prove: Callable[[str], dict[str, str]]
    additions: Callable[[], dict]
    audit: Callable[[], list[dict]]
    gazetteer: Callable[[], Gazetteer]
    state: Callable[[], object]


def _stored(url: str) -> dict:
    """The team database's stored files, audit entries and version (to prove nothing changed)."""
    with engine_for(url).connect() as connection:
        files = dict(connection.execute(sa.text("SELECT path, content FROM stored_files")).all())
        return {"files": {k: bytes(v) for k, v in files.items()}, "audit": audit_entries(url),
                "version": connection.execute(sa.text("SELECT version FROM dataset_state")).scalar_one()}


def _database_backend(url: str, data: Path) -> Backend:
    """A team database holding the data folder, where rana and sami are editors."""
    team_store(url, data)
    for name in ("rana", "sami"):
        accounts.add_account(url, name, schema.ROLE_EDITOR, PASSWORD, "Ana")
    return Backend(["--database", url], lambda name: {"ATLAS_TOKEN": personal_token(url, name)},
                   lambda: json.loads(_stored(url)["files"][config.GAZETTEER_ADDITIONS_FILE].decode("utf-8")),
                   lambda: audit_entries(url), lambda: database_gazetteer(url), lambda: _stored(url))


def as_person(backend: Backend, monkeypatch: pytest.MonkeyPatch, name: str, *words: str) -> int:
    """Run a command as the named person (on the team database, proven by their personal token)."""
    for key, value in backend.prove(name).items():
        monkeypatch.setenv(key, value)
    return main([*backend.options, *words, "--by", name])


@pytest.fixture(params=["directory", "postgis"])
def backend(request, data_copy: Path) -> Backend:
    """The data folder, or a team database holding it."""
    if request.param == "postgis":
        return _database_backend(request.getfixturevalue("team_database"), data_copy)
    return Backend(["--data", str(data_copy)], lambda name: {},
                   lambda: json.loads((data_copy / config.GAZETTEER_ADDITIONS_FILE).read_text(encoding="utf-8")),
                   lambda: read_audit(data_copy), lambda: load_gazetteer(data_dir=str(data_copy)),
                   lambda: snapshot(data_copy))


def test_a_geonames_dump_adds_populated_places_with_origin_licence_and_arabic(
        backend: Backend, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = (PROJECT / "data" / "gazetteer" / "geonames_sy.json").read_bytes()
    assert as_person(backend, monkeypatch, "rana", "gazetteer", "import", str(_geonames_file(tmp_path))) == 0
    added = {f["properties"]["name"]: f["properties"] for f in backend.additions()["features"]}
    assert set(added) == {"Tell Zorbat", "Kafr Wadiyan"}
    village = added["Tell Zorbat"]
    assert (village["admin1"], village["name_ar"], village["origin"], village["added_by"]) == (
        "Aleppo", "تل زربة", "GeoNames country dump", "rana")
    assert "CC BY" in village["licence"] and village["gazetteer_id"] == "9100001"
    errors = capsys.readouterr().err
    assert "refused line 3: feature class 'T' is not a populated place" in errors
    assert "refused line 4: country code 'TR', not SY" in errors
    assert (PROJECT / "data" / "gazetteer" / "geonames_sy.json").read_bytes() == shipped
    [entry] = [e for e in backend.audit() if e["action"] == "gazetteer"]
    assert (entry["by"], len(entry["added_places"]), entry["refused"]) == ("rana", 2, 2)


def test_added_places_are_found_in_documents_by_any_spelling(backend: Backend, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert as_person(backend, monkeypatch, "rana", "gazetteer", "import", str(_geonames_file(tmp_path))) == 0
    gazetteer = backend.gazetteer()
    text = "Shelling hit Tall Zurbat on Monday; families fled to كفر واديان."
    found = {m.text: m.place for m in find_place_mentions(text, gazetteer)}
    assert found["Tall Zurbat"].name == "Tell Zorbat" and found["Tall Zurbat"].resolved
    assert found["كفر واديان"].name == "Kafr Wadiyan"
    assert load_gazetteer().exact("Tell Zorbat") is None


def test_an_ocha_table_is_read_and_bad_rows_are_reported(backend: Backend, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "syr_pplp.csv"
    path.write_text(OCHA_TABLE, encoding="utf-8")
    assert as_person(backend, monkeypatch, "rana", "gazetteer", "import", str(path)) == 0
    [place] = [f["properties"] for f in backend.additions()["features"]]
    assert (place["name"], place["name_ar"], place["gazetteer_id"], place["admin1"]) == (
        "Umm Zaytouna", "أم زيتونة", "C9901", "Hama")
    errors = capsys.readouterr().err
    assert "refused line 3: 48, 2 lies outside Syria" in errors
    assert "refused line 4: coordinates 'north', 'east' are not numbers" in errors


def test_importing_the_same_file_twice_adds_nothing_and_changes_nothing(backend: Backend, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = _geonames_file(tmp_path)
    assert as_person(backend, monkeypatch, "rana", "gazetteer", "import", str(path)) == 0
    before = backend.state()
    assert as_person(backend, monkeypatch, "rana", "gazetteer", "import", str(path)) == 1
    assert "nothing added from SY.txt: 2 already known" in capsys.readouterr().err
    assert backend.state() == before


def test_one_place_is_added_by_hand_and_bad_input_changes_nothing(backend: Backend,
                                                                 capsys: pytest.CaptureFixture,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert as_person(backend, monkeypatch, "sami", "gazetteer", "add", "Khirbet Test", "--lat", "35.1", "--lon",
                     "36.7", "--admin1", "Hama", "--kind", "village") == 0
    [place] = [f["properties"] for f in backend.additions()["features"]]
    assert (place["origin"], place["admin1"], place["added_by"]) == ("added by hand", "Hama", "sami")
    assert backend.gazetteer().exact("Khirbet Test").admin1 == "Hama"
    before = backend.state()
    assert as_person(backend, monkeypatch, "sami", "gazetteer", "add", "Paris", "--lat", "48.8", "--lon", "2.3") == 1
    assert "Paris: 48.8, 2.3 lies outside Syria" in capsys.readouterr().err
    assert backend.state() == before


def test_a_file_in_neither_format_gets_one_line(data_copy: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some words\nand more\n", encoding="utf-8")
    before = snapshot(data_copy)
    assert main(["--data", str(data_copy), "gazetteer", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: not a gazetteer file") and err.count("\n") == 1
    assert snapshot(data_copy) == before


def test_a_viewer_cannot_add_to_the_team_gazetteer(team_database: str, data_copy: Path) -> None:
    backend = _database_backend(team_database, data_copy)
    accounts.add_account(team_database, "Vera", schema.ROLE_VIEWER, PASSWORD, "Ana")
    before = backend.state()
    with pytest.raises(NotAllowedError, match="viewer"):
        add_one_place_to(PostgisStore(team_database, "Vera"), "Khirbet Test", (35.1, 36.7), admin1="Hama")
    assert backend.state() == before


def test_the_team_gazetteer_comes_back_as_the_folder_file_on_pull(team_database: str, data_copy: Path,
                                                                  tmp_path: Path) -> None:
    backend = _database_backend(team_database, data_copy)
    place_id = add_one_place_to(PostgisStore(team_database, "sami"), "Khirbet Test", (35.1, 36.7), admin1="Hama")
    assert main(["--database", team_database, "db", "pull", "--to", str(tmp_path / "pulled")]) == 0
    pulled = load_gazetteer(data_dir=str(tmp_path / "pulled"))
    assert pulled.places[place_id].name == "Khirbet Test" and backend.gazetteer().places[place_id].admin1 == "Hama"

"""The layout holds: no import cycle, no column spelt outside the schema, no room or function grown too big."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from geo import schema

PROJECT = Path(__file__).resolve().parent.parent
CODE = sorted([*PROJECT.joinpath("geo").rglob("*.py"), *PROJECT.joinpath("ui").rglob("*.py"),
               *PROJECT.joinpath("app_pages").glob("*.py"), PROJECT / "app.py"])
# Strings that equal a column name but name something else; each says what.
NOT_COLUMNS = {
    ("geo/cli/exports.py", "x"): "the separator of a WIDTHxHEIGHT size",
    ("geo/reader/document.py", "start"): "the character offset where a piece of evidence starts",
    ("geo/reader/document.py", "end"): "the character offset where a piece of evidence ends",
    ("geo/reader/mentions.py", "start"): "the character offset where a mention starts",
    ("geo/reader/mentions.py", "end"): "the character offset where a mention ends",
    ("geo/reader/mention.py", "start"): "the character offset where a mention starts",
    ("geo/reader/mention.py", "end"): "the character offset where a mention ends",
    ("geo/reader/candidates.py", "start"): "the character offset where a piece of evidence starts",
    ("geo/reader/candidates.py", "end"): "the character offset where a piece of evidence ends",
    ("geo/imports/rows.py", "notes"): "the import summary's notes",
    ("geo/cli/incident_parser.py", "status"): "the `incident status` command's name",
    ("geo/cli/incident_parser.py", "id"): "the record id argument",
    ("geo/dataset/curate.py", "status"): "the review-status action's name in the revision log",
    ("geo/labels.py", "published"): "the word shown for the published status",
    **{("geo/gazetteer/sources.py", header): "how OCHA tables spell their headers"
       for header in ("name", "name_ar", "lat", "lon", "x", "y")},
    ("geo/imports/rows.py", "value"): "the rejected-rows table's value column",
    **{("geo/gazetteer/vendor.py", key): "how the open gazetteer material (OpenStreetMap CSV, Wikidata and OpenSyria "
       "JSON) spells its own fields" for key in ("name", "id", "value", "lat", "lon")},
    ("ui/import_dataset.py", "notes"): "the import summary's notes",
    ("geo/cli/documents.py", "notes"): "what the reader says about a document it read",
    ("ui/map_view.py", "lat"): "Leaflet's bounds and centre",
    ("ui/placing.py", "lat"): "Leaflet's clicked point",
    ("ui/timeline_chart.py", "x"): "Vega-Lite's horizontal encoding",
}
LAYERS = ["geo.config", "geo.errors", "geo.schema", "geo.escape", "geo.labels", "geo.files", "geo.workers",
          "geo.gazetteer", "geo.reader", "geo.dataset", "geo.facilities", "geo.imports", "geo.mapview", "geo.database",
          "geo.exports", "geo.backends", "geo.cli"]
IMPORT_ALL = """
import importlib, json, pkgutil
import geo
names = ["geo"] + [m.name for m in pkgutil.walk_packages(geo.__path__, "geo.") if m.name != "geo.__main__"]
for name in names:
    importlib.import_module(name)
print(json.dumps(names))
"""


def _module_name(path: Path) -> str:
    """geo/dataset/load.py -> geo.dataset.load."""
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The geo modules a file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("geo"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if (PROJECT / node.module.replace(".", "/") / f"{alias.name}.py").exists())
    return found


def _layer(module: str) -> int:
    """The index of the layer a geo module belongs to."""
    return max(index for index, prefix in enumerate(LAYERS) if module == prefix or module.startswith(prefix + "."))


def test_every_module_imports_in_a_fresh_interpreter_and_the_graph_is_acyclic() -> None:
    run = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=PROJECT, capture_output=True, text=True,
                         check=True)
    names = set(json.loads(run.stdout))
    assert len(names) > 30
    paths = {_module_name(p): p for p in PROJECT.joinpath("geo").rglob("*.py")}
    graph = {name: sorted(m for m in _imports(paths[name]) if m in names and m != name) for name in names}
    visiting, done = set(), set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in visiting, f"import cycle: {' -> '.join((*trail, name))}"
        if name in done:
            return
        visiting.add(name)
        for needed in graph.get(name, []):
            visit(needed, (*trail, name))
        visiting.discard(name)
        done.add(name)

    for name in graph:
        visit(name, ())


def test_imports_run_one_way_down_the_layers() -> None:
    upward = []
    for path in PROJECT.joinpath("geo").rglob("*.py"):
        module = _module_name(path)
        if module == "geo" or module == "geo.__main__":
            continue
        upward += [f"{module} imports {needed}" for needed in _imports(path)
                   if needed != "geo" and _layer(needed) > _layer(module)]
    assert upward == []


def test_no_module_outside_the_schema_spells_a_column_name() -> None:
    spelt = []
    for path in CODE:
        relative = str(path.relative_to(PROJECT))
        if relative == "geo/schema.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in schema.CONTRACT_COLUMNS \
                    and (relative, node.value) not in NOT_COLUMNS:
                spelt.append(f"{relative}:{node.lineno}: {node.value!r}")
    assert spelt == [], "use the geo.schema constant instead:\n" + "\n".join(spelt)


def test_no_streamlit_in_the_library() -> None:
    assert [p for p in PROJECT.joinpath("geo").rglob("*.py") if "import streamlit" in p.read_text()] == []


def test_rooms_and_functions_stay_small() -> None:
    too_long = [f"{p.relative_to(PROJECT)}: {n} lines" for p in CODE
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300]
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 40:
                too_long.append(f"{path.relative_to(PROJECT)}:{node.lineno} {node.name}()")
    assert too_long == []


def test_every_package_says_what_it_owns_and_may_import() -> None:
    for init in PROJECT.joinpath("geo").glob("*/__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "mports" in docstring, f"{init.relative_to(PROJECT)} does not say what it may import"


def test_every_package_the_code_imports_is_in_requirements() -> None:
    """A fresh virtual environment gets everything: no import may lean on a package the machine happens to have."""
    import re
    from importlib.metadata import PackageNotFoundError, packages_distributions, requires

    named = {line.split("==")[0].strip().lower().replace("_", "-")
             for line in PROJECT.joinpath("requirements.txt").read_text(encoding="utf-8").splitlines() if "==" in line}
    pending = list(named)
    while pending:  # what installing requirements.txt brings: the named packages and what they require
        try:
            wanted = requires(pending.pop()) or []
        except PackageNotFoundError:
            continue
        for requirement in wanted:
            if "extra ==" not in requirement:
                name = re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")
                if name not in named:
                    named.add(name)
                    pending.append(name)
    distributions = packages_distributions()
    own = {"geo", "ui", "app_pages", "bench", "tests", "app"}
    missing = set()
    for path in [*PROJECT.joinpath("bench").rglob("*.py"), *PROJECT.joinpath("tests").rglob("*.py"), *CODE]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            for module in modules:
                top = module.split(".")[0]
                if top in own or top in sys.stdlib_module_names or top not in distributions:
                    continue
                if not {d.lower().replace("_", "-") for d in distributions[top]} & named:
                    missing.add(f"{path.relative_to(PROJECT)}: {top}")
    assert not missing, sorted(missing)

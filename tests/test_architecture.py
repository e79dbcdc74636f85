"""The layers in docs/architecture.md hold: no import circles between modules (counting
imports inside functions too), the foundation never imports a feature app, and
import-linter's contracts in pyproject.toml are kept."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests import architecture
from tests.architecture import cycles, edges

FEATURES = ("advisory", "meetings")


def test_no_module_imports_itself_back_even_inside_a_function():
    assert cycles(load_time_only=False) == []


def test_the_foundation_never_imports_a_feature_app():
    upward = [
        f"{e.source} -> {e.target} (line {e.line})"
        for e in edges()
        if e.source.split(".")[0] == "cms" and e.target.split(".")[0] in FEATURES
    ]
    assert upward == []


def test_page_models_do_not_import_selectors_services_or_views():
    upward = [
        f"{e.source} -> {e.target}"
        for e in edges()
        if ".models" in e.source
        and any(f".{layer}" in e.target for layer in ("selectors", "services", "views", "tasks"))
    ]
    assert upward == []


def test_the_cycle_finder_sees_a_circle_inside_a_function(tmp_path, monkeypatch):
    """The check above can fail: two modules importing each other, one lazily, form a
    circle it reports."""
    package = tmp_path / "cms"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cms import b\n")
    (package / "b.py").write_text("def f():\n    from cms import a\n")
    monkeypatch.setattr(architecture, "ROOT", tmp_path)
    monkeypatch.setattr(architecture, "PACKAGES", ("cms",))
    assert architecture.cycles(load_time_only=False) == [["cms.a", "cms.b"]]
    assert architecture.cycles(load_time_only=True) == []


def test_import_linter_contracts_are_kept():
    """The contracts in pyproject.toml, checked by import-linter in its own process (as
    CI runs it: ``lint-imports``)."""
    command = Path(sys.executable).with_name("lint-imports")
    if not command.exists():
        pytest.skip("import-linter is not installed")
    done = subprocess.run(
        [str(command), "--no-cache"], cwd=architecture.ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_views_read_through_selectors_not_raw_querysets():
    """A view authorises and calls a selector or service; ``Model.objects`` stays in
    selectors and services, where query counts are designed and tested."""
    import ast

    raw = []
    for module, path in architecture.modules().items():
        parts = module.split(".")
        if "views" not in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                raw.append(f"{module}:{node.lineno}")
    assert raw == []

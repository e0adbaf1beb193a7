"""The union tree sits below members and statistics: its modules never import them, not even inside a function
(they follow its changes through ``gonghui.orgs.hooks``); the statistics import nothing from the areas above."""

import ast
from pathlib import Path

import pytest

import gonghui

SRC = Path(gonghui.__file__).parent
ABOVE_STATS = ("targets", "reports", "rights", "hardship", "imports", "portal", "tools")
ABOVE = {
    "orgs": ("accounts", "members", "stats", *ABOVE_STATS),
    "stats": ABOVE_STATS,
}


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", sorted(ABOVE))
def test_no_import_of_an_app_above(app):
    found = []
    for path in sorted((SRC / app).rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for module in _imports(path):
            parts = module.split(".")
            if parts[0] == "gonghui" and len(parts) > 1 and parts[1] in ABOVE[app]:
                found.append(f"{path.relative_to(SRC)}: {module}")
    assert not found, found

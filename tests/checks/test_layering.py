"""The layers of the code: an app imports only from its own layer and the layers below it, never from above, not
even inside a function. Lower areas announce changes through ``gonghui.core.hooks``; areas above connect to them.

core < orgs < accounts < members < stats < the areas (targets, reports, rights, hardship, and every new one)
< imports, portal < tools. ``core`` names no domain app at all (the union tree and the role assignments are
settings). A new app is an area unless it is listed here.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

import gonghui

SRC = Path(gonghui.__file__).parent
LAYERS = {"core": 0, "orgs": 1, "accounts": 2, "members": 3, "stats": 4, "imports": 6, "portal": 6, "tools": 7}
AREA = 5


def layer(app):
    return LAYERS.get(app, AREA)


def gonghui_apps():
    return sorted(c.name.split(".")[1] for c in apps.get_app_configs() if c.name.startswith("gonghui."))


def imports_of(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def source_files(app):
    for path in sorted((SRC / app).rglob("*.py")):
        if "tests" not in path.parts and "migrations" not in path.parts:
            yield path


@pytest.mark.parametrize("app", gonghui_apps())
def test_no_import_of_an_app_above(app):
    found = []
    for path in source_files(app):
        for module in imports_of(path):
            parts = module.split(".")
            if parts[0] != "gonghui" or len(parts) < 2 or parts[1] == app or parts[1] not in gonghui_apps():
                continue
            if layer(parts[1]) > layer(app) or (layer(parts[1]) == layer(app) and layer(app) in (AREA, 6)):
                found.append(f"{path.relative_to(SRC)}: {module}")
    assert not found, f"{app} imports from its own layer's or a higher layer's apps: {found}"


def test_core_names_no_domain_app():
    domain = [a for a in gonghui_apps() if a != "core"]
    found = [f"{path.relative_to(SRC)}: {module}" for path in source_files("core") for module in imports_of(path)
             if module.split(".")[:2] in (["gonghui", a] for a in domain)]
    assert not found, found

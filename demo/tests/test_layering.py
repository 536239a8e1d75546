"""Domain apps know nothing of the demo: only seed_demo, generate_synthetic and benchmarks use it.

A plain scan until import-linter enforces the layers (issue 8, item 1). Tests and migrations
count too: a domain app's tests that need synthetic records call the management commands.
"""

import ast
from pathlib import Path

from django.conf import settings

APPS_DIR = Path(settings.BASE_DIR) / "apps"
IMPORTERS = {"import_module", "__import__"}


def _is_demo(module: str) -> bool:
    return module == "demo" or module.startswith("demo.")


def demo_imports(source: str) -> list[int]:
    """Line numbers where the module imports the demo package, at any depth in the module."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in IMPORTERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            modules = [node.args[0].value]
        else:
            continue
        if any(_is_demo(module) for module in modules):
            lines.append(node.lineno)
    return sorted(lines)


def test_no_module_under_apps_imports_the_demo():
    modules = sorted(APPS_DIR.rglob("*.py"))
    assert len(modules) > 100  # the scan really walked the apps
    offenders = [
        f"{module.relative_to(settings.BASE_DIR)}:{line}"
        for module in modules
        for line in demo_imports(module.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_scan_finds_every_way_of_importing_the_demo():
    source = """
import demo
import json, demo.synthetic
from demo.referrals import seed_referrals
from demo import seeders


def ready():
    from demo.management.commands.seed_demo import Command
    importlib.import_module("demo.bulk")
    __import__("demo")
"""
    assert demo_imports(source) == [2, 3, 4, 5, 9, 10, 11]


def test_the_scan_leaves_names_that_only_start_like_demo_alone():
    source = """
import demographics
from demographics.census import lsoa
from apps.referrals import demo_helpers
from apps.demo import things
from . import demo
importlib.import_module("apps.demo")
label = "demo.referrals"
"""
    assert demo_imports(source) == []

"""The layer check that an import graph cannot make: upward knowledge by name.

import-linter (pyproject.toml, `[tool.importlinter]`) fails on any import against the
layer order, at the top of a file or inside a function. This script fails on the
ways around it, in the production code of each app (tests are outside the layers):

- a string naming a higher app: a dotted path ("timetracking.selectors.rate"), a
  model label ("reports.ReportRun"), or an app label given to `apps.get_model`,
  `apps.get_app_config` and the like ("timetracking", "TimeEntry");
- a setting whose value names a higher app (a dotted path in bht/settings.py) read
  by a lower app (`settings.NAME` or `getattr(settings, "NAME")`).

Run `python scripts/check_layers.py` (make lint); it prints one line per problem and
exits 1 if there is any. tests/test_layers.py proves that it can fail.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

# Top first: each may use the ones after it (DESIGN.md §4).
LAYERS = [
    "bht",
    "archive",
    "privacy",
    "integrations",
    "reports",
    "timetracking",
    "orders",
    "actionplans",
    "core",
]
# The core app's label is "bht" (its models are "bht.User"); the package bht/ is the project.
CORE_LABEL = "bht"
SETTINGS = Path("bht/settings.py")
# Calls whose first string argument is an app label.
LABEL_CALLS = {"get_model", "get_app_config", "get_containing_app_config", "is_installed"}
# Settings that name apps without any app loading code through them.
NOT_LOADED = {"INSTALLED_APPS"}
DOTTED = re.compile(r"^[a-z_]+(\.[A-Za-z_]\w*)+$")


def rank(name: str) -> int:
    return LAYERS.index(name)


def named_layer(text: str) -> str | None:
    """The layer a dotted path or model label names, if it names one."""
    if not DOTTED.match(text):
        return None
    head, second = text.split(".")[:2]
    if head == CORE_LABEL and second[:1].isupper():
        return "core"  # a model label of the core app: "bht.User"
    return head if head in LAYERS else None


def label_layer(label: str) -> str | None:
    if label == CORE_LABEL:
        return "core"
    return label if label in LAYERS else None


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def _label_args(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = node.args[0]
        if (
            name in LABEL_CALLS
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and "." not in first.value
        ):
            yield node.lineno, first.value


def _settings_read(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
        ):
            yield node.lineno, node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr")
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
            and isinstance(node.args[1], ast.Constant)
        ):
            yield node.lineno, str(node.args[1].value)


def settings_naming_layers(path: Path) -> dict[str, set[str]]:
    """Each top-level setting and the layers its value names by dotted path."""
    named: dict[str, set[str]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        layers = {
            layer
            for sub in ast.walk(node.value)
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str)
            for layer in [named_layer(sub.value)]
            if layer is not None
        }
        for target in targets:
            if isinstance(target, ast.Name) and layers and target.id not in NOT_LOADED:
                named[target.id] = layers
    return named


def production_modules(root: Path) -> Iterator[tuple[str, Path]]:
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield layer, path


def check(root: Path = Path(".")) -> list[str]:
    settings_file = root / SETTINGS
    settings = settings_naming_layers(settings_file) if settings_file.exists() else {}
    problems = []
    for layer, path in production_modules(root):
        if path == settings_file:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(root)

        def above(other: str | None, layer: str = layer) -> bool:
            return other is not None and rank(other) < rank(layer)

        for line, text in _strings(tree):
            if above(named_layer(text)):
                problems.append(f"{where}:{line}: {layer} names the higher app: {text!r}")
        for line, label in _label_args(tree):
            if above(label_layer(label)):
                problems.append(f"{where}:{line}: {layer} looks up the higher app {label!r}")
        for line, name in _settings_read(tree):
            higher = sorted(o for o in settings.get(name, ()) if above(o))
            if higher:
                problems.append(
                    f"{where}:{line}: {layer} reads setting {name}, a dotted path into "
                    f"{', '.join(higher)}"
                )
    return sorted(problems, key=lambda p: (p.split(":")[0], int(p.split(":")[1])))


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} upward reference(s) by name; see docs/architecture.md.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

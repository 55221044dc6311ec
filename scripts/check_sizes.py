"""Size limits of the production code (docs/architecture.md, "Sizes"), run by `make lint`.

- No module over MAX_MODULE_LINES lines: a larger one is split into a package by
  capability (e.g. `orders/services/{triage,lifecycle,timeline}.py`).
- No function over MAX_FUNCTION_LINES lines (decorators and docstring included).

Production code is every module of the apps named in `root_packages` of
`[tool.importlinter]` in pyproject.toml (so a new app is covered once it joins the
layers), without tests and migrations. Benchmarks, load tests and scripts are tools,
not the product, and are not checked.

ALLOWED lists the known exceptions with their reason. An entry that is no longer
needed fails the check too, so that the list only ever shrinks.

Usage: python scripts/check_sizes.py [ROOT]   (exit 1 with one line per finding)
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60

# "path" for a module, "path:function" for a function: why it may stay as it is.
ALLOWED: dict[str, str] = {}


def apps(root: Path) -> list[str]:
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r"^root_packages\s*=\s*\[([^\]]*)\]", text, flags=re.MULTILINE)
    if match is None:
        raise SystemExit("check_sizes: no root_packages in [tool.importlinter]")
    return re.findall(r'"([^"]+)"', match.group(1))


def production_modules(root: Path) -> list[Path]:
    modules = []
    for app in apps(root):
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "tests" in parts or "migrations" in parts or path.name.startswith("test_"):
                continue
            modules.append(path)
    return modules


def findings(root: Path) -> list[str]:
    found: list[str] = []
    for path in production_modules(root):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{rel}: {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text, filename=rel)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(
                        f"{rel}:{node.name}: {length} lines (at most {MAX_FUNCTION_LINES})"
                    )
    return found


def check(root: Path, allowed: dict[str, str] | None = None) -> list[str]:
    allowed = ALLOWED if allowed is None else allowed
    errors = []
    seen = set()
    for finding in findings(root):
        key = finding.split(": ", 1)[0]
        seen.add(key)
        if key not in allowed:
            errors.append(finding)
    errors += [
        f"{key}: allowed in check_sizes.py but no longer needed"
        for key in allowed
        if key not in seen
    ]
    return errors


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    errors = check(root)
    for error in errors:
        print(error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""The layers of DESIGN.md §4 are checked by tools (make lint), and the tools can fail:
import-linter on imports (also inside functions), scripts/check_layers.py on upward
references by name (dotted paths, model labels, settings)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import check_layers  # noqa: E402

LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
APPS = [
    "bht",
    "core",
    "actionplans",
    "orders",
    "timetracking",
    "reports",
    "integrations",
    "privacy",
]


def _importlinter_config() -> str:
    """The project's import-linter tables of pyproject.toml, as they are."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    start = re.search(r"^\[tool\.importlinter\]$", text, flags=re.MULTILINE)
    assert start is not None
    rest = text[start.start() :]
    following = re.search(r"^\[(?!\[?tool\.importlinter)", rest[1:], flags=re.MULTILINE)
    return rest[: following.start() + 1] if following else rest


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for app in APPS:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "pyproject.toml").write_text(_importlinter_config())
    return tmp_path


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS, "import-linter is in the dev extra of pyproject.toml"
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_the_project_keeps_its_layers():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert check_layers.check(ROOT) == []


@pytest.mark.parametrize(
    "source",
    [
        "from reports import models\n",
        "def late():\n    from reports.models import Report\n    return Report\n",
    ],
    ids=["top", "inside-a-function"],
)
def test_import_linter_fails_on_an_import_against_the_layers(tmp_path, source):
    tree = _tree(tmp_path, {"reports/models.py": "Report = 1\n", "orders/rules.py": source})
    result = _lint_imports(tree)
    assert result.returncode == 1
    assert "orders.rules -> reports.models" in result.stdout


def test_import_linter_lets_tests_and_higher_apps_import_anything(tmp_path):
    tree = _tree(
        tmp_path,
        {
            "reports/models.py": "from orders import rules\n",
            "orders/rules.py": "",
            "orders/tests/__init__.py": "",
            "orders/tests/test_x.py": "from reports import models\n",
        },
    )
    assert _lint_imports(tree).returncode == 0


def test_check_layers_fails_on_upward_references_by_name(tmp_path):
    tree = _tree(
        tmp_path,
        {
            "bht/settings.py": 'RATE_PROVIDER = "timetracking.selectors.rate"\n',
            "orders/conf.py": (
                "from django.conf import settings\n"
                'provider = getattr(settings, "RATE_PROVIDER", "")\n'
                "again = settings.RATE_PROVIDER\n"
            ),
            "actionplans/selectors.py": (
                '"""Docstrings may mention timetracking.selectors.rate."""\n'
                "from django.apps import apps\n"
                'entry = apps.get_model("timetracking", "TimeEntry")\n'
                'path = "reports.kinds.amu_annual.compute"\n'
            ),
            "core/models.py": 'fk = "orders.Order"\nown = "bht.User"\n',
            "orders/tests/test_x.py": 'ok = "reports.kinds.amu_annual.compute"\n',
            "reports/kinds.py": 'down = "orders.Order"\n',
        },
    )
    problems = check_layers.check(tree)
    assert [p.split(":")[0:2] for p in problems] == [
        ["actionplans/selectors.py", "3"],
        ["actionplans/selectors.py", "4"],
        ["core/models.py", "1"],
        ["orders/conf.py", "2"],
        ["orders/conf.py", "3"],
    ]

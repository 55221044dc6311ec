"""scripts/check_sizes.py (run by make lint) can fail: a long module, a long function,
and an exception that is no longer needed are each reported."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import check_sizes  # noqa: E402


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.importlinter]\nroot_packages = ["app"]\n', encoding="utf-8"
    )
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _function(name: str, lines: int) -> str:
    body = "".join(f"    x{i} = {i}\n" for i in range(lines - 2))
    return f"def {name}():\n{body}    return 0\n"


def test_the_project_keeps_its_sizes():
    assert check_sizes.check(ROOT) == []


def test_a_long_module_and_a_long_function_fail(tmp_path):
    root = _tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/big.py": "\n".join(f"X{i} = {i}" for i in range(501)) + "\n",
            "app/long.py": _function("short", 60) + "\n\n" + _function("long", 61),
            "app/tests/test_big.py": "\n".join(f"Y{i} = {i}" for i in range(900)) + "\n",
            "app/migrations/0001_initial.py": _function("long", 200),
        },
    )
    assert check_sizes.check(root, allowed={}) == [
        "app/big.py: 501 lines (at most 500)",
        "app/long.py:long: 61 lines (at most 60)",
    ]


def test_an_exception_that_is_no_longer_needed_fails(tmp_path):
    root = _tree(tmp_path, {"app/__init__.py": "", "app/small.py": _function("f", 10)})
    assert check_sizes.check(root, allowed={"app/small.py": "was big"}) == [
        "app/small.py: allowed in check_sizes.py but no longer needed"
    ]
    assert check_sizes.check(root, allowed={}) == []

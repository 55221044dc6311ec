"""bht/env.py: settings from the environment fail loudly on values they cannot parse."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from bht.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " yes "])
def test_it_reads_true_values(monkeypatch, raw):
    monkeypatch.setenv("BHT_TEST_FLAG", raw)

    assert envbool("BHT_TEST_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_it_reads_false_values(monkeypatch, raw):
    monkeypatch.setenv("BHT_TEST_FLAG", raw)

    assert envbool("BHT_TEST_FLAG", True) is False


def test_it_uses_the_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("BHT_TEST_FLAG", raising=False)

    assert envbool("BHT_TEST_FLAG", True) is True
    assert envbool("BHT_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["ja", "2", "treu", "enabled"])
def test_it_rejects_a_bool_it_cannot_parse(monkeypatch, raw):
    monkeypatch.setenv("DEBUG_TEST", raw)

    with pytest.raises(ImproperlyConfigured, match="DEBUG_TEST"):
        envbool("DEBUG_TEST", False)


def test_it_reads_an_int(monkeypatch):
    monkeypatch.setenv("BHT_TEST_INT", "3600")

    assert envint("BHT_TEST_INT", 1) == 3600


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_it_uses_the_int_default_when_unset_or_blank(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("BHT_TEST_INT", raising=False)
    else:
        monkeypatch.setenv("BHT_TEST_INT", raw)

    assert envint("BHT_TEST_INT", 42) == 42


@pytest.mark.parametrize("raw", ["8h", "1.5", "ten"])
def test_it_rejects_an_int_it_cannot_parse(monkeypatch, raw):
    monkeypatch.setenv("SESSION_COOKIE_AGE_TEST", raw)

    with pytest.raises(ImproperlyConfigured, match="SESSION_COOKIE_AGE_TEST"):
        envint("SESSION_COOKIE_AGE_TEST", 60)


def test_it_reads_a_string_with_default(monkeypatch):
    monkeypatch.delenv("BHT_TEST_STR", raising=False)
    monkeypatch.delenv("BHT_TEST_STR_FILE", raising=False)
    assert envstr("BHT_TEST_STR", "fallback") == "fallback"

    monkeypatch.setenv("BHT_TEST_STR", "value")
    assert envstr("BHT_TEST_STR", "fallback") == "value"


def test_it_reads_a_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("s3cret-from-file\n")
    monkeypatch.setenv("SECRET_KEY_TEST", "from-env")
    monkeypatch.setenv("SECRET_KEY_TEST_FILE", str(secret))

    # The file wins and its trailing newline is dropped.
    assert envstr("SECRET_KEY_TEST") == "s3cret-from-file"


def test_it_fails_when_the_secret_file_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY_TEST_FILE", str(tmp_path / "missing"))

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_TEST_FILE"):
        envstr("SECRET_KEY_TEST", "default")


def test_it_splits_a_list_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS_TEST", " crm.example.no, ,localhost ,")

    assert envlist("ALLOWED_HOSTS_TEST", ["x"]) == ["crm.example.no", "localhost"]


def test_it_uses_the_list_default_when_unset(monkeypatch):
    monkeypatch.delenv("ALLOWED_HOSTS_TEST", raising=False)

    assert envlist("ALLOWED_HOSTS_TEST", ["127.0.0.1"]) == ["127.0.0.1"]


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean.pop("SECRET_KEY_FILE", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import bht.settings"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    completed = _import_settings({"DEBUG": "0"})

    assert completed.returncode != 0
    assert "SECRET_KEY must be set" in completed.stderr


def test_it_refuses_a_mistyped_debug_flag():
    completed = _import_settings({"DEBUG": "nei"})

    assert completed.returncode != 0
    assert "DEBUG='nei' is not a boolean" in completed.stderr


def test_it_starts_in_production_with_a_secret_key_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("a-long-random-production-key\n")

    completed = _import_settings({"DEBUG": "0", "SECRET_KEY_FILE": str(secret)})

    assert completed.returncode == 0, completed.stderr

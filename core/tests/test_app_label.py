"""The core domain moved out of the project package (issue 14) without renaming a
table or a migration: its app label is still "bht"."""

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

from core.models import User


def test_the_core_app_keeps_the_label_bht():
    config = apps.get_app_config("bht")
    assert config.name == "core"
    assert User._meta.app_label == "bht" and User._meta.db_table == "bht_user"


def test_the_project_package_owns_no_models():
    assert list(apps.get_app_config("project").get_models()) == []


def test_the_migrations_keep_their_names():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert ("bht", "0001_initial") in loader.disk_migrations
    assert loader.disk_migrations["bht", "0001_initial"].__module__.startswith("core.migrations")

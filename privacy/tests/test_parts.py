"""The export and erasure are assembled from the part each app owns (`<app>/privacy.py`),
discovered at start: a new app's part is used without editing privacy."""

from __future__ import annotations

import types

import pytest
from django.apps import apps

from core.personal_data import ExportSection
from privacy import parts, selectors, services
from privacy.export import person_export

pytestmark = pytest.mark.django_db


def test_it_discovers_the_part_of_every_app_with_personal_data():
    names = [part.__name__ for part in parts.parts()]
    assert names == [
        "orders.privacy",
        "timetracking.privacy",
        "actionplans.privacy",
        "reports.privacy",
        "core.privacy",
    ]
    assert parts.discover() == parts.parts()


def test_each_part_names_real_fields():
    for label, name in parts.covered():
        assert apps.get_model(label)._meta.get_field(name)
    for model, fields in parts.mention_fields():
        for name in fields:
            assert model._meta.get_field(name).get_internal_type() in ("CharField", "TextField")


def _part(**attributes) -> types.ModuleType:
    module = types.ModuleType("newapp.privacy")
    module.__dict__.update(attributes)
    return module


def test_a_new_apps_part_is_in_the_export_without_editing_privacy(monkeypatch, persona):
    def export_person(ctx):
        return [ExportSection("newapp_things", "Nye ting", [{"who": ctx.user.username}])]

    monkeypatch.setattr(parts, "_parts", [*parts.parts(), _part(export_person=export_person)])
    export = person_export(selectors.person_for_user(persona("ansatt")))
    keys = [section.key for section in export.sections]
    assert keys[-3:] == ["newapp_things", "access_log_about_person", "other_references"]
    assert export.sections[-3].rows == [{"who": "ansatt"}]


def test_a_new_apps_part_is_asked_when_an_account_is_erased(monkeypatch, outsider):
    asked = []
    part = _part(erase_person=lambda eraser, user: asked.append((eraser.placeholder, user.pk)))
    monkeypatch.setattr(parts, "_parts", [*parts.parts(), part])
    services.user_pseudonymise(user=outsider, by=None, reason="request")
    assert asked == [("[slettet]", outsider.pk)]

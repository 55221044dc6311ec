"""The registry of the parts each app contributes to the export and the erasure.

An app owns what it stores about a person: its module `<app>/privacy.py` (the
contract is in core/personal_data.py) exports and erases its own models. They are
discovered at start (PrivacyConfig.ready), like the admin's `admin.py` modules;
privacy only assembles them.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.module_loading import module_has_submodule

MODULE = "privacy"
# What a part may define (core/personal_data.py); a module without any is not a part.
HOOKS = ("export_person", "erase_person", "erase_order", "erase_inquiry")
DATA = ("COVERED", "MENTION_FIELDS")

# The order in which the erasure page lists the names found (the cases first, then
# the work around them, the account's own records last) and in which the parts are
# asked; an app not listed follows, in the order of INSTALLED_APPS.
ORDER = ("orders", "timetracking", "actionplans", "reports", "core")

_parts: list[ModuleType] = []


def discover() -> list[ModuleType]:
    found = []
    configs = sorted(
        apps.get_app_configs(),
        key=lambda c: ORDER.index(c.name) if c.name in ORDER else len(ORDER),
    )
    for config in configs:
        if config.name == MODULE or not module_has_submodule(config.module, MODULE):
            continue
        module = import_module(f"{config.name}.{MODULE}")
        if any(hasattr(module, name) for name in HOOKS + DATA):
            found.append(module)
    _parts[:] = found
    return list(found)


def parts() -> list[ModuleType]:
    return list(_parts)


def call(hook: str, *args: Any) -> list[Any]:
    """Call `hook` on every part that has it, in order; their results."""
    return [getattr(part, hook)(*args) for part in _parts if hasattr(part, hook)]


def covered() -> set[tuple[str, str]]:
    """The (model label, field) pairs pointing at a user that the parts' sections list."""
    return {pair for part in _parts for pair in getattr(part, "COVERED", ())}


def mention_fields() -> list[tuple[type[models.Model], tuple[str, ...]]]:
    """Free-text fields where a person may be named, in every app."""
    return [pair for part in _parts for pair in getattr(part, "MENTION_FIELDS", ())]

"""Template access to the confidentiality policy (core.confidentiality)."""

from __future__ import annotations

from typing import Any

from django import template

from core import confidentiality

register = template.Library()


@register.filter
def listed_title(case: Any) -> str:
    """A case's title in a list, picker or report subject: the placeholder when
    confidential, whoever reads it (a list needs no access-log entry)."""
    return confidentiality.listed_title(title=case.title, confidential=case.confidential)

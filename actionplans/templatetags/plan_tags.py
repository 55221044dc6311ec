"""Small display helpers for the action-plan templates."""

from __future__ import annotations

from django import template

register = template.Library()

STATUS_COLORS = {
    "draft": "neutral",
    "bht_review": "info",
    "consultation": "warning",
    "signed": "info",
    "approved": "success",
    "closed": "neutral",
    "planned": "neutral",
    "in_progress": "info",
    "done": "success",
    "postponed": "warning",
    "cancelled": "danger",
    "proposed": "info",
    "accepted": "success",
    "merged": "success",
    "rejected": "danger",
}


@register.filter
def status_color(status: str) -> str:
    return STATUS_COLORS.get(status, "neutral")


@register.filter
def get_item(mapping: dict, key: str):  # type: ignore[type-arg]
    return mapping.get(key, 0) if mapping else 0

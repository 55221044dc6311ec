"""Shared helpers of the privacy commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from core.models import User


def user_by_username(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as exc:
        raise CommandError(f"Fant ingen bruker med brukernavnet {username!r}.") from exc


def acting_user(username: str | None) -> User:
    """Who the access log names as reader: --by, else the first active superuser."""
    if username:
        return user_by_username(username)
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("Angi --by BRUKERNAVN (hvem som henter ut opplysningene).")
    return user

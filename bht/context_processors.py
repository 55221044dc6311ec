from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from bht import navigation as menu
from core import access, selectors


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the menu for the current user (bht/navigation.py),
    and the BHT's phone and e-mail for the footer (read only when a template uses them)."""
    context: dict[str, object] = {"bht_profile": SimpleLazyObject(selectors.bht_profile)}
    user = request.user
    if user.is_authenticated:
        context["is_bht_staff"] = access.is_bht_staff(user)
        # Lazy: pages rendered without the menu (fragments) ask nothing.
        context["nav_entries"] = SimpleLazyObject(
            lambda: menu.entries_for(user, getattr(request, "resolver_match", None))  # type: ignore[arg-type]
        )
    return context

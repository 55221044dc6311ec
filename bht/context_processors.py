from django.http import HttpRequest

from bht import access


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs to draw the menu for the current user."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"is_bht_staff": access.is_bht_staff(user)}  # type: ignore[arg-type]

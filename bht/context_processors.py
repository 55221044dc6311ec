from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core import access, selectors


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the menu for the current user, and the BHT's
    phone and e-mail for the footer (read only when a template uses them)."""
    context: dict[str, object] = {"bht_profile": SimpleLazyObject(selectors.bht_profile)}
    user = request.user
    if user.is_authenticated:
        context["is_bht_staff"] = access.is_bht_staff(user)
        from reports.selectors import may_see_reports

        context["may_see_reports"] = may_see_reports(user)
    return context

"""The calendar feed (no login: the token is the key) and the page that shows it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.models import User
from integrations import calendar


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar.user_for_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(calendar.ics_for(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bht-crm.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "renew":
            calendar.feed_renew(user)
            messages.success(request, _("Du har fått en ny lenke. Den gamle virker ikke lenger."))
        elif action == "revoke":
            calendar.feed_revoke(user)
            messages.success(request, _("Kalenderlenken er slått av."))
        else:
            messages.error(request, _("Ukjent handling."))
            return render(request, "integrations/calendar.html", _context(user), status=400)
        return redirect("integrations:calendar")
    return render(request, "integrations/calendar.html", _context(user))


def _context(user: User) -> dict[str, object]:
    return {
        "feed_url": calendar.feed_url(user),
        "item_count": len(calendar.items_for(user)),
    }

"""The BHT manager's approval page: approve or return a week, lock and unlock a month (each
confirmed where it cannot be undone)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import access, parsing
from core.confirm import confirm_page, confirmed
from core.errors import ApplicationError
from core.models import User
from core.numbers import format_hours
from timetracking import selectors, services
from timetracking.models import (
    WeekSubmission,
)

from .common import _require_manager, _user


@require_GET
@login_required
def approval(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    return _render_approval(request, unlock_pk=request.GET.get("las_opp"))


def _render_approval(
    request: HttpRequest,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    unlock_pk: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The approval page; `errors` maps an input's id to its message (shown at the
    input and in the summary), `values` keeps what was typed."""
    user = _user(request)
    weeks = selectors.weeks_to_approve(user)
    totals = selectors.week_totals(weeks)
    errors = errors or {}
    values = values or {}
    for week in weeks:
        week.total = totals.get(week.pk)  # type: ignore[attr-defined]
        week.return_error = errors.get(f"ret-{week.pk}", "")  # type: ignore[attr-defined]
        week.return_value = values.get(f"ret-{week.pk}", "")  # type: ignore[attr-defined]
    today = timezone.localdate()
    this_month = today.replace(day=1)
    locks = list(selectors.active_locks(user).order_by("-month", "organisation__name"))
    unlock = next((lock for lock in locks if str(lock.pk) == (unlock_pk or "")), None)
    return render(
        request,
        "timetracking/approval.html",
        {
            "weeks": weeks,
            "locks": locks,
            "unlock": unlock,
            "this_month": this_month,
            "unapproved": selectors.unapproved_count(this_month, user=user),
            "organisations": access.organisations_visible_to(user).order_by("name"),
            "lock_history": selectors.period_lock_history(user),
            "error_list": [
                (f"#{key}", _("Kommentar") if key.startswith("ret-") else _("Begrunnelse"), text)
                for key, text in errors.items()
            ],
            "unlock_error": errors.get("unlock-reason", ""),
            "unlock_value": values.get("unlock-reason", ""),
        },
        status=status,
    )


def _week_or_404(user: User, pk: int) -> WeekSubmission:
    """A week with hours at a client the manager does not serve is not found."""
    week = get_object_or_404(WeekSubmission.objects.select_related("advisor__user"), pk=pk)
    if selectors.week_outside_served(user, week):
        raise Http404
    return week


@require_POST
@login_required
def week_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    week = _week_or_404(user, pk)
    try:
        if not confirmed(request):
            # Ask only for a week that can be approved now; else the service's reason.
            services.check_approvable(week)
            return _confirm_week_approve(request, week)
        services.week_approve(user=user, week=week)
        messages.success(
            request,
            _("Uke %(week)s for %(advisor)s er godkjent.")
            % {"week": f"{week.week_start:%V}", "advisor": week.advisor},
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("timetracking:approval")


def _confirm_week_approve(request: HttpRequest, week: WeekSubmission) -> HttpResponse:
    start, end = week.week_start, week.week_end
    return confirm_page(
        request,
        title=_("Godkjenne uke %(week)s for %(advisor)s?")
        % {"week": f"{start:%V}", "advisor": week.advisor},
        consequence=_(
            "Timene for uken (%(start)s–%(end)s) blir godkjent og regnes som klare når "
            "måneden skal låses. Rådgiveren kan ikke endre dem. Må noe rettes etterpå, "
            "må du returnere uken med en kommentar."
        )
        % {"start": f"{start:%d.%m.}", "end": f"{end:%d.%m.%Y}"},
        button=_("Ja, godkjenn uken"),
        cancel_url=reverse("timetracking:approval"),
        details=[
            (_("Rådgiver"), str(week.advisor)),
            (
                _("Timer i uken"),
                format_hours(selectors.week_total(advisor=week.advisor, start=start)),
            ),
        ],
    )


@require_POST
@login_required
def week_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    week = _week_or_404(user, pk)
    comment = request.POST.get("kommentar", "")
    try:
        services.week_return(user=user, week=week, comment=comment)
    except ApplicationError as exc:
        if exc.field == "comment":
            # A field error at the week's comment, not a banner (issue 15).
            return _render_approval(
                request,
                errors={f"ret-{week.pk}": exc.message},
                values={f"ret-{week.pk}": comment},
                status=400,
            )
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Uken er returnert til rådgiveren."))
    return redirect("timetracking:approval")


@require_POST
@login_required
def lock_month(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    try:
        month = parsing.parse_month(request.POST.get("maaned") or "", field="maaned")
    except ValueError:
        messages.error(request, _("Velg en måned."))
        return redirect("timetracking:approval")
    organisation = None
    if request.POST.get("virksomhet"):
        if not parsing.is_valid_id(request.POST["virksomhet"]):
            raise Http404
        # Outside the manager's clients: 404, before the confirm step names it.
        organisation = get_object_or_404(
            access.organisations_visible_to(user), pk=request.POST["virksomhet"]
        )
    if not confirmed(request):
        unapproved = selectors.unapproved_count(month, user=user, organisation=organisation)
        return confirm_page(
            request,
            title=_("Låse %(month)s?") % {"month": date_format(month, "F Y")},
            consequence=_(
                "Ingen kan føre, endre eller slette timer i %(month)s for %(whom)s etter "
                "låsingen. Måneden kan bare låses opp igjen av leder av BHT, med en "
                "begrunnelse som lagres i historikken."
            )
            % {
                "month": date_format(month, "F Y"),
                "whom": organisation.name if organisation else _("hele BHT"),
            },
            button=_("Ja, lås måneden"),
            cancel_url=reverse("timetracking:approval"),
            details=[
                (_("Timeføringer som ikke er godkjent"), str(unapproved)),
            ],
            danger=unapproved > 0,
        )
    try:
        services.month_lock(user=user, month=month, organisation=organisation)
        messages.success(request, _("Måneden %(month)s er låst.") % {"month": f"{month:%m.%Y}"})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("timetracking:approval")


@require_POST
@login_required
def unlock_month(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    lock = get_object_or_404(selectors.period_locks_visible_to(user), pk=pk)
    reason = request.POST.get("begrunnelse", "")
    try:
        services.month_unlock(user=user, lock=lock, reason=reason)
    except ApplicationError as exc:
        if exc.field == "reason":
            return _render_approval(
                request,
                errors={"unlock-reason": exc.message},
                values={"unlock-reason": reason},
                unlock_pk=str(lock.pk),
                status=400,
            )
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Måneden er låst opp."))
    return redirect("timetracking:approval")

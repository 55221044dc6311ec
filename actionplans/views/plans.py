"""The plan board and a plan's pages: create, the steps of its life (each confirmed where
it cannot be undone), feedback, consultation, approval, status reviews and budget."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans import forms, rules, selectors, services
from actionplans.models import ActionPlan, PlanItem
from core import access
from core.confirm import confirm_page, confirmed
from core.errors import ApplicationError
from core.models import User
from core.uploads import file_response

from .common import _form_error, _periods, _plan_or_404, _user


@require_GET
@login_required
def board(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filter_form = None
    organisation = None
    if access.serves_several_organisations(user):
        filter_form = forms.BoardFilterForm(
            request.GET, organisations=access.organisations_visible_to(user)
        )
        if filter_form.is_valid():
            organisation = filter_form.cleaned_data["organisation"]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "actionplans/board.html",
        {
            "board": selectors.plan_board(
                user,
                organisation_id=organisation.pk if organisation else None,
                page=request.GET.get("page") or 1,
            ),
            "filter_form": filter_form,
            "query": params.urlencode(),
            "may_create": rules.may_create_plans(user),
            "may_propose": rules.may_propose(user),
        },
    )


@require_GET
@login_required
def minutes_download(request: HttpRequest, pk: int, approval_id: int) -> FileResponse:
    """A meeting's minutes, for those who see the plan (never by its media URL)."""
    plan = _plan_or_404(_user(request), pk)
    step = get_object_or_404(plan.approvals.exclude(minutes_file=""), pk=approval_id)
    name = step.minutes_file.name.rsplit("/", 1)[-1]
    return file_response(step.minutes_file.open("rb"), filename=name)


@require_GET
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, pk)
    page = selectors.plan_page(user=user, plan=plan)
    editing = "edit" in page.actions
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "page": page,
            "plan": plan,
            "item_form": forms.PlanItemForm(plan=plan) if editing else None,
            "budget_form": forms.PlanBudgetForm(
                initial={
                    "budget_hours": plan.budget_hours,
                    "fixed_price_amount": plan.fixed_price_amount,
                    "lock_version": plan.lock_version,
                }
            )
            if editing
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    areas = access.areas_visible_to(user).filter(
        Q(pk__in=access.scope_for(user).oversight.areas) if not user.is_superuser else Q()
    )
    if not rules.may_create_plans(user):
        raise PermissionDenied(_("Bare kommunalsjefer lager handlingsplaner."))
    form = forms.PlanCreateForm(request.POST or None, areas=areas, periods=_periods())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.plan_create(user=user, **form.cleaned_data)
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Utkastet er opprettet. Legg inn tiltakene."))
                return redirect("actionplans:plan", pk=plan.pk)
        status = 400
    return render(request, "actionplans/plan_create.html", {"form": form}, status=status)


def _step(
    request: HttpRequest,
    pk: int,
    action: str,
    service: Callable[..., ActionPlan],
    done: str,
    confirm: Callable[[ActionPlan], dict[str, Any]] | None = None,
) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, pk)
    _guard(user, plan, action)
    try:
        if confirm is not None and not confirmed(request):
            # Ask only for a step that can be taken now: a wrong state says why instead.
            rules.CHECKS[action](user, plan)
            return confirm_page(
                request, cancel_url=reverse("actionplans:plan", args=[plan.pk]), **confirm(plan)
            )
        result = service(plan=plan, user=user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("actionplans:plan", pk=plan.pk)
    messages.success(request, done)
    return redirect("actionplans:plan", pk=result.pk)


def _guard(user: User, plan: ActionPlan, action: str) -> None:
    """403 for the wrong role before anything else; a wrong state is left to the
    service, whose message the page shows."""
    with contextlib.suppress(ApplicationError):
        rules.CHECKS[action](user, plan)


@require_POST
@login_required
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "submit", services.plan_submit, _("Planen er sendt til BHT."))


@require_POST
@login_required
def plan_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "sign",
        services.plan_sign,
        _("Planen er signert."),
        confirm=lambda plan: {
            "title": _("Signere handlingsplanen for %(plan)s?") % {"plan": _plan_name(plan)},
            "consequence": _(
                "Du signerer planen som kommunalsjef. Den kan ikke lenger endres, og går "
                "til godkjenning i hoved-AMU. Endringer etterpå krever en revisjon."
            ),
            "button": _("Ja, signer planen"),
        },
    )


@require_POST
@login_required
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "revise",
        services.plan_revise,
        _("En ny versjon er startet som utkast."),
        confirm=lambda plan: {
            "title": _("Revidere handlingsplanen for %(plan)s?") % {"plan": _plan_name(plan)},
            "consequence": _(
                "Det lages en ny versjon av planen som utkast. Den må gjennom faglig "
                "tilbakemelding, behandling, signering og godkjenning i AMU på nytt. Den "
                "godkjente versjonen gjelder til den nye er godkjent."
            ),
            "button": _("Ja, start en revisjon"),
        },
    )


@require_POST
@login_required
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "close",
        services.plan_close,
        _("Planen er avsluttet."),
        confirm=lambda plan: {
            "title": _("Avslutte handlingsplanen for %(plan)s?") % {"plan": _plan_name(plan)},
            "consequence": _(
                "Planen avsluttes og kan ikke lenger revideres, endres eller få "
                "statusgjennomganger. Det kan ikke angres."
            ),
            "button": _("Ja, avslutt planen"),
            "danger": True,
        },
    )


def _plan_name(plan: ActionPlan) -> str:
    return f"{plan.area.name} {plan.period_label}"


def _form_page(
    request: HttpRequest,
    pk: int,
    *,
    action: str,
    template: str,
    make_form: Callable[[ActionPlan, Any], Any],
    save: Callable[[ActionPlan, User, Any], Any],
    done: str,
    confirm: Callable[[ActionPlan, Any], dict[str, Any]] | None = None,
) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, pk)
    _guard(user, plan, action)
    form = make_form(plan, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if confirm is not None and not confirmed(request):
                try:
                    rules.CHECKS[action](user, plan)
                except ApplicationError as error:
                    _form_error(form, error)
                else:
                    return confirm_page(
                        request,
                        cancel_url=reverse("actionplans:plan", args=[plan.pk]),
                        **confirm(plan, form),
                    )
            else:
                try:
                    save(plan, user, form)
                except ApplicationError as error:
                    _form_error(form, error)
                else:
                    messages.success(request, done)
                    return redirect("actionplans:plan", pk=plan.pk)
        status = 400
    context = {
        "plan": plan,
        "form": form,
        "allowed": rules.allowed(user, plan, action),
        "approving": action == "approve",
    }
    return render(request, template, context, status=status)


def _items(plan: ActionPlan) -> list[PlanItem]:
    return list(plan.items.select_related("service").order_by("priority", "title", "pk"))


@require_http_methods(["GET", "POST"])
@login_required
def plan_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        action="feedback",
        template="actionplans/plan_feedback.html",
        make_form=lambda plan, data: forms.FeedbackForm(data, items=_items(plan)),
        save=lambda plan, user, form: services.plan_feedback_give(
            plan=plan, user=user, text=form.cleaned_data["text"], item_texts=form.item_texts()
        ),
        done=_("Den faglige tilbakemeldingen er sendt til kommunalsjefen."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_consult(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        action="consult",
        template="actionplans/plan_meeting.html",
        make_form=lambda plan, data: forms.ConsultForm(data, request.FILES or None),
        save=lambda plan, user, form: services.plan_consult(
            plan=plan, user=user, **form.cleaned_data
        ),
        done=_("Behandlingen i MBM er registrert."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        action="approve",
        template="actionplans/plan_meeting.html",
        make_form=lambda plan, data: forms.MeetingForm(data),
        save=lambda plan, user, form: services.plan_approve(
            plan=plan, user=user, **form.cleaned_data
        ),
        done=_("Planen er godkjent."),
        confirm=lambda plan, form: {
            "title": _("Godkjenne handlingsplanen for %(plan)s i AMU?")
            % {"plan": _plan_name(plan)},
            "consequence": _(
                "Planen registreres som godkjent av hoved-AMU og blir gjeldende: tiltakene "
                "kan bestilles og timer føres som fastpris. Godkjenningen kan ikke trekkes "
                "tilbake; endringer etterpå krever en revisjon."
            ),
            "button": _("Ja, godkjenn planen"),
            "details": [
                (
                    _("Møtedato"),
                    date_format(form.cleaned_data["meeting_date"], "SHORT_DATE_FORMAT"),
                ),
                (_("Saksnummer"), form.cleaned_data["case_number"]),
                (_("Vedtak / protokoll"), form.cleaned_data["minutes"] or "–"),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_status_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        action="status_review",
        template="actionplans/plan_status_review.html",
        make_form=lambda plan, data: forms.StatusReviewForm(data, items=_items(plan)),
        save=lambda plan, user, form: services.status_review_record(
            plan=plan,
            user=user,
            held_at=form.cleaned_data["held_at"],
            summary=form.cleaned_data["summary"],
            entries=form.entries(),
        ),
        done=_("Statusgjennomgangen er lagret."),
    )


@require_POST
@login_required
def plan_budget(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, pk)
    _guard(user, plan, "edit")
    form = forms.PlanBudgetForm(request.POST)
    if form.is_valid():
        try:
            services.plan_update(plan=plan, user=user, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Budsjettet er endret."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("actionplans:plan", pk=plan.pk)

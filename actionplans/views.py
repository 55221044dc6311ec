"""HTML pages of the action plans app (under /handlingsplaner/).

Views stay thin: they read through `selectors`, decide which buttons to show with
`rules` (the same checks the services run) and write through `services`.
A plan outside the user's scope is a 404; a step the user may not take is a 403,
checked before any input is validated.
"""

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
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans import forms, rules, selectors, services
from actionplans.models import ActionPlan, PlanItem, ProposalStatus
from core import access
from core.confirm import confirm_page, confirmed
from core.errors import ApplicationError, HealthInfoFound
from core.forms import add_application_error
from core.models import User
from core.uploads import file_response


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _plan_or_404(user: User, pk: int) -> ActionPlan:
    return get_object_or_404(
        selectors.plans_visible_to(user).select_related("area__director"), pk=pk
    )


def _periods() -> list[int]:
    current = selectors.period_start(timezone.localdate().year)
    return [current, current + 2]


def _form_error(form: Any, error: ApplicationError) -> None:
    add_application_error(form, error)


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


@require_POST
@login_required
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, pk)
    _guard(user, plan, "edit")
    form = forms.PlanItemForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.plan_item_create(plan=plan, user=user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Tiltaket er lagt til."))
            return redirect("actionplans:plan", pk=plan.pk)
    page = selectors.plan_page(user=user, plan=plan)
    return render(
        request,
        "actionplans/plan_detail.html",
        {"page": page, "plan": plan, "item_form": form},
        status=400,
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    item = get_object_or_404(selectors.plan_items_visible_to(user), pk=pk)
    plan = item.plan
    _guard(user, plan, "edit")
    if request.method == "POST" and "delete" in request.POST:
        try:
            loaded = request.POST.get("lock_version", "")
            services.plan_item_delete(
                item=item, user=user, lock_version=int(loaded) if loaded.isdigit() else None
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Tiltaket er fjernet."))
        return redirect("actionplans:plan", pk=plan.pk)
    if request.method == "POST":
        form = forms.PlanItemEditForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                services.plan_item_update(item=item, user=user, **form.cleaned_data)
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Tiltaket er endret."))
                return redirect("actionplans:plan", pk=plan.pk)
        status = 400
    else:
        form = forms.PlanItemEditForm(initial=forms.PlanItemEditForm.initial_for(item), plan=plan)
        status = 200
    return render(
        request,
        "actionplans/item_edit.html",
        {
            "plan": plan,
            "item": item,
            "form": form,
            "history": selectors.plan_item_history(item),
        },
        status=status,
    )


# --- proposals -----------------------------------------------------------------


def _proposal_units(user: User) -> Any:
    scope = access.scope_for(user)
    return (
        access.units_visible_to(user)
        .filter(
            Q(id__in=scope.oversight.units)
            | Q(departments__id__in=scope.oversight.departments)
            | Q(area_id__in=scope.oversight.areas)
        )
        .distinct()
        .order_by("name")
    )


@require_http_methods(["GET", "POST"])
@login_required
def proposals(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    may_propose = rules.may_propose(user)
    form = forms.ProposalForm(
        request.POST or None, units=_proposal_units(user), periods=_periods()[::-1]
    )
    status = 200
    if request.method == "POST":
        if not may_propose:
            raise PermissionDenied(_("Bare ledere kan foreslå tiltak."))
        if form.is_valid():
            try:
                services.proposal_create(user=user, **form.cleaned_data)
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Forslaget er sendt til kommunalsjefen."))
                return redirect("actionplans:proposals")
        status = 400
    return _proposals_page(request, form if may_propose else None, status=status)


def _decision_form(proposal_pk: int, plans: Any, data: Any = None) -> forms.ProposalDecisionForm:
    # Ids per proposal: the page holds one decision form for each.
    return forms.ProposalDecisionForm(data, plans=plans, auto_id=f"p{proposal_pk}_%s")


def _proposals_page(
    request: HttpRequest,
    form: forms.ProposalForm | None,
    *,
    decided: forms.ProposalDecisionForm | None = None,
    decided_pk: int | None = None,
    status: int = 200,
) -> HttpResponse:
    """The proposals with a decision form on each the director may decide;
    `decided` is the form just posted for `decided_pk`, shown again with its errors."""
    user = _user(request)
    visible = list(selectors.proposals_visible_to(user).order_by("status", "-created_at"))
    drafts = selectors.draft_plans_for_director(user)
    decide = {
        p.pk
        for p in visible
        if p.status == ProposalStatus.PROPOSED and rules.is_director_of(user, p.area_id)
    }
    typical = selectors.typical_hours_for_services([p.service_id for p in visible])
    rows = [
        {
            "proposal": p,
            "may_decide": p.pk in decide,
            "earlier_hours": typical.get(p.service_id),
            "decision_form": (
                decided
                if decided is not None and p.pk == decided_pk
                else _decision_form(p.pk, drafts.filter(area_id=p.area_id))
            )
            if p.pk in decide
            else None,
        }
        for p in visible
    ]
    context = {"form": form, "rows": rows, "drafts": list(drafts)}
    return render(request, "actionplans/proposals.html", context, status=status)


@require_POST
@login_required
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    proposal = get_object_or_404(selectors.proposals_visible_to(user), pk=pk)
    if not rules.is_director_of(user, proposal.area_id):
        raise PermissionDenied(_("Bare kommunalsjefen for området avgjør forslag."))
    drafts = selectors.draft_plans_for_director(user).filter(area_id=proposal.area_id)
    form = _decision_form(proposal.pk, drafts, request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("actionplans:proposals")
    try:
        _decide_proposal(proposal, user, form)
    except HealthInfoFound as error:
        # The warning at the reply, with «Send likevel» where allowed: the page again,
        # this form as posted.
        _form_error(form, error)
        may_propose = rules.may_propose(user)
        return _proposals_page(
            request,
            forms.ProposalForm(units=_proposal_units(user), periods=_periods()[::-1])
            if may_propose
            else None,
            decided=form,
            decided_pk=proposal.pk,
            status=400,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Forslaget er avgjort, og forslagsstilleren har fått svar."))
    return redirect("actionplans:proposals")


def _decide_proposal(proposal: Any, user: User, form: forms.ProposalDecisionForm) -> None:
    data = form.cleaned_data
    if data["decision"] == "accept":
        services.proposal_accept(
            proposal=proposal,
            user=user,
            plan=data["plan"],
            reply=data["reply"],
            budget_hours=data["budget_hours"],
        )
    elif data["decision"] == "merge":
        services.proposal_merge(
            proposal=proposal, user=user, item=data["item"], reply=data["reply"]
        )
    else:
        services.proposal_reject(
            proposal=proposal,
            user=user,
            reply=data["reply"],
            confirm_health_info=form.health_confirmed,
        )

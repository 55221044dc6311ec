"""Units' proposals: the list, the form, and the director's decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from actionplans import forms, rules, selectors, services
from actionplans.models import ProposalStatus
from core import access
from core.errors import ApplicationError, HealthInfoFound
from core.models import User

from .common import _form_error, _periods, _user


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
            confirm_health_info=form.health_confirmed,
        )
    elif data["decision"] == "merge":
        services.proposal_merge(
            proposal=proposal,
            user=user,
            item=data["item"],
            reply=data["reply"],
            confirm_health_info=form.health_confirmed,
        )
    else:
        services.proposal_reject(
            proposal=proposal,
            user=user,
            reply=data["reply"],
            confirm_health_info=form.health_confirmed,
        )

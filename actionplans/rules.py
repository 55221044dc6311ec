"""Who may take which step on a plan, in which state.

The services call `check(...)` before every write; pages and the API call
`allowed(...)` to decide which buttons to show. Both read the same functions,
so a page never offers a step that the service would refuse.

Each check raises PermissionDenied (wrong role or outside scope → 403) or
ApplicationError (wrong state or a missing precondition → 400).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, ApprovalStage, PlanStatus
from core import access
from core.errors import ApplicationError
from core.models import MainContact, Role, RoleAssignment, ServiceArea, ServiceUnit, User

# Who may send wishes for the next plan (for their own unit; see may_propose_for).
PROPOSER_ROLES = (Role.UNIT_LEADER, Role.DEPARTMENT_LEADER, Role.AREA_DIRECTOR)


def may_create_plans(user: User) -> bool:
    """Area directors draft plans (for their own areas: services check is_director_of)."""
    return user.is_superuser or access.has_role(user, Role.AREA_DIRECTOR)


def may_propose(user: User) -> bool:
    """Whether the user proposes plan items at all (the proposals form is offered)."""
    return access.has_role(user, *PROPOSER_ROLES)


def may_propose_for(user: User, unit: ServiceUnit) -> bool:
    """Unit leaders for their unit; department leaders through their unit; the director."""
    if is_director_of(user, unit.area_id):
        return True
    roles = RoleAssignment.objects.filter(user=user).active()
    return (
        roles.filter(role=Role.UNIT_LEADER, unit=unit).exists()
        or roles.filter(role=Role.DEPARTMENT_LEADER, department__unit=unit).exists()
    )


def is_director_of(user: User, area_id: int) -> bool:
    if user.is_superuser:
        return True
    scope = access.scope_for(user)
    # Of the oversight roles only the area director is assigned at area level.
    return scope.has_role(Role.AREA_DIRECTOR) and area_id in scope.oversight.areas


def is_bht_for(user: User, area: ServiceArea, *roles: str) -> bool:
    """A BHT person (in one of `roles`) serving the area's organisation."""
    if user.is_superuser:
        return True
    scope = access.scope_for(user)
    if not scope.has_role(*roles):
        return False
    return scope.everything or area.organisation_id in scope.oversight.organisations


def is_hoved_amu_for(user: User, area: ServiceArea) -> bool:
    """A member of the organisation's main working-environment committee."""
    if not access.has_role(user, Role.AMU_MEMBER):
        return False
    return (
        RoleAssignment.objects.filter(
            user=user, role=Role.AMU_MEMBER, organisation_id=area.organisation_id
        )
        .active()
        .exists()
    )


def is_main_contact_of(user: User, area_id: int) -> bool:
    return MainContact.objects.current().filter(area_id=area_id, advisor__user=user).exists()


def _deny(message: str) -> None:
    raise PermissionDenied(message)


def _state(plan: ActionPlan, *statuses: str) -> None:
    if plan.status not in statuses:
        raise ApplicationError(
            _("Handlingsplanen har status «%(status)s»; det steget kan ikke tas nå.")
            % {"status": plan.get_status_display()}
        )


def _director(user: User, plan: ActionPlan) -> None:
    if not is_director_of(user, plan.area_id):
        _deny(_("Bare kommunalsjefen for området kan gjøre dette."))


def check_edit(user: User, plan: ActionPlan) -> None:
    """Change the plan's budget or items: only the director, only in draft."""
    _director(user, plan)
    if plan.status != PlanStatus.DRAFT:
        raise ApplicationError(
            _("Bare et utkast kan endres. En godkjent plan endres gjennom en revisjon.")
        )


def check_submit(user: User, plan: ActionPlan) -> None:
    _director(user, plan)
    _state(plan, PlanStatus.DRAFT)


def check_feedback(user: User, plan: ActionPlan) -> None:
    if not is_bht_for(user, plan.area, Role.BHT_ADVISOR, Role.BHT_MANAGER):
        _deny(_("Bare BHTs rådgivere og leder gir faglig tilbakemelding."))
    _state(plan, PlanStatus.BHT_REVIEW)


def check_consult(user: User, plan: ActionPlan) -> None:
    _director(user, plan)
    _state(plan, PlanStatus.CONSULTATION)


def has_consultation(plan: ActionPlan) -> bool:
    return plan.approvals.filter(stage=ApprovalStage.CONSULTATION).exists()


def check_sign(user: User, plan: ActionPlan) -> None:
    _director(user, plan)
    _state(plan, PlanStatus.CONSULTATION)
    if not has_consultation(plan):
        raise ApplicationError(_("Registrer behandlingen i MBM / område-AMU før du signerer."))


def check_approve(user: User, plan: ActionPlan) -> None:
    if not (is_hoved_amu_for(user, plan.area) or is_bht_for(user, plan.area, Role.BHT_MANAGER)):
        _deny(_("Bare medlemmer av hoved-AMU (eller leder av BHT på vegne av AMU) kan godkjenne."))
    _state(plan, PlanStatus.SIGNED)
    if plan.feedback_at is None or not plan.feedback.exists():
        raise ApplicationError(_("Planen mangler faglig tilbakemelding fra BHT."))
    if not has_consultation(plan):
        raise ApplicationError(_("Planen mangler behandling i MBM / område-AMU."))


def check_revise(user: User, plan: ActionPlan) -> None:
    _director(user, plan)
    _state(plan, PlanStatus.APPROVED)
    if plan.revisions.filter(superseded_at__isnull=True).exclude(status="closed").exists():
        raise ApplicationError(_("Det finnes allerede en revisjon av denne planen under arbeid."))


def check_close(user: User, plan: ActionPlan) -> None:
    if not (is_director_of(user, plan.area_id) or is_bht_for(user, plan.area, Role.BHT_MANAGER)):
        _deny(_("Bare kommunalsjefen eller leder av BHT kan avslutte en plan."))
    _state(plan, PlanStatus.APPROVED)


def check_status_review(user: User, plan: ActionPlan) -> None:
    if not (
        is_director_of(user, plan.area_id)
        or is_bht_for(user, plan.area, Role.BHT_MANAGER)
        or is_main_contact_of(user, plan.area_id)
    ):
        _deny(_("Bare kommunalsjefen og hovedkontakten kan holde statusgjennomgang."))
    _state(plan, PlanStatus.APPROVED)


CHECKS: dict[str, Callable[[User, ActionPlan], None]] = {
    "edit": check_edit,
    "submit": check_submit,
    "feedback": check_feedback,
    "consult": check_consult,
    "sign": check_sign,
    "approve": check_approve,
    "revise": check_revise,
    "close": check_close,
    "status_review": check_status_review,
}


def allowed(user: User, plan: ActionPlan, action: str) -> bool:
    try:
        CHECKS[action](user, plan)
    except (PermissionDenied, ApplicationError):
        return False
    return True


def allowed_actions(user: User, plan: ActionPlan) -> set[str]:
    return {action for action in CHECKS if allowed(user, plan, action)}

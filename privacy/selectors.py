"""Reads of the GDPR duties: who a person is, what is stored about them, what is due.

A *person* is either a user (`Person(user=...)`) or someone who is only named in
the records, e.g. an employee who phoned the BHT without having a login
(`Person(name="Kari Nordmann")`, found through `Inquiry.caller_name` and free text).

Records *about* a person, in the sense of the retention rules, are the
individual cases (confidential orders and inquiries) in which the person is the
caller or orderer, the one who wrote the request (not the BHT person who took the
call), or, for a person without an account only, is named. A user named in the text
of someone else's case (the advisor, the leader) is not its subject: the name is
replaced on erasure, nothing more. Every other record in which
the person appears (an order they placed, hours they logged, a plan they signed)
is the BHT's log of its work: it stays, and erasure pseudonymises the person in it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from actionplans.models import (
    ActionPlan,
    ItemProposal,
    PlanApproval,
    PlanFeedback,
    PlanItem,
    StatusReview,
)
from core.models import (
    AccessLog,
    Advisor,
    MainContact,
    OutgoingMail,
    Role,
    RoleAssignment,
    User,
)
from orders.models import (
    Inquiry,
    InquiryOutcome,
    Order,
    OrderAssignment,
    OrderEvent,
    OrderFeedback,
    OrderStatus,
)
from privacy import conf
from privacy.models import ErasureLog
from reports.models import AmuComment, AmuReview, ReportFile, ReportRun
from timetracking.models import HourlyRate, PeriodLock, TimeEntry, WeekSubmission

CLOSED_ORDER_STATUSES = (OrderStatus.CLOSED, OrderStatus.DECLINED, OrderStatus.CANCELLED)
# Shown instead of the content of someone else's confidential case (GDPR art. 15(4)).
WITHHELD = "[fortrolig – gjelder andre og er utelatt]"

# Free-text fields where a person may be named; erasure replaces the name in them.
MENTION_FIELDS: list[tuple[type[models.Model], tuple[str, ...]]] = [
    (Order, ("title", "description", "decline_reason")),
    (Inquiry, ("caller_name", "summary", "advice_given")),
    (OrderEvent, ("text",)),
    (OrderFeedback, ("text",)),
    (TimeEntry, ("note",)),
    (PlanItem, ("title", "description")),
    (ItemProposal, ("title", "reason", "reply")),
    (PlanFeedback, ("text",)),
    (PlanApproval, ("minutes",)),
    (StatusReview, ("summary",)),
    (AmuReview, ("decision",)),
    (AmuComment, ("text",)),
    (ReportRun, ("recommendations",)),
    # Copies of the name in notifications sent to other people.
    (OutgoingMail, ("subject", "body")),
]


def may_manage_privacy(user: User) -> bool:
    """Exports and erasures cross every organisation: the BHT manager of the whole BHT."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # The manager role itself must span the whole BHT, not one client organisation.
    return (
        RoleAssignment.objects.filter(
            user=user,
            role=Role.BHT_MANAGER,
            organisation=None,
            area=None,
            unit=None,
            department=None,
        )
        .active()
        .exists()
    )


@dataclass(frozen=True)
class Person:
    user: User | None = None
    name: str = ""

    @property
    def label(self) -> str:
        if self.user is not None:
            return f"{self.user} ({self.user.username})"
        return self.name

    @property
    def full_name(self) -> str:
        return self.user.get_full_name().strip() if self.user is not None else self.name.strip()

    @property
    def searchable_name(self) -> str:
        """The name looked for in free text: a first and a last name at least, so that
        a lone "Per" does not match every text that mentions some Per."""
        name = " ".join(self.full_name.split())
        if len(name.split(" ")) < 2 or len(name) < 5:
            return ""
        if self.user is not None and self.user.username.startswith(conf.PSEUDONYM_PREFIX):
            return ""
        return name


def person_for_user(user: User) -> Person:
    return Person(user=user)


def person_for_name(name: str) -> Person:
    return Person(name=" ".join(name.split()))


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def accounts_named(name: str) -> list[User]:
    """Users (not yet pseudonymised) whose full name ("first last") is `name`, any case."""
    words = name.split()
    if not words:
        return []
    query = Q()
    for word in words:
        query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    candidates = (
        User.objects.filter(query)
        .exclude(username__startswith=conf.PSEUDONYM_PREFIX)
        .order_by("username")
    )
    return [user for user in candidates if _same_name(user.get_full_name(), name)]


def person_search(text: str, limit: int = 20) -> tuple[list[User], list[str]]:
    """Users matching `text`, and names of callers without a login that match it."""
    words = text.split()
    if not words:
        return [], []
    user_q = Q()
    for word in words:
        user_q &= (
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    users = list(User.objects.filter(user_q).order_by("last_name", "first_name")[:limit])
    name_q = Q()
    for word in words:
        name_q &= Q(caller_name__icontains=word)
    names = sorted(
        set(
            Inquiry.objects.filter(name_q, caller__isnull=True)
            .exclude(caller_name__in=["", conf.ERASED])
            .values_list("caller_name", flat=True)[: limit * 5]
        )
    )[:limit]
    return users, names


# --- what is due ----------------------------------------------------------------


def _not_erased(model: type[models.Model]) -> Exists:
    content_type = ContentType.objects.get_for_model(model)
    return Exists(
        ErasureLog.objects.filter(
            content_type=content_type, object_id=Cast(OuterRef("pk"), models.CharField())
        )
    )


def orders_with_closing() -> QuerySet[Order]:
    return Order.objects.annotate(
        closed_on=Coalesce("closed_at", "declined_at", "cancelled_at")
    ).filter(status__in=CLOSED_ORDER_STATUSES)


def inquiries_with_closing() -> QuerySet[Inquiry]:
    """Answered inquiries; `order_closed_on` is the closing of the order made from it."""
    return (
        Inquiry.objects.exclude(outcome=InquiryOutcome.PENDING)
        .filter(responded_at__isnull=False)
        .annotate(
            order_closed_on=Coalesce(
                "order__closed_at", "order__declined_at", "order__cancelled_at"
            )
        )
        .filter(Q(order__isnull=True) | Q(order__status__in=CLOSED_ORDER_STATUSES))
    )


def orders_due(*, individual: bool, now: datetime.datetime) -> QuerySet[Order]:
    limit = conf.cutoff("individual_order" if individual else "order", now)
    if limit is None:
        return Order.objects.none()
    return (
        orders_with_closing()
        .filter(Q(closed_on__lt=limit), confidential=individual)
        .exclude(_not_erased(Order))
        .order_by("pk")
    )


def inquiries_due(*, individual: bool, now: datetime.datetime) -> QuerySet[Inquiry]:
    limit = conf.cutoff("individual_inquiry" if individual else "inquiry", now)
    if limit is None:
        return Inquiry.objects.none()
    return (
        inquiries_with_closing()
        .filter(confidential=individual, responded_at__lt=limit)
        .filter(Q(order__isnull=True) | Q(order_closed_on__lt=limit))
        .exclude(_not_erased(Inquiry))
        .order_by("pk")
    )


def access_logs_due(*, now: datetime.datetime) -> QuerySet[AccessLog]:
    limit = conf.cutoff("access_log", now)
    if limit is None:
        return AccessLog.objects.none()
    return AccessLog.objects.filter(at__lt=limit)


def user_account_ended_on(user: User) -> datetime.date | None:
    """The day the account stopped being needed: its last role ended (None: still in use)."""
    today = timezone.localdate()
    roles = list(user.role_assignments.all())  # prefetched by users_due
    if any(r.valid_from <= today and (r.valid_to is None or r.valid_to >= today) for r in roles):
        return None
    if any(r.valid_from > today for r in roles):
        return None
    last_days = [r.valid_to for r in roles if r.valid_to is not None]
    if user.last_login is not None:
        last_days.append(timezone.localdate(user.last_login))
    last_days.append(timezone.localdate(user.date_joined))
    return max(last_days)


def users_due(*, now: datetime.datetime) -> list[User]:
    """Accounts whose last role ended more than the `user` retention ago, not yet pseudonymised."""
    years = conf.retention_years("user")
    if years <= 0:
        return []
    limit = timezone.localdate(now)
    active_roles = RoleAssignment.objects.filter(user=OuterRef("pk")).active(limit)
    candidates = (
        User.objects.filter(is_superuser=False)
        .exclude(username__startswith=conf.PSEUDONYM_PREFIX)
        .exclude(Exists(active_roles))
        .prefetch_related("role_assignments")  # not one query per candidate
        .order_by("pk")
    )
    due = []
    for user in candidates:
        ended = user_account_ended_on(user)
        if ended is not None and conf.years_after(ended, years) < limit:
            due.append(user)
    return due


# --- records about a person ---------------------------------------------------------


def _mention_q(fields: tuple[str, ...], name: str, prefix: str = "") -> Q:
    """The database pre-filter for a name in free text (a substring; `text_contains`
    then decides on whole words)."""
    query = Q(pk__in=[])
    if name:
        for name_field in fields:
            query |= Q(**{f"{prefix}{name_field}__icontains": name})
    return query


def mentioning_ids(
    model: type[models.Model], fields: tuple[str, ...], name: str, key: str = "pk"
) -> set[Any]:
    """`key` of the rows of `model` that name `name` as whole words in one of `fields`."""
    if not name:
        return set()
    ids: set[Any] = set()
    for row in model._default_manager.filter(_mention_q(fields, name)).values(key, *fields):
        if any(text_contains(row[f] or "", name) for f in fields):
            ids.add(row[key])
    return ids


def individual_inquiries_about(person: Person) -> QuerySet[Inquiry]:
    if person.user is not None:
        # The caller, or the author when it is not the BHT person who took the call.
        # Being named in the text of someone else's case does not make it about them.
        user = person.user
        query = Q(caller=user) | (
            Q(author=user) & (Q(received_by__isnull=True) | ~Q(received_by=user))
        )
    else:
        name = person.searchable_name
        query = Q(pk__in=mentioning_ids(Inquiry, ("summary", "advice_given"), name))
        if person.full_name:
            query |= Q(caller_name__iexact=person.full_name)
    return Inquiry.objects.filter(query, confidential=True).distinct()


def individual_orders_about(person: Person) -> QuerySet[Order]:
    query = Q(inquiry__in=individual_inquiries_about(person))
    if person.user is not None:
        query |= Q(ordered_by=person.user)
    else:
        name = person.searchable_name
        ids = mentioning_ids(Order, ("title", "description", "decline_reason"), name)
        ids |= mentioning_ids(OrderEvent, ("text",), name, key="order_id")
        query |= Q(pk__in=ids)
    return Order.objects.filter(query, confidential=True).distinct()


@dataclass
class CaseLine:
    """One individual case in an erasure plan."""

    record_type: str
    obj: Order | Inquiry
    label: str
    closed_on: datetime.date | None
    keep_until: datetime.date | None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@dataclass
class ErasurePlan:
    person: Person
    due: list[CaseLine] = field(default_factory=list)
    kept: list[CaseLine] = field(default_factory=list)
    # (model verbose name, number of records) where the name will be replaced.
    mentions: list[tuple[str, int]] = field(default_factory=list)
    blocked_reasons: list[str] = field(default_factory=list)
    # Users with the name searched for: erase them from their own page instead.
    accounts: list[User] = field(default_factory=list)
    # Generated report files that print the name: kept as they are (not regenerated).
    report_files: list[ReportFile] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_reasons)

    @property
    def refused(self) -> bool:
        """Erasure is refused outright (not merely limited to the due cases)."""
        return bool(set(self.blocked_reasons) - {"kept"})

    @property
    def possible_from(self) -> datetime.date | None:
        """When the kept cases will all have passed their retention (None: a case is open)."""
        if not self.kept or any(line.keep_until is None for line in self.kept):
            return None
        return max(line.keep_until for line in self.kept if line.keep_until is not None)


def _order_closed_on(order: Order) -> datetime.date | None:
    if order.status not in CLOSED_ORDER_STATUSES:
        return None
    moment = order.closed_at or order.declined_at or order.cancelled_at
    return timezone.localdate(moment) if moment else None


def _inquiry_closed_on(inquiry: Inquiry) -> datetime.date | None:
    if inquiry.outcome == InquiryOutcome.PENDING or inquiry.responded_at is None:
        return None
    closed = timezone.localdate(inquiry.responded_at)
    order = getattr(inquiry, "order", None)
    if order is not None:
        order_closed = _order_closed_on(order)
        if order_closed is None:
            return None
        closed = max(closed, order_closed)
    return closed


def _case_line(
    record_type: str, obj: Order | Inquiry, label: str, closed_on: datetime.date | None
) -> CaseLine:
    years = conf.retention_years(record_type)
    keep_until = conf.years_after(closed_on, years) if closed_on is not None and years > 0 else None
    return CaseLine(record_type, obj, label, closed_on, keep_until)


def erasure_plan(person: Person, *, by: User | None = None) -> ErasurePlan:
    """What erasing `person` would do today: scrub the individual cases past their
    retention, keep those within it, and pseudonymise the person everywhere else.

    Erasure beyond the due cases is refused while a case about the person is still
    kept (the BHT's duty to keep its log wins, GDPR art. 17(3)(b)).
    """
    plan = ErasurePlan(person=person)
    now = timezone.now()
    today = timezone.localdate(now)
    erased_orders = set(_erased_ids(Order))
    erased_inquiries = set(_erased_ids(Inquiry))
    for order in individual_orders_about(person).order_by("pk"):
        if str(order.pk) in erased_orders:
            continue
        line = _case_line("individual_order", order, order.reference, _order_closed_on(order))
        (plan.due if line.keep_until and line.keep_until < today else plan.kept).append(line)
    inquiries = individual_inquiries_about(person).select_related("order").order_by("pk")
    for inquiry in inquiries:
        if str(inquiry.pk) in erased_inquiries:
            continue
        label = f"Henvendelse {inquiry.pk}"
        line = _case_line("individual_inquiry", inquiry, label, _inquiry_closed_on(inquiry))
        (plan.due if line.keep_until and line.keep_until < today else plan.kept).append(line)
    if plan.kept:
        plan.blocked_reasons.append("kept")
    user = person.user
    if user is None:
        # A name that belongs to an account: the checks of the account (active roles,
        # oneself, superuser) must not be bypassed through the name.
        plan.accounts = accounts_named(person.full_name)
        if plan.accounts:
            plan.blocked_reasons.append("has_account")
    if user is not None:
        if user.is_superuser:
            plan.blocked_reasons.append("superuser")
        if by is not None and by.pk == user.pk:
            plan.blocked_reasons.append("self")
        if RoleAssignment.objects.filter(user=user).active().exists():
            plan.blocked_reasons.append("active_roles")
    name = person.searchable_name
    due_ids = {(type(line.obj), line.obj.pk) for line in plan.due}
    if name:
        for model, fields in MENTION_FIELDS:
            ids = mentioning_ids(model, fields, name)
            count = sum(1 for pk in ids if (model, pk) not in due_ids)
            if count:
                plan.mentions.append((str(model._meta.verbose_name_plural), count))
    plan.report_files = report_files_naming(person)
    due_orders = [line.obj.pk for line in plan.due if isinstance(line.obj, Order)]
    plan.report_files = [f for f in plan.report_files if f.run.order_id not in due_orders]
    return plan


def report_files_naming(person: Person) -> list[ReportFile]:
    """Generated report files that (may) print the person's name: the assignment
    report of an order that names them or that they worked on, the plan status of a
    plan whose items or feedback name them or that they are advisor in, and the
    reports with recommendations that name them. Erasure keeps them as they are."""
    name = person.searchable_name
    user = person.user
    order_ids = mentioning_ids(Order, ("title", "description"), name)
    order_ids |= mentioning_ids(OrderEvent, ("text",), name, key="order_id")
    plan_ids = mentioning_ids(PlanItem, ("title", "description"), name, key="plan_id")
    plan_ids |= mentioning_ids(PlanFeedback, ("text",), name, key="plan_id")
    run_ids = mentioning_ids(ReportRun, ("recommendations",), name)
    query = Q(run__order__in=order_ids) | Q(run__plan__in=plan_ids) | Q(run__in=run_ids)
    if user is not None:
        query |= (
            Q(run__order__events__actor=user)
            | Q(run__order__time_entries__advisor__user=user)
            | Q(run__plan__items__advisor__user=user)
        )
    return list(
        ReportFile.objects.filter(query).distinct().select_related("run").order_by("run", "pk")
    )


def _erased_ids(model: type[models.Model]) -> list[str]:
    content_type = ContentType.objects.get_for_model(model)
    return list(
        ErasureLog.objects.filter(content_type=content_type).values_list("object_id", flat=True)
    )


# --- the export -------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _row(obj: models.Model, names: list[str], **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": obj.pk}
    for name in names:
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            value = getattr(obj, name)
        elif getattr(model_field, "choices", None):
            value = getattr(obj, f"get_{name}_display")()
            row[f"{name}_code"] = getattr(obj, name)
        else:
            value = getattr(obj, name)
        row[name] = _value(value)
    for key, value in extra.items():
        row[key] = _value(value)
    return row


@dataclass
class ExportSection:
    key: str
    title: str
    rows: list[dict[str, Any]]
    note: str = ""


@dataclass
class PersonExport:
    person: Person
    generated_at: datetime.datetime
    sections: list[ExportSection]
    # Confidential cases whose content is in the export: their reads are logged.
    confidential_objects: list[Order | Inquiry] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": "bht-crm-personvern-eksport",
            "version": 1,
            "generated_at": self.generated_at.isoformat(),
            "person": {
                "kind": "user" if self.person.user is not None else "name",
                "id": self.person.user.pk if self.person.user is not None else None,
                "username": self.person.user.username if self.person.user is not None else None,
                "name": self.person.full_name,
            },
            "sections": {s.key: {"title": s.title, "rows": s.rows} for s in self.sections},
        }


# Handled by the explicit sections below; anything else pointing at a user is listed
# under "other_references" (audit history, tokens, models added later).
_COVERED = {
    ("bht.User", "id"),
    ("bht.RoleAssignment", "user"),
    ("bht.Advisor", "user"),
    ("bht.ServiceArea", "director"),
    ("bht.ServiceUnit", "leader"),
    ("bht.Department", "leader"),
    ("bht.AccessLog", "user"),
    ("orders.Inquiry", "received_by"),
    ("orders.Inquiry", "author"),
    ("orders.Inquiry", "caller"),
    ("orders.Order", "ordered_by"),
    ("orders.Order", "created_by"),
    ("orders.Order", "cost_accepted_by"),
    ("orders.Order", "decided_by"),
    ("orders.OrderEvent", "actor"),
    ("orders.OrderFeedback", "given_by"),
    ("actionplans.ActionPlan", "created_by"),
    ("actionplans.PlanItem", "proposed_by"),
    ("actionplans.ItemProposal", "proposer"),
    ("actionplans.ItemProposal", "decided_by"),
    ("actionplans.PlanFeedback", "author"),
    ("actionplans.PlanApproval", "by"),
    ("actionplans.StatusReview", "by"),
    ("timetracking.TimeEntry", "created_by"),
    ("timetracking.HourlyRate", "set_by"),
    ("timetracking.PeriodLock", "locked_by"),
    ("timetracking.PeriodLock", "unlocked_by"),
    ("timetracking.WeekSubmission", "decided_by"),
    ("reports.ReportRun", "requested_by"),
    ("reports.AmuReview", "recorded_by"),
    ("reports.AmuComment", "author"),
    ("privacy.ErasureLog", "by"),
}


def _order_content_allowed(order: Order, person: Person, about: set[int]) -> bool:
    """The export shows a confidential case's content only to its subject and authors."""
    if not order.confidential or order.pk in about:
        return True
    user = person.user
    return user is not None and user.pk in (order.ordered_by_id, order.created_by_id)


def _inquiry_content_allowed(inquiry: Inquiry, person: Person, about: set[int]) -> bool:
    if not inquiry.confidential or inquiry.pk in about:
        return True
    user = person.user
    return user is not None and user.pk == inquiry.author_id


def person_export(person: Person) -> PersonExport:
    """Everything stored about `person`, from every app, as neutral rows.

    Content of someone else's confidential case (where the person only took part
    as BHT staff or decided on it) is withheld: the export names the case and the
    person's part in it, not what it says about the other employee.
    """
    sections: list[ExportSection] = []
    user = person.user
    about_inquiries = set(individual_inquiries_about(person).values_list("pk", flat=True))
    about_orders = set(individual_orders_about(person).values_list("pk", flat=True))
    shown_confidential: list[Order | Inquiry] = []

    def add(key: str, title: str, rows: list[dict[str, Any]], note: str = "") -> None:
        sections.append(ExportSection(key, title, rows, note))

    if user is not None:
        add(
            "user",
            "Brukerkonto",
            [
                _row(
                    user,
                    [
                        "username",
                        "first_name",
                        "last_name",
                        "email",
                        "phone",
                        "job_title",
                        "department",
                        "is_active",
                        "date_joined",
                        "last_login",
                    ],
                    photo=user.photo.name if user.photo else "",
                )
            ],
            "Passordet lagres bare som en enveis kryptert verdi og er ikke med.",
        )
        add(
            "role_assignments",
            "Roller",
            [
                _row(ra, ["role", "organisation", "area", "unit", "department"])
                | {"valid_from": _value(ra.valid_from), "valid_to": _value(ra.valid_to)}
                for ra in RoleAssignment.objects.filter(user=user).select_related(
                    "organisation", "area", "unit", "department"
                )
            ],
        )
        leads = [{"level": "område", "name": a.name, "id": a.pk} for a in user.directed_areas.all()]
        leads += [
            {"level": "tjenesteområde", "name": u.name, "id": u.pk} for u in user.led_units.all()
        ]
        leads += [
            {"level": "avdeling", "name": d.name, "id": d.pk} for d in user.led_departments.all()
        ]
        add("leads", "Leder for", leads)
        advisor = Advisor.objects.filter(user=user).first()
        advisor_rows = []
        contact_rows = []
        if advisor is not None:
            advisor_rows.append(
                _row(advisor, ["profession", "fte_percent", "is_external", "hourly_cost"])
                | {
                    "competence_areas": ", ".join(str(c) for c in advisor.competence_areas.all()),
                    "is_active": advisor.is_active,
                }
            )
            contact_rows = [
                _row(mc, ["area", "unit"])
                | {"valid_from": _value(mc.valid_from), "valid_to": _value(mc.valid_to)}
                for mc in MainContact.objects.filter(advisor=advisor).select_related("area", "unit")
            ]
        add("advisor", "Rådgiver i BHT", advisor_rows)
        add("main_contacts", "Hovedkontakt (historikk)", contact_rows)

    # Inquiries: as caller, author or recipient, and those about the person.
    inquiry_q = Q(pk__in=about_inquiries)
    if user is not None:
        inquiry_q |= Q(caller=user) | Q(author=user) | Q(received_by=user)
    if person.full_name:
        inquiry_q |= Q(caller_name__iexact=person.full_name)
    inquiry_rows = []
    for inquiry in (
        Inquiry.objects.filter(inquiry_q)
        .select_related("organisation", "area", "unit", "department", "category")
        .order_by("received_at", "pk")
    ):
        parts = []
        if user is not None:
            if inquiry.caller_id == user.pk:
                parts.append("innringer")
            if inquiry.author_id == user.pk:
                parts.append("skrevet av")
            if inquiry.received_by_id == user.pk:
                parts.append("registrert av")
        if inquiry.pk in about_inquiries:
            parts.append("gjelder personen")
        row = _row(
            inquiry,
            [
                "organisation",
                "received_at",
                "channel",
                "caller_role",
                "area",
                "unit",
                "department",
                "category",
                "outcome",
                "responded_at",
                "confidential",
            ],
            person_part=", ".join(parts) or "navngitt",
        )
        if _inquiry_content_allowed(inquiry, person, about_inquiries):
            row |= {
                "caller_name": inquiry.caller_name,
                "summary": inquiry.summary,
                "advice_given": inquiry.advice_given,
            }
            if inquiry.confidential:
                shown_confidential.append(inquiry)
        else:
            row |= {"caller_name": WITHHELD, "summary": WITHHELD, "advice_given": WITHHELD}
        inquiry_rows.append(row)
    add("inquiries", "Henvendelser", inquiry_rows)

    order_q = Q(pk__in=about_orders)
    if user is not None:
        order_q |= (
            Q(ordered_by=user)
            | Q(created_by=user)
            | Q(cost_accepted_by=user)
            | Q(decided_by=user)
            | Q(lead_advisor__user=user)
            | Q(assignments__advisor__user=user)
        )
    order_rows = []
    orders = (
        Order.objects.filter(order_q)
        .distinct()
        .select_related("organisation", "area", "unit", "department", "service", "category")
        .order_by("created_at", "pk")
    )
    for order in orders:
        parts = []
        if user is not None:
            for attr, label in (
                ("ordered_by_id", "bestiller"),
                ("created_by_id", "opprettet av"),
                ("cost_accepted_by_id", "godkjente kostnad"),
                ("decided_by_id", "besluttet"),
            ):
                if getattr(order, attr) == user.pk:
                    parts.append(label)
        if order.pk in about_orders:
            parts.append("gjelder personen")
        row = _row(
            order,
            [
                "reference",
                "organisation",
                "area",
                "unit",
                "department",
                "service",
                "category",
                "status",
                "billing",
                "urgency",
                "estimated_hours",
                "decline_reason_code",
                "submitted_at",
                "closed_at",
                "confidential",
            ],
            person_part=", ".join(parts) or "tildelt",
        )
        if _order_content_allowed(order, person, about_orders):
            row |= {
                "title": order.title,
                "description": order.description,
                "journal_reference": order.journal_reference,
                "decline_reason": order.decline_reason,
            }
            if order.confidential:
                shown_confidential.append(order)
        else:
            row |= dict.fromkeys(
                ("title", "description", "journal_reference", "decline_reason"), WITHHELD
            )
        order_rows.append(row)
    add("orders", "Bestillinger", order_rows)

    if user is not None:
        event_rows = []
        for event in (
            OrderEvent.objects.filter(actor=user).select_related("order").order_by("at", "pk")
        ):
            allowed = _order_content_allowed(event.order, person, about_orders)
            event_rows.append(
                _row(event, ["order", "at", "kind", "internal"])
                | {
                    "text": event.text if allowed else WITHHELD,
                    "file_name": event.file_name if allowed else WITHHELD,
                }
            )
        add("order_events", "Hendelser og kommentarer i bestillinger", event_rows)
        add(
            "order_assignments",
            "Tildelinger",
            [
                _row(a, ["order", "role"])
                for a in OrderAssignment.objects.filter(advisor__user=user).select_related("order")
            ],
        )
        add(
            "order_feedback",
            "Tilbakemeldinger",
            [
                _row(
                    f,
                    [
                        "order",
                        "help_received",
                        "work_adapted",
                        "impartial_role",
                        "competence",
                        "overall",
                        "text",
                        "created_at",
                    ],
                )
                for f in OrderFeedback.objects.filter(given_by=user).select_related("order")
            ],
        )
        entries = (
            TimeEntry.objects.filter(Q(advisor__user=user) | Q(created_by=user))
            .select_related("order", "plan_item", "internal_activity", "area")
            .order_by("date", "pk")
        )
        add(
            "time_entries",
            "Timeføringer",
            [
                _row(
                    e,
                    [
                        "date",
                        "hours",
                        "activity",
                        "order",
                        "plan_item",
                        "internal_activity",
                        "billing",
                        "area",
                        "status",
                    ],
                    note=e.note
                    if e.order is None or _order_content_allowed(e.order, person, about_orders)
                    else WITHHELD,
                )
                for e in entries
            ],
        )
        add(
            "week_submissions",
            "Innsendte uker",
            [
                _row(w, ["advisor", "week_start", "status", "comment", "decided_by"])
                for w in WeekSubmission.objects.filter(Q(advisor__user=user) | Q(decided_by=user))
            ],
        )
        add(
            "hourly_rates",
            "Timepriser satt",
            [_row(r, ["year", "amount"]) for r in HourlyRate.objects.filter(set_by=user)],
        )
        add(
            "period_locks",
            "Låste måneder",
            [
                _row(p, ["organisation", "month", "locked_by", "unlocked_by", "unlock_reason"])
                for p in PeriodLock.objects.filter(Q(locked_by=user) | Q(unlocked_by=user))
            ],
        )
        add(
            "action_plans",
            "Handlingsplaner opprettet",
            [
                _row(p, ["area", "start_year", "version", "status"])
                for p in ActionPlan.objects.filter(created_by=user).select_related("area")
            ],
        )
        add(
            "plan_items",
            "Tiltak foreslått eller ansvarlig for",
            [
                _row(i, ["plan", "title", "status", "budget_hours"])
                for i in PlanItem.objects.filter(
                    Q(proposed_by=user) | Q(advisor__user=user)
                ).select_related("plan")
            ],
        )
        add(
            "item_proposals",
            "Forslag til tiltak",
            [
                _row(p, ["area", "title", "reason", "status", "reply", "decided_by"])
                for p in ItemProposal.objects.filter(Q(proposer=user) | Q(decided_by=user))
            ],
        )
        add(
            "plan_feedback",
            "Faglige tilbakemeldinger på planer",
            [_row(f, ["plan", "item", "text"]) for f in PlanFeedback.objects.filter(author=user)],
        )
        add(
            "plan_approvals",
            "Behandlinger og godkjenninger av planer",
            [
                _row(a, ["plan", "stage", "case_number", "minutes"])
                for a in PlanApproval.objects.filter(by=user)
            ],
        )
        add(
            "status_reviews",
            "Statusgjennomganger",
            [_row(r, ["plan", "summary"]) for r in StatusReview.objects.filter(by=user)],
        )
        add(
            "report_runs",
            "Rapporter bestilt",
            [
                _row(r, ["kind", "organisation", "area", "year", "status", "created_at"])
                for r in ReportRun.objects.filter(requested_by=user)
            ],
        )
        add(
            "amu_reviews",
            "AMU-behandlinger registrert",
            [
                _row(r, ["run", "meeting_date", "case_number", "decision"])
                for r in AmuReview.objects.filter(recorded_by=user)
            ],
        )
        add(
            "amu_comments",
            "Kommentarer til AMU-rapporter",
            [
                _row(c, ["run", "text", "created_at"])
                for c in AmuComment.objects.filter(author=user)
            ],
        )
        add(
            "access_log_by_person",
            "Tilgangslogg: hva personen har lest",
            [
                _row(log, ["at", "action", "content_type", "object_id", "object_label"])
                for log in AccessLog.objects.filter(user=user).select_related("content_type")
            ],
        )

    if user is not None:
        add(
            "login_history",
            "Innlogginger og mislykkede forsøk",
            [
                {"type": str(model._meta.verbose_name)}
                | {
                    name: _value(getattr(row, name))
                    for name in ("attempt_time", "logout_time", "ip_address", "user_agent")
                    if hasattr(row, name)
                }
                for model in login_models()
                for row in model._default_manager.filter(username=user.username)
            ],
        )

    if user is not None and user.email:
        add(
            "notifications",
            "Varsler sendt på e-post",
            [
                {
                    "created_at": _value(m.created_at),
                    "sent_at": _value(m.sent_at),
                    "subject": m.subject,
                }
                for m in outgoing_mail_to(user.email)
            ],
        )

    # Who has read the person's account and the cases about them.
    read_q = Q(pk__in=[])
    if user is not None:
        read_q |= Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    if about_orders:
        read_q |= Q(
            content_type=ContentType.objects.get_for_model(Order),
            object_id__in=[str(pk) for pk in about_orders],
        )
    if about_inquiries:
        read_q |= Q(
            content_type=ContentType.objects.get_for_model(Inquiry),
            object_id__in=[str(pk) for pk in about_inquiries],
        )
    add(
        "access_log_about_person",
        "Tilgangslogg: hvem som har lest saker om personen",
        [
            _row(log, ["at", "user", "action", "content_type", "object_id", "object_label"])
            for log in AccessLog.objects.filter(read_q).select_related("user", "content_type")
        ],
    )

    if user is not None:
        add(
            "other_references",
            "Andre registreringer som viser til personen",
            _other_references(user),
            "Endringshistorikk og andre poster: type, id og feltet som viser til personen.",
        )
    return PersonExport(
        person=person,
        generated_at=timezone.now(),
        sections=sections,
        confidential_objects=shown_confidential,
    )


def outgoing_mail_to(address: str) -> list[Any]:
    """Notification e-mails to the address (the outbox of core.notifications, if present)."""
    try:
        model = apps.get_model("bht", "OutgoingMail")
    except LookupError:
        return []
    return list(model._default_manager.filter(to__iexact=address).order_by("created_at"))


def login_models() -> list[type[models.Model]]:
    """django-axes' records of logins and failed attempts, by username (if installed)."""
    if not apps.is_installed("axes"):
        return []
    return [
        model
        for model in apps.get_app_config("axes").get_models()
        if any(f.name == "username" for f in model._meta.fields)
    ]


def _other_references(user: User) -> list[dict[str, Any]]:
    """Rows of every other model with a foreign key to the user (audit history,
    API tokens, admin log, models added later), without their free text."""
    rows: list[dict[str, Any]] = []
    for model in apps.get_models():
        label = model._meta.label
        for model_field in model._meta.concrete_fields:
            related = getattr(model_field, "related_model", None)
            if related is not User or (label, model_field.name) in _COVERED:
                continue
            qs = model._default_manager.filter(**{model_field.attname: user.pk})
            for obj in qs.order_by("pk")[:1000]:
                row: dict[str, Any] = {
                    "model": label,
                    "id": str(obj.pk),
                    "field": model_field.name,
                }
                for attr in ("history_date", "history_type", "action_time", "created"):
                    if hasattr(obj, attr):
                        row[attr] = _value(getattr(obj, attr))
                rows.append(row)
    return rows


def name_pattern(name: str) -> re.Pattern[str]:
    """The name as whole words, any case: "Per Olsen" is not in "Per Olsensen"."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", flags=re.IGNORECASE)


def text_contains(text: str, name: str) -> bool:
    return bool(name) and name_pattern(name).search(text) is not None

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

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from actionplans.models import PlanFeedback, PlanItem
from core.models import AccessLog, Role, RoleAssignment, User
from core.personal_data import WITHHELD as WITHHELD
from orders.models import Inquiry, InquiryOutcome, Order, OrderEvent, OrderStatus
from privacy import conf, parts
from privacy.models import ErasureLog
from reports.models import ReportFile, ReportRun

CLOSED_ORDER_STATUSES = (OrderStatus.CLOSED, OrderStatus.DECLINED, OrderStatus.CANCELLED)


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
    _sort_cases(plan, person)
    if plan.kept:
        plan.blocked_reasons.append("kept")
    _check_account(plan, person, by)
    _count_mentions(plan, person)
    due_orders = [line.obj.pk for line in plan.due if isinstance(line.obj, Order)]
    plan.report_files = [f for f in report_files_naming(person) if f.run.order_id not in due_orders]
    return plan


def _sort_cases(plan: ErasurePlan, person: Person) -> None:
    """The individual cases about the person not yet erased: due when their retention
    has passed, kept otherwise."""
    today = timezone.localdate()
    lines: list[CaseLine] = []
    erased_orders = set(_erased_ids(Order))
    for order in individual_orders_about(person).order_by("pk"):
        if str(order.pk) not in erased_orders:
            closed = _order_closed_on(order)
            lines.append(_case_line("individual_order", order, order.reference, closed))
    erased_inquiries = set(_erased_ids(Inquiry))
    inquiries = individual_inquiries_about(person).select_related("order").order_by("pk")
    for inquiry in inquiries:
        if str(inquiry.pk) not in erased_inquiries:
            label = f"Henvendelse {inquiry.pk}"
            closed = _inquiry_closed_on(inquiry)
            lines.append(_case_line("individual_inquiry", inquiry, label, closed))
    for line in lines:
        (plan.due if line.keep_until and line.keep_until < today else plan.kept).append(line)


def _check_account(plan: ErasurePlan, person: Person, by: User | None) -> None:
    user = person.user
    if user is None:
        # A name that belongs to an account: the checks of the account (active roles,
        # oneself, superuser) must not be bypassed through the name.
        plan.accounts = accounts_named(person.full_name)
        if plan.accounts:
            plan.blocked_reasons.append("has_account")
        return
    if user.is_superuser:
        plan.blocked_reasons.append("superuser")
    if by is not None and by.pk == user.pk:
        plan.blocked_reasons.append("self")
    if RoleAssignment.objects.filter(user=user).active().exists():
        plan.blocked_reasons.append("active_roles")


def _count_mentions(plan: ErasurePlan, person: Person) -> None:
    """Where the name will be replaced: the records naming it, less the due cases
    (those are scrubbed whole)."""
    name = person.searchable_name
    if not name:
        return
    due_ids = {(type(line.obj), line.obj.pk) for line in plan.due}
    for model, fields in parts.mention_fields():
        ids = mentioning_ids(model, fields, name)
        count = sum(1 for pk in ids if (model, pk) not in due_ids)
        if count:
            plan.mentions.append((str(model._meta.verbose_name_plural), count))


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


def name_pattern(name: str) -> re.Pattern[str]:
    """The name as whole words, any case: "Per Olsen" is not in "Per Olsensen"."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", flags=re.IGNORECASE)


def text_contains(text: str, name: str) -> bool:
    return bool(name) and name_pattern(name).search(text) is not None

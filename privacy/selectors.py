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

from actionplans.models import PlanFeedback, PlanItem
from core.models import AccessLog, Role, RoleAssignment, User
from core.personal_data import WITHHELD as WITHHELD
from core.personal_data import ExportContext, ExportSection, export_row, export_value
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
        for model, fields in parts.mention_fields():
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


# --- the export: assembled from the part each app contributes (privacy/parts.py) ----

# The order of the sections in the document: each app's part, then privacy's own.
# A section not listed (a new model's) follows the listed ones, in app order.
SECTION_ORDER = (
    "user",
    "role_assignments",
    "leads",
    "advisor",
    "main_contacts",
    "inquiries",
    "orders",
    "order_events",
    "order_assignments",
    "order_feedback",
    "time_entries",
    "week_submissions",
    "hourly_rates",
    "period_locks",
    "action_plans",
    "plan_items",
    "item_proposals",
    "plan_feedback",
    "plan_approvals",
    "status_reviews",
    "report_runs",
    "amu_reviews",
    "amu_comments",
    "access_log_by_person",
    "login_history",
    "notifications",
    "access_log_about_person",
    "other_references",
)
# The ones privacy adds after the apps' parts, whatever they hold.
LAST_SECTIONS = ("access_log_about_person", "other_references")


@dataclass
class PersonExport:
    person: Person
    generated_at: datetime.datetime
    sections: list[ExportSection]
    # Confidential cases whose content is in the export: their reads are logged.
    confidential_objects: list[Any] = field(default_factory=list)

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


def _position(section: ExportSection) -> float:
    if section.key in SECTION_ORDER:
        return SECTION_ORDER.index(section.key)
    return SECTION_ORDER.index(LAST_SECTIONS[0]) - 0.5  # stable: in app order


def person_export(person: Person) -> PersonExport:
    """Everything stored about `person`, from every app's part, as neutral rows.

    Each part withholds the content of someone else's confidential case: the export
    names the case and the person's part in it, not what it says about the other
    employee (orders/privacy.py).
    """
    ctx = ExportContext(
        user=person.user,
        full_name=person.full_name,
        about={
            "orders.Inquiry": set(individual_inquiries_about(person).values_list("pk", flat=True)),
            "orders.Order": set(individual_orders_about(person).values_list("pk", flat=True)),
        },
    )
    sections = [section for found in parts.call("export_person", ctx) for section in found]
    sections += _own_sections(ctx)
    return PersonExport(
        person=person,
        generated_at=timezone.now(),
        sections=sorted(sections, key=_position),
        confidential_objects=ctx.shown_confidential,
    )


def _own_sections(ctx: ExportContext) -> list[ExportSection]:
    """What no single app owns: logins (django-axes), who read the person's account and
    the cases about them, and every other row that points at the account."""
    user = ctx.user
    sections = []
    if user is not None:
        sections.append(
            ExportSection(
                "login_history",
                "Innlogginger og mislykkede forsøk",
                [
                    {"type": str(model._meta.verbose_name)}
                    | {
                        name: export_value(getattr(row, name))
                        for name in ("attempt_time", "logout_time", "ip_address", "user_agent")
                        if hasattr(row, name)
                    }
                    for model in login_models()
                    for row in model._default_manager.filter(username=user.username)
                ],
            )
        )
    read_q = Q(pk__in=[])
    if user is not None:
        read_q |= Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    for model in (Order, Inquiry):
        ids = ctx.about_ids(model._meta.label)
        if ids:
            read_q |= Q(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(pk) for pk in ids],
            )
    sections.append(
        ExportSection(
            "access_log_about_person",
            "Tilgangslogg: hvem som har lest saker om personen",
            [
                export_row(
                    log, ["at", "user", "action", "content_type", "object_id", "object_label"]
                )
                for log in AccessLog.objects.filter(read_q).select_related("user", "content_type")
            ],
        )
    )
    if user is not None:
        sections.append(
            ExportSection(
                "other_references",
                "Andre registreringer som viser til personen",
                _other_references(user),
                "Endringshistorikk og andre poster: type, id og feltet som viser til personen.",
            )
        )
    return sections


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
    covered = parts.covered() | {("privacy.ErasureLog", "by")}
    for model in apps.get_models():
        label = model._meta.label
        for model_field in model._meta.concrete_fields:
            related = getattr(model_field, "related_model", None)
            if related is not User or (label, model_field.name) in covered:
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
                        row[attr] = export_value(getattr(obj, attr))
                rows.append(row)
    return rows


def name_pattern(name: str) -> re.Pattern[str]:
    """The name as whole words, any case: "Per Olsen" is not in "Per Olsensen"."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", flags=re.IGNORECASE)


def text_contains(text: str, name: str) -> bool:
    return bool(name) and name_pattern(name).search(text) is not None

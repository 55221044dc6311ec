"""What goes into the archive for one organisation and year, read from the apps
below (docs/archive.md says which records are journal-worthy and why).

Three kinds of case file (saksmappe):

* a finished order (closed, declined or cancelled in the year) with its timeline;
* an approved action plan (approved in the year) with its approvals;
* an annual report to AMU (finished in the year) with the committee's decision.

Every entry of a case is a `Record`; `journal` marks the journal-worthy ones
(incoming and outgoing case documents and decisions: arkivforskriften § 9),
which become `journalpost` and appear in the journal; the rest are plain
`registrering` (the case's history, kept but not journalled).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from actionplans.models import ActionPlan, ApprovalStage, PlanApproval, PlanStatus
from core import confidentiality
from core.models import Organisation
from core.parsing import small_number
from orders.models import EventKind, Order, OrderEvent, OrderStatus
from reports.models import AmuReview, FileFormat, ReportKind, ReportRun, RunStatus

NAMESPACE = uuid.UUID("5b0e7a52-0f64-4c55-9d3c-2a8c1c9e4b11")


def system_id(*parts: Any) -> str:
    """A stable UUID per record: the same extract twice has the same ids."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


# Journal post types (Noark 5 M082): incoming, outgoing, internal note.
INCOMING, OUTGOING, NOTE = "Inngående dokument", "Utgående dokument", "Organinternt notat"


@dataclass
class Document:
    system_id: str
    title: str
    created: datetime.datetime
    created_by: str
    # A stored file: opened with `open_file()`; name used in the extract.
    file_name: str
    open_file: Any


@dataclass
class Record:
    system_id: str
    at: datetime.datetime
    by: str
    title: str
    journal: bool
    post_type: str = NOTE
    party: str = ""  # the correspondent (avsender / mottaker)
    description: str = ""
    confidential: bool = False
    documents: list[Document] = field(default_factory=list)


@dataclass
class Case:
    system_id: str
    kind: str  # "order", "plan", "report"
    year: int
    sequence: int
    title: str
    confidential: bool
    created: datetime.datetime
    created_by: str
    closed: datetime.datetime
    closed_by: str
    unit: str  # administrativ enhet
    responsible: str  # saksansvarlig
    description: str = ""
    records: list[Record] = field(default_factory=list)

    @property
    def case_id(self) -> str:
        return f"{self.year}/{self.sequence}"

    @property
    def public_title(self) -> str:
        return public_title(self.title, confidential=self.confidential)


def public_title(title: str, *, confidential: bool) -> str:
    """What the public journal shows: the placeholder for a confidential case."""
    return confidentiality.listed_title(title=title, confidential=confidential)


def _name(user: Any) -> str:
    if user is None:
        return "BHT-CRM"
    return user.get_full_name() or user.username


def _year_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_default_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=tz)


# --- orders ----------------------------------------------------------------------------

# Which timeline entries are journal-worthy, and in which direction (seen from the BHT).
_ORDER_DECISIONS: dict[str, tuple[str, str]] = {
    OrderStatus.SUBMITTED: (INCOMING, "Bestilling mottatt"),
    OrderStatus.ACCEPTED: (OUTGOING, "Bestilling godtatt"),
    OrderStatus.DECLINED: (OUTGOING, "Bestilling avslått"),
    OrderStatus.DELIVERED: (OUTGOING, "Oppdrag levert"),
    OrderStatus.CANCELLED: (INCOMING, "Bestilling avbrutt"),
}


def _order_record(order: Order, event: OrderEvent, bht_ids: set[int]) -> Record:
    by = _name(event.actor)
    from_bht = event.actor_id in bht_ids
    confidential = order.confidential or event.internal
    record = Record(
        system_id=system_id("order-event", event.pk),
        at=event.at,
        by=by,
        title=event.get_kind_display(),
        journal=False,
        description=event.text,
        confidential=confidential,
    )
    if event.kind == EventKind.STATUS and event.to_status in _ORDER_DECISIONS:
        post_type, title = _ORDER_DECISIONS[event.to_status]
        record.journal, record.post_type, record.title = True, post_type, title
    elif event.kind in (EventKind.COMMENT, EventKind.ATTACHMENT) and not event.internal:
        record.journal = True
        record.post_type = OUTGOING if from_bht else INCOMING
        record.title = event.file_name or event.get_kind_display()
    elif event.kind == EventKind.COST_ACCEPTED:
        record.journal, record.post_type = True, INCOMING
    record.party = _name(order.ordered_by) if record.journal else ""
    if record.title and not record.title.startswith(order.reference):
        record.title = f"{order.reference} {record.title}"
    if event.file:
        record.documents.append(
            Document(
                system_id=system_id("order-file", event.pk),
                title=event.file_name or event.file.name.rsplit("/", 1)[-1],
                created=event.at,
                created_by=by,
                file_name=event.file_name or event.file.name.rsplit("/", 1)[-1],
                open_file=event.file.open,
            )
        )
    return record


def order_cases(organisation: Organisation, year: int) -> list[Case]:
    start, end = _year_range(year)
    orders = (
        Order.objects.filter(organisation=organisation)
        .filter(
            Q(status=OrderStatus.CLOSED, closed_at__gte=start, closed_at__lt=end)
            | Q(status=OrderStatus.DECLINED, declined_at__gte=start, declined_at__lt=end)
            | Q(status=OrderStatus.CANCELLED, cancelled_at__gte=start, cancelled_at__lt=end)
        )
        .select_related("area", "ordered_by", "created_by", "lead_advisor__user")
        .prefetch_related(
            Prefetch(
                "events", queryset=OrderEvent.objects.select_related("actor").order_by("at", "pk")
            )
        )
        .order_by("reference")
    )
    from core.models import Advisor

    bht_ids = set(Advisor.objects.values_list("user_id", flat=True))
    cases = []
    for order in orders:
        ended = order.closed_at or order.declined_at or order.cancelled_at
        assert ended is not None
        events = list(order.events.all())
        closer = next((e.actor for e in reversed(events) if e.to_status == order.status), None)
        ref_year, _sep, number = order.reference.rpartition("-")
        case = Case(
            system_id=system_id("order", order.pk),
            kind="order",
            year=int(ref_year.rsplit("-", 1)[-1]) if ref_year else order.created_at.year,
            sequence=small_number(number, digits=9) or order.pk,
            title=f"{order.reference} {order.title}",
            confidential=order.confidential,
            created=order.created_at,
            created_by=_name(order.created_by),
            closed=ended,
            closed_by=_name(closer),
            unit=order.area.name if order.area_id else organisation.name,
            responsible=_name(order.lead_advisor.user) if order.lead_advisor else "BHT",
            description=order.description,
        )
        case.records = [_order_record(order, event, bht_ids) for event in events]
        cases.append(case)
    return cases


# --- action plans ------------------------------------------------------------------------

_PLAN_STEPS: dict[str, tuple[str, str]] = {
    ApprovalStage.SUBMITTED: (INCOMING, "Handlingsplan sendt til BHT"),
    ApprovalStage.FEEDBACK: (OUTGOING, "BHTs faglige tilbakemelding"),
    ApprovalStage.CONSULTATION: (INCOMING, "Behandlet i MBM / område-AMU"),
    ApprovalStage.SIGNED: (INCOMING, "Signert av kommunalsjef"),
    ApprovalStage.APPROVED: (INCOMING, "Godkjent i AMU"),
}


def plan_cases(organisation: Organisation, year: int, first_sequence: int) -> list[Case]:
    start, end = _year_range(year)
    plans = (
        ActionPlan.objects.filter(
            area__organisation=organisation, approved_at__gte=start, approved_at__lt=end
        )
        .exclude(status=PlanStatus.DRAFT)
        .select_related("area", "created_by")
        .prefetch_related(
            Prefetch(
                "approvals", queryset=PlanApproval.objects.select_related("by").order_by("at", "pk")
            )
        )
        .order_by("approved_at", "pk")
    )
    cases = []
    for number, plan in enumerate(plans, start=first_sequence):
        assert plan.approved_at is not None
        approvals = list(plan.approvals.all())
        approver = next((a.by for a in approvals if a.stage == ApprovalStage.APPROVED), None)
        title = (
            f"Handlingsplan {plan.area.name} {plan.start_year}–{plan.end_year}"
            f" (versjon {plan.version})"
        )
        case = Case(
            system_id=system_id("plan", plan.pk),
            kind="plan",
            year=year,
            sequence=number,
            title=title,
            confidential=False,
            created=plan.created_at,
            created_by=_name(plan.created_by),
            closed=plan.approved_at,
            closed_by=_name(approver),
            unit=plan.area.name,
            responsible=_name(plan.area.director) if plan.area.director_id else plan.area.name,
        )
        case.records = [_approval_record(plan, approval) for approval in approvals]
        cases.append(case)
    return cases


def _approval_record(plan: ActionPlan, approval: PlanApproval) -> Record:
    post_type, step = _PLAN_STEPS.get(approval.stage, (NOTE, approval.get_stage_display()))
    meeting = f" (sak {approval.case_number})" if approval.case_number else ""
    record = Record(
        system_id=system_id("plan-approval", approval.pk),
        at=approval.at,
        by=_name(approval.by),
        title=f"{step}{meeting}",
        journal=approval.stage in _PLAN_STEPS,
        post_type=post_type,
        party=plan.area.name,
        description=approval.minutes,
    )
    if approval.minutes_file:
        name = approval.minutes_file.name.rsplit("/", 1)[-1]
        record.documents.append(
            Document(
                system_id=system_id("plan-minutes", approval.pk),
                title=f"Protokoll {name}",
                created=approval.at,
                created_by=record.by,
                file_name=name,
                open_file=approval.minutes_file.open,
            )
        )
    return record


# --- annual reports ---------------------------------------------------------------------


def report_cases(organisation: Organisation, year: int, first_sequence: int) -> list[Case]:
    start, end = _year_range(year)
    runs = (
        ReportRun.objects.filter(
            organisation=organisation,
            kind=ReportKind.AMU_ANNUAL,
            status=RunStatus.DONE,
            finished_at__gte=start,
            finished_at__lt=end,
        )
        .select_related("requested_by")
        .prefetch_related("files", "reviews__recorded_by")
        .order_by("finished_at", "pk")
    )
    cases = []
    for number, run in enumerate(runs, start=first_sequence):
        assert run.finished_at is not None
        reviews = sorted(run.reviews.all(), key=lambda r: (r.meeting_date, r.pk))
        title = f"Årsrapport til AMU {run.year} – {organisation.name}"
        last = reviews[-1] if reviews else None
        case = Case(
            system_id=system_id("report", run.pk),
            kind="report",
            year=year,
            sequence=number,
            title=title,
            confidential=False,
            created=run.created_at,
            created_by=_name(run.requested_by),
            closed=last.recorded_at if last else run.finished_at,
            closed_by=_name(last.recorded_by) if last else _name(run.requested_by),
            unit=organisation.name,
            responsible="BHT",
        )
        report = _report_record(run, title)
        case.records.append(report)
        for review in reviews:
            case.records.append(_review_record(review))
        cases.append(case)
    return cases


def _report_record(run: ReportRun, title: str) -> Record:
    assert run.finished_at is not None
    report = Record(
        system_id=system_id("report-run", run.pk),
        at=run.finished_at,
        by=_name(run.requested_by),
        title=title,
        journal=True,
        post_type=OUTGOING,
        party="Hoved-AMU",
    )
    for report_file in run.files.all():
        if report_file.format != FileFormat.PDF:
            continue
        report.documents.append(
            Document(
                system_id=system_id("report-file", report_file.pk),
                title=title,
                created=report_file.created_at,
                created_by=report.by,
                file_name=f"arsrapport-{run.year}-{run.pk}.pdf",
                open_file=report_file.file.open,
            )
        )
    return report


def _review_record(review: AmuReview) -> Record:
    case_number = f" (sak {review.case_number})" if review.case_number else ""
    return Record(
        system_id=system_id("amu-review", review.pk),
        at=review.recorded_at,
        by=_name(review.recorded_by),
        title=f"Vedtak i AMU {review.meeting_date:%d.%m.%Y}{case_number}",
        journal=True,
        post_type=INCOMING,
        party="AMU",
        description=review.decision,
    )


def cases_for(organisation: Organisation, year: int) -> list[Case]:
    """All case files of the year, orders first (they keep their own numbers), then
    plans and reports numbered after the highest order number of the year."""
    orders = order_cases(organisation, year)
    next_number = max((c.sequence for c in orders if c.year == year), default=0) + 1
    plans = plan_cases(organisation, year, next_number)
    next_number += len(plans)
    return orders + plans + report_cases(organisation, year, next_number)


@dataclass(frozen=True)
class JournalLine:
    number: str  # journalår/sekvensnummer
    date: datetime.date
    post_type: str
    case_id: str
    title: str
    public_title: str
    party: str
    public_party: str
    confidential: bool
    system_id: str


def journal_lines(cases: list[Case], year: int) -> list[JournalLine]:
    """The journal: every journal-worthy record of the year, numbered in date order.
    The numbers match the journalposts of arkivstruktur.xml."""
    posts = sorted(
        ((record, case) for case in cases for record in case.records if record.journal),
        key=lambda pair: (pair[0].at, pair[0].system_id),
    )
    lines = []
    for number, (record, case) in enumerate(posts, start=1):
        hidden = case.confidential or record.confidential
        lines.append(
            JournalLine(
                number=f"{year}/{number}",
                date=timezone.localtime(record.at).date(),
                post_type=record.post_type,
                case_id=case.case_id,
                title=record.title,
                public_title=public_title(record.title, confidential=hidden),
                party=record.party,
                public_party="" if hidden else record.party,
                confidential=hidden,
                system_id=record.system_id,
            )
        )
    return lines

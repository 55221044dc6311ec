"""The orders app's part of the personal-data export and erasure
(core/personal_data.py): inquiries and orders the person called about, wrote,
decided or worked on, or that are about them; their events, assignments and feedback.

Content of someone else's confidential case (where the person only took part as BHT
staff or decided on it) is withheld: the export names the case and the person's part
in it, not what it says about the other employee.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from core.models import User
from core.personal_data import WITHHELD, Eraser, ExportContext, ExportSection, export_row
from orders.models import (
    EventKind,
    Inquiry,
    InquiryMessage,
    Order,
    OrderAssignment,
    OrderEvent,
    OrderFeedback,
)

ORDER = "orders.Order"
INQUIRY = "orders.Inquiry"

COVERED = {
    ("orders.Inquiry", "received_by"),
    ("orders.Inquiry", "author"),
    ("orders.Inquiry", "caller"),
    ("orders.Inquiry", "consent_recorded_by"),
    ("orders.Order", "ordered_by"),
    ("orders.Order", "created_by"),
    ("orders.Order", "cost_accepted_by"),
    ("orders.Order", "decided_by"),
    ("orders.OrderEvent", "actor"),
    ("orders.OrderFeedback", "given_by"),
}

MENTION_FIELDS = [
    (Order, ("title", "description", "decline_reason")),
    (Inquiry, ("caller_name", "summary", "advice_given")),
    (InquiryMessage, ("subject", "body")),
    (OrderEvent, ("text",)),
    (OrderFeedback, ("text",)),
]

ORDER_CONTENT = ("title", "description", "journal_reference", "decline_reason")
INQUIRY_CONTENT = ("caller_name", "summary", "advice_given")


def order_content_allowed(ctx: ExportContext, order: Order) -> bool:
    """The export shows a confidential case's content only to its subject and authors."""
    if not order.confidential or order.pk in ctx.about_ids(ORDER):
        return True
    return ctx.user is not None and ctx.user.pk in (order.ordered_by_id, order.created_by_id)


def inquiry_content_allowed(ctx: ExportContext, inquiry: Inquiry) -> bool:
    if not inquiry.confidential or inquiry.pk in ctx.about_ids(INQUIRY):
        return True
    return ctx.user is not None and ctx.user.pk == inquiry.author_id


def export_person(ctx: ExportContext) -> list[ExportSection]:
    sections = [
        ExportSection("inquiries", "Henvendelser", _inquiry_rows(ctx)),
        ExportSection("orders", "Bestillinger", _order_rows(ctx)),
    ]
    user = ctx.user
    if user is None:
        return sections
    event_rows = []
    for event in OrderEvent.objects.filter(actor=user).select_related("order").order_by("at", "pk"):
        allowed = order_content_allowed(ctx, event.order)
        event_rows.append(
            export_row(event, ["order", "at", "kind", "internal"])
            | {
                "text": event.text if allowed else WITHHELD,
                "file_name": event.file_name if allowed else WITHHELD,
            }
        )
    feedback_fields = [
        "order",
        "help_received",
        "work_adapted",
        "impartial_role",
        "competence",
        "overall",
        "text",
        "created_at",
    ]
    return [
        *sections,
        ExportSection("order_events", "Hendelser og kommentarer i bestillinger", event_rows),
        ExportSection(
            "order_assignments",
            "Tildelinger",
            [
                export_row(a, ["order", "role"])
                for a in OrderAssignment.objects.filter(advisor__user=user).select_related("order")
            ],
        ),
        ExportSection(
            "order_feedback",
            "Tilbakemeldinger",
            [
                export_row(f, feedback_fields)
                for f in OrderFeedback.objects.filter(given_by=user).select_related("order")
            ],
        ),
    ]


def _inquiries_of(ctx: ExportContext) -> Q:
    user = ctx.user
    query = Q(pk__in=ctx.about_ids(INQUIRY))
    if user is not None:
        query |= Q(caller=user) | Q(author=user) | Q(received_by=user) | Q(consent_recorded_by=user)
        if user.email:
            # E-mail or feedback sent from the person's address.
            query |= Q(sender_email__iexact=user.email)
    if ctx.full_name:
        query |= Q(caller_name__iexact=ctx.full_name)
    return query


def _inquiry_rows(ctx: ExportContext) -> list[dict[str, Any]]:
    """As caller, author or recipient, and those about the person."""
    user, about = ctx.user, ctx.about_ids(INQUIRY)
    query = _inquiries_of(ctx)
    rows = []
    for inquiry in (
        Inquiry.objects.filter(query)
        .select_related("organisation", "area", "unit", "department", "category")
        .order_by("received_at", "pk")
    ):
        parts = []
        if user is not None:
            for attr, label in (
                ("caller_id", "innringer"),
                ("author_id", "skrevet av"),
                ("received_by_id", "registrert av"),
                ("consent_recorded_by_id", "registrerte samtykke"),
            ):
                if getattr(inquiry, attr) == user.pk:
                    parts.append(label)
        if inquiry.pk in about:
            parts.append("gjelder personen")
        row = export_row(
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
        if inquiry_content_allowed(ctx, inquiry):
            row |= {name: getattr(inquiry, name) for name in INQUIRY_CONTENT}
            if inquiry.confidential:
                ctx.shown_confidential.append(inquiry)
        else:
            row |= dict.fromkeys(INQUIRY_CONTENT, WITHHELD)
        rows.append(row)
    return rows


def _order_rows(ctx: ExportContext) -> list[dict[str, Any]]:
    user, about = ctx.user, ctx.about_ids(ORDER)
    query = Q(pk__in=about)
    if user is not None:
        query |= (
            Q(ordered_by=user)
            | Q(created_by=user)
            | Q(cost_accepted_by=user)
            | Q(decided_by=user)
            | Q(lead_advisor__user=user)
            | Q(assignments__advisor__user=user)
        )
    rows = []
    for order in (
        Order.objects.filter(query)
        .distinct()
        .select_related("organisation", "area", "unit", "department", "service", "category")
        .order_by("created_at", "pk")
    ):
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
        if order.pk in about:
            parts.append("gjelder personen")
        row = export_row(
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
        if order_content_allowed(ctx, order):
            row |= {name: getattr(order, name) for name in ORDER_CONTENT}
            if order.confidential:
                ctx.shown_confidential.append(order)
        else:
            row |= dict.fromkeys(ORDER_CONTENT, WITHHELD)
        rows.append(row)
    return rows


# --- erasure ----------------------------------------------------------------------


def erase_person(eraser: Eraser, user: User) -> None:
    """The caller's name typed on inquiries they phoned in."""
    Inquiry.objects.filter(caller=user).exclude(caller_name="").update(
        caller_name=eraser.placeholder, **eraser.bump(Inquiry)
    )


def erase_order(eraser: Eraser, order: Order) -> None:
    """The order's content, its events' text and files, and the feedback's text; every
    figure it is counted by stays."""
    eraser.erase_text(Order, [order.pk], *ORDER_CONTENT)
    events = OrderEvent.objects.filter(order=order)
    eraser.erase_text(OrderEvent, list(events.values_list("pk", flat=True)), "text")
    for event in events.exclude(file=""):
        eraser.delete_file_on_commit(event.file)
    # An attachment without its file would break the download: it becomes an erased comment.
    attachment_ids = list(events.filter(kind=EventKind.ATTACHMENT).values_list("pk", flat=True))
    eraser.update(
        OrderEvent,
        attachment_ids,
        kind=EventKind.COMMENT,
        text=eraser.placeholder,
        file="",
        file_name="",
        file_size=None,
    )
    eraser.update(
        OrderEvent,
        list(events.exclude(file="").values_list("pk", flat=True)),
        file="",
        file_name=eraser.placeholder,
    )
    eraser.erase_text(
        OrderFeedback,
        list(OrderFeedback.objects.filter(order=order).values_list("pk", flat=True)),
        "text",
    )


def erase_inquiry(eraser: Eraser, inquiry: Inquiry) -> None:
    eraser.erase_text(Inquiry, [inquiry.pk], *INQUIRY_CONTENT)
    # The e-mails of the thread say what the inquiry said, and from which address.
    messages = list(InquiryMessage.objects.filter(inquiry=inquiry).values_list("pk", flat=True))
    eraser.erase_text(InquiryMessage, messages, "subject", "body")
    eraser.update(InquiryMessage, messages, sender_email="")
    values: dict[str, Any] = {"caller": None, "sender_email": ""}
    if inquiry.author_id != inquiry.received_by_id:
        # The employee's own request: the link to them goes, the BHT's record stays.
        values["author"] = eraser.erased_person()
    eraser.update(Inquiry, [inquiry.pk], **values)

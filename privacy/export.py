"""The person export (GDPR art. 15 and 20): assembled from the part each app
contributes (privacy/parts.py, contract in core/personal_data.py), plus what no
single app owns (logins, who read the person's cases, other references)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import AccessLog, User
from core.personal_data import WITHHELD as WITHHELD
from core.personal_data import ExportContext, ExportSection, export_row, export_value
from orders.models import Inquiry, Order
from privacy import parts
from privacy.selectors import Person, individual_inquiries_about, individual_orders_about

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

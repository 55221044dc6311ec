"""The core app's part of the personal-data export and erasure (core/personal_data.py):
the account, roles, what the person leads, the advisor record, main contacts, what
the person has read, and the notifications sent to them."""

from __future__ import annotations

from django.utils import timezone

from core.models import (
    AccessLog,
    Advisor,
    HealthGuardOverride,
    MainContact,
    OutgoingMail,
    RoleAssignment,
    User,
)
from core.personal_data import Eraser, ExportContext, ExportSection, export_row, export_value

COVERED = {
    ("bht.User", "id"),
    ("bht.RoleAssignment", "user"),
    ("bht.Advisor", "user"),
    ("bht.ServiceArea", "director"),
    ("bht.ServiceUnit", "leader"),
    ("bht.Department", "leader"),
    ("bht.AccessLog", "user"),
    ("bht.HealthGuardOverride", "user"),
}

# Copies of the name in notifications sent to other people.
MENTION_FIELDS = [(OutgoingMail, ("subject", "body"))]

USER_FIELDS = [
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
]


def export_person(ctx: ExportContext) -> list[ExportSection]:
    user = ctx.user
    if user is None:
        return []
    photo = user.photo.name if user.photo else ""
    sections = [
        ExportSection(
            "user",
            "Brukerkonto",
            [export_row(user, USER_FIELDS, photo=photo)],
            "Passordet lagres bare som en enveis kryptert verdi og er ikke med.",
        ),
        ExportSection(
            "role_assignments",
            "Roller",
            [
                export_row(ra, ["role", "organisation", "area", "unit", "department"])
                | {"valid_from": export_value(ra.valid_from), "valid_to": export_value(ra.valid_to)}
                for ra in RoleAssignment.objects.filter(user=user).select_related(
                    "organisation", "area", "unit", "department"
                )
            ],
        ),
        ExportSection("leads", "Leder for", _leads(user)),
        *_advisor_sections(user),
        ExportSection(
            "access_log_by_person",
            "Tilgangslogg: hva personen har lest",
            [
                export_row(log, ["at", "action", "content_type", "object_id", "object_label"])
                for log in AccessLog.objects.filter(user=user).select_related("content_type")
            ],
        ),
        ExportSection(
            "health_guard_overrides",
            "Sendt likevel etter varsel om helseopplysninger",
            [
                export_row(row, ["at", "content_type", "object_id", "kinds", "fields"])
                for row in HealthGuardOverride.objects.filter(user=user).select_related(
                    "content_type"
                )
            ],
        ),
    ]
    if user.email:
        sections.append(
            ExportSection(
                "notifications",
                "Varsler sendt på e-post",
                [
                    {
                        "created_at": export_value(m.created_at),
                        "sent_at": export_value(m.sent_at),
                        "subject": m.subject,
                    }
                    for m in outgoing_mail_to(user.email)
                ],
            )
        )
    return sections


def _leads(user: User) -> list[dict[str, object]]:
    leads = [{"level": "område", "name": a.name, "id": a.pk} for a in user.directed_areas.all()]
    leads += [{"level": "tjenesteområde", "name": u.name, "id": u.pk} for u in user.led_units.all()]
    leads += [{"level": "avdeling", "name": d.name, "id": d.pk} for d in user.led_departments.all()]
    return leads


def _advisor_sections(user: User) -> list[ExportSection]:
    advisor = Advisor.objects.filter(user=user).first()
    advisor_rows = []
    contact_rows = []
    if advisor is not None:
        advisor_rows.append(
            export_row(advisor, ["profession", "fte_percent", "is_external", "hourly_cost"])
            | {
                "competence_areas": ", ".join(str(c) for c in advisor.competence_areas.all()),
                "is_active": advisor.is_active,
            }
        )
        contact_rows = [
            export_row(mc, ["area", "unit"])
            | {"valid_from": export_value(mc.valid_from), "valid_to": export_value(mc.valid_to)}
            for mc in MainContact.objects.filter(advisor=advisor).select_related("area", "unit")
        ]
    return [
        ExportSection("advisor", "Rådgiver i BHT", advisor_rows),
        ExportSection("main_contacts", "Hovedkontakt (historikk)", contact_rows),
    ]


def outgoing_mail_to(address: str) -> list[OutgoingMail]:
    """Notification e-mails to the address (the outbox of core.notifications)."""
    return list(OutgoingMail.objects.filter(to__iexact=address).order_by("created_at"))


def erase_person(eraser: Eraser, user: User) -> None:
    """Active roles refuse erasure (privacy.selectors.erasure_plan); a role that has
    not started yet is dropped. Sent notifications to the person's address go."""
    RoleAssignment.objects.filter(user=user, valid_from__gt=timezone.localdate()).delete()
    if user.email:
        OutgoingMail.objects.filter(to__iexact=user.email).delete()

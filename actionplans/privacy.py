"""The action-plans app's part of the personal-data export and erasure
(core/personal_data.py): plans created, items proposed or owned, proposals,
feedback, approvals and status reviews by the person."""

from __future__ import annotations

from django.db.models import Q

from actionplans.models import (
    ActionPlan,
    ItemProposal,
    PlanApproval,
    PlanFeedback,
    PlanItem,
    StatusReview,
)
from core.personal_data import ExportContext, ExportSection, export_row

COVERED = {
    ("actionplans.ActionPlan", "created_by"),
    ("actionplans.PlanItem", "proposed_by"),
    ("actionplans.ItemProposal", "proposer"),
    ("actionplans.ItemProposal", "decided_by"),
    ("actionplans.PlanFeedback", "author"),
    ("actionplans.PlanApproval", "by"),
    ("actionplans.StatusReview", "by"),
}

MENTION_FIELDS = [
    (PlanItem, ("title", "description")),
    (ItemProposal, ("title", "reason", "reply")),
    (PlanFeedback, ("text",)),
    (PlanApproval, ("minutes",)),
    (StatusReview, ("summary",)),
]


def export_person(ctx: ExportContext) -> list[ExportSection]:
    user = ctx.user
    if user is None:
        return []
    return [
        ExportSection(
            "action_plans",
            "Handlingsplaner opprettet",
            [
                export_row(p, ["area", "start_year", "version", "status"])
                for p in ActionPlan.objects.filter(created_by=user).select_related("area")
            ],
        ),
        ExportSection(
            "plan_items",
            "Tiltak foreslått eller ansvarlig for",
            [
                export_row(i, ["plan", "title", "status", "budget_hours"])
                for i in PlanItem.objects.filter(
                    Q(proposed_by=user) | Q(advisor__user=user)
                ).select_related("plan")
            ],
        ),
        ExportSection(
            "item_proposals",
            "Forslag til tiltak",
            [
                export_row(p, ["area", "title", "reason", "status", "reply", "decided_by"])
                for p in ItemProposal.objects.filter(Q(proposer=user) | Q(decided_by=user))
            ],
        ),
        ExportSection(
            "plan_feedback",
            "Faglige tilbakemeldinger på planer",
            [
                export_row(f, ["plan", "item", "text"])
                for f in PlanFeedback.objects.filter(author=user)
            ],
        ),
        ExportSection(
            "plan_approvals",
            "Behandlinger og godkjenninger av planer",
            [
                export_row(a, ["plan", "stage", "case_number", "minutes"])
                for a in PlanApproval.objects.filter(by=user)
            ],
        ),
        ExportSection(
            "status_reviews",
            "Statusgjennomganger",
            [export_row(r, ["plan", "summary"]) for r in StatusReview.objects.filter(by=user)],
        ),
    ]

"""The reports app's part of the personal-data export and erasure
(core/personal_data.py): reports requested, AMU reviews recorded and comments written;
the files of an erased order's assignment report."""

from __future__ import annotations

from core.personal_data import Eraser, ExportContext, ExportSection, export_row
from orders.models import Order
from reports.models import AmuComment, AmuReview, ReportFile, ReportRun

COVERED = {
    ("reports.ReportRun", "requested_by"),
    ("reports.AmuReview", "recorded_by"),
    ("reports.AmuComment", "author"),
}

MENTION_FIELDS = [
    (AmuReview, ("decision",)),
    (AmuComment, ("text",)),
    (ReportRun, ("recommendations",)),
]


def export_person(ctx: ExportContext) -> list[ExportSection]:
    user = ctx.user
    if user is None:
        return []
    return [
        ExportSection(
            "report_runs",
            "Rapporter bestilt",
            [
                export_row(r, ["kind", "organisation", "area", "year", "status", "created_at"])
                for r in ReportRun.objects.filter(requested_by=user)
            ],
        ),
        ExportSection(
            "amu_reviews",
            "AMU-behandlinger registrert",
            [
                export_row(r, ["run", "meeting_date", "case_number", "decision"])
                for r in AmuReview.objects.filter(recorded_by=user)
            ],
        ),
        ExportSection(
            "amu_comments",
            "Kommentarer til AMU-rapporter",
            [
                export_row(c, ["run", "text", "created_at"])
                for c in AmuComment.objects.filter(author=user)
            ],
        ),
    ]


def erase_order(eraser: Eraser, order: Order) -> None:
    """The assignment report (order_report) printed the order's content into files."""
    for report_file in ReportFile.objects.filter(run__order=order):
        eraser.delete_file_on_commit(report_file.file)
        report_file.delete()
    ReportRun.objects.filter(order=order).update(data_fingerprint="")

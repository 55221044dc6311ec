"""Report runs: request, generate, retry, and clean up stuck runs.

Lifecycle: `report_request` validates, dedupes and queues a `ReportRun`, and
enqueues `reports.tasks.generate_report_task` after commit. The task calls
`report_generate`, which computes the `Report` (progress 10 → 60), renders the
files, and only then — in one transaction — creates the `ReportFile` rows and
marks the run done. Until that commit no file is reachable from the run.
"""

from __future__ import annotations

from .generation import (
    RENDERERS,
    _fail,
    _files,
    _finish,
    _notify_finished,
    _set_progress,
    _start,
    fingerprint,
    logger,
    report_generate,
)
from .release import (
    _delete_file,
    report_files_purge,
    report_release,
)
from .requests import (
    STUCK_MESSAGE,
    _check_permission,
    _enqueue,
    _parameters,
    annual_drafts_create,
    params_key_for,
    report_file_open,
    report_request,
    report_retry,
    reports_fail_stuck,
)
from .review import (
    COMMENT_MAX,
    amu_comment_add,
    amu_review_record,
)

__all__ = [
    "STUCK_MESSAGE",
    "params_key_for",
    "_check_permission",
    "report_file_open",
    "_parameters",
    "report_request",
    "_enqueue",
    "report_retry",
    "reports_fail_stuck",
    "annual_drafts_create",
    "logger",
    "RENDERERS",
    "_set_progress",
    "fingerprint",
    "report_generate",
    "_start",
    "_files",
    "_finish",
    "_fail",
    "_notify_finished",
    "report_release",
    "report_files_purge",
    "_delete_file",
    "COMMENT_MAX",
    "amu_comment_add",
    "amu_review_record",
]

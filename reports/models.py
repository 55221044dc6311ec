"""Report runs, their files, AMU handling, and the sick-leave figures reports use.

A `ReportRun` is one request for a report of a kind with parameters; a Celery task
computes the neutral `reports.document.Report` and renders it into `ReportFile`s
(PDF, XLSX, CSV). See reports/services.py for the lifecycle
`queued → running → done | failed`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel


class SickLeaveStat(TimestampedModel):
    """Sick leave for one unit or department in one period (imported from HR)."""

    organisation = models.ForeignKey(
        "bht.Organisation",
        verbose_name=_("virksomhet"),
        on_delete=models.CASCADE,
        related_name="sick_leave_stats",
    )
    unit = models.ForeignKey(
        "bht.ServiceUnit",
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sick_leave_stats",
    )
    department = models.ForeignKey(
        "bht.Department",
        verbose_name=_("avdeling"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sick_leave_stats",
    )
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    agreed_workdays = models.DecimalField(_("avtalte dagsverk"), max_digits=12, decimal_places=2)
    lost_self_certified = models.DecimalField(
        _("tapte dagsverk, egenmeldt"), max_digits=12, decimal_places=2
    )
    lost_doctor_certified = models.DecimalField(
        _("tapte dagsverk, legemeldt"), max_digits=12, decimal_places=2
    )

    class Meta:
        verbose_name = _("sykefraværstall")
        verbose_name_plural = _("sykefraværstall")
        ordering = ["organisation", "period_start"]
        indexes = [
            # Sick-leave kinds: an organisation's figures for a period.
            models.Index(
                fields=["organisation", "period_start", "period_end"],
                name="sickleave_org_period_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="sickleave_unit_xor_department",
                condition=(Q(unit__isnull=False) & Q(department__isnull=True))
                | (Q(unit__isnull=True) & Q(department__isnull=False)),
            ),
            models.CheckConstraint(
                name="sickleave_period_order", condition=Q(period_end__gte=F("period_start"))
            ),
            models.CheckConstraint(
                name="sickleave_agreed_positive", condition=Q(agreed_workdays__gt=0)
            ),
            models.CheckConstraint(
                name="sickleave_self_not_negative", condition=Q(lost_self_certified__gte=0)
            ),
            models.CheckConstraint(
                name="sickleave_doctor_not_negative", condition=Q(lost_doctor_certified__gte=0)
            ),
            models.UniqueConstraint(
                fields=["unit", "period_start", "period_end"], name="sickleave_unit_period_unique"
            ),
            models.UniqueConstraint(
                fields=["department", "period_start", "period_end"],
                name="sickleave_department_period_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.department} {self.period_start}–{self.period_end}"


class ReportKind(models.TextChoices):
    AMU_ANNUAL = "amu_annual", _("Årsrapport til AMU")
    LABOUR_INSPECTION_ANNUAL = "labour_inspection_annual", _("Dokumentasjon til Arbeidstilsynet")
    PLAN_STATUS = "plan_status", _("Status for handlingsplan")
    ORDER_REPORT = "order_report", _("Oppdragsrapport")
    HOURS_BY_AREA = "hours_by_area", _("Timer per tjenesteområde")
    SICK_LEAVE = "sick_leave", _("Sykefravær")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Kjører")
    DONE = "done", _("Ferdig")
    FAILED = "failed", _("Feilet")


ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)
# Celery beat makes last year's annual report drafts on this day (bht/celery.py).
REPORT_DRAFTS_DAY = (1, 15)


class ReportRun(TimestampedModel):
    kind = models.CharField(_("rapporttype"), max_length=40, choices=ReportKind.choices)
    organisation = models.ForeignKey(
        "bht.Organisation",
        verbose_name=_("virksomhet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_runs",
    )
    area = models.ForeignKey(
        "bht.ServiceArea",
        verbose_name=_("tjenesteområde"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_runs",
    )
    year = models.PositiveIntegerField(_("år"), null=True, blank=True)
    plan = models.ForeignKey(
        "actionplans.ActionPlan",
        verbose_name=_("handlingsplan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_runs",
    )
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("bestilling"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_runs",
    )
    recommendations = models.TextField(_("BHTs anbefalinger for neste år"), blank=True)
    # Canonical "kind|param=value|..." string; equal requests have equal keys.
    params_key = models.CharField(_("parameternøkkel"), max_length=255)
    # sha256 of the computed Report's canonical JSON; same data → same fingerprint.
    data_fingerprint = models.CharField(_("datafingeravtrykk"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_runs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    error = models.TextField(_("feilmelding"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    # The computed report (reports.document.report_to_data), frozen when the run was
    # made: the browser view and every file are rendered from it, never from
    # today's data. New data means a new run.
    document = models.JSONField(_("rapportdokument"), null=True, blank=True, editable=False)
    # When the figures were read from the database, and by which version of the code.
    data_taken_at = models.DateTimeField(_("tall hentet"), null=True, blank=True)
    code_version = models.CharField(_("programversjon"), max_length=64, blank=True)
    # A report for a committee (hoved-AMU or an area AMU) reaches its members only
    # once the BHT manager has read and released it.
    released_at = models.DateTimeField(_("frigitt til utvalget"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frigitt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Retention (settings.REPORT_FILE_RETENTION_YEARS): the files and the stored
    # document are deleted; the row and its fingerprint stay as the record.
    files_deleted_at = models.DateTimeField(_("filer slettet"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapportkjøring")
        verbose_name_plural = _("rapportkjøringer")
        ordering = ["-created_at", "-id"]
        indexes = [
            # services.report_request / report_generate: dedupe and reuse by params_key+status.
            models.Index(fields=["params_key", "status"], name="reportrun_params_status_idx"),
            # services.reports_fail_stuck: running runs by start time.
            models.Index(fields=["status", "started_at"], name="reportrun_status_started_idx"),
            # selectors.runs_for_user: the archive, newest first, per organisation.
            models.Index(fields=["organisation", "-created_at"], name="reportrun_org_created_idx"),
            # services.report_files_purge: done runs by finish time.
            models.Index(fields=["status", "finished_at"], name="reportrun_status_finished_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="reportrun_progress_range", condition=Q(progress__gte=0) & Q(progress__lte=100)
            ),
            models.CheckConstraint(
                name="reportrun_known_status", condition=Q(status__in=RunStatus.values)
            ),
            models.CheckConstraint(
                name="reportrun_known_kind", condition=Q(kind__in=ReportKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel (XLSX)"
    CSV = "csv", "CSV"


class ReportFile(TimestampedModel):
    run = models.ForeignKey(
        ReportRun, verbose_name=_("kjøring"), on_delete=models.CASCADE, related_name="files"
    )
    format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    file = models.FileField(_("fil"), upload_to="reports/%Y/", max_length=255)
    size = models.PositiveIntegerField(_("størrelse (byte)"), default=0)

    class Meta:
        verbose_name = _("rapportfil")
        verbose_name_plural = _("rapportfiler")
        ordering = ["run", "format"]
        constraints = [
            models.UniqueConstraint(fields=["run", "format"], name="reportfile_run_format_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.format}"


class AmuReview(TimestampedModel):
    """The committee's handling of a report (meeting, case number, decision)."""

    run = models.ForeignKey(
        ReportRun, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="reviews"
    )
    organisation = models.ForeignKey(
        "bht.Organisation",
        verbose_name=_("hoved-AMU (virksomhet)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amu_reviews",
    )
    area = models.ForeignKey(
        "bht.ServiceArea",
        verbose_name=_("område-AMU (tjenesteområde)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amu_reviews",
    )
    meeting_date = models.DateField(_("møtedato"))
    case_number = models.CharField(_("saksnummer"), max_length=40, blank=True)
    decision = models.TextField(_("vedtak"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        verbose_name = _("AMU-behandling")
        verbose_name_plural = _("AMU-behandlinger")
        ordering = ["-meeting_date"]
        constraints = [
            models.CheckConstraint(
                name="amureview_one_committee",
                condition=(Q(organisation__isnull=False) & Q(area__isnull=True))
                | (Q(organisation__isnull=True) & Q(area__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.meeting_date}"


class AmuComment(models.Model):
    run = models.ForeignKey(
        ReportRun, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("forfatter"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("kommentar til rapport")
        verbose_name_plural = _("kommentarer til rapport")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.run}: {self.text[:40]}"


class AmuMeeting(TimestampedModel):
    """A meeting of a working-environment committee: hoved-AMU of an organisation
    (`area` empty) or an area's AMU. The agenda's decisions record the plan approvals
    and report treatments; the minutes are locked once the chair approves them."""

    organisation = models.ForeignKey(
        "bht.Organisation",
        verbose_name=_("virksomhet"),
        on_delete=models.CASCADE,
        related_name="amu_meetings",
    )
    area = models.ForeignKey(
        "bht.ServiceArea",
        verbose_name=_("område-AMU (tjenesteområde)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amu_meetings",
    )
    date = models.DateField(_("møtedato"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("møteleder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sekretær"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("til stede"), blank=True, related_name="+"
    )
    minutes_approved_at = models.DateTimeField(_("protokoll godkjent"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("protokoll godkjent av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes_file = models.FileField(
        _("protokoll (PDF)"), upload_to="amu/%Y/", max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("AMU-møte")
        verbose_name_plural = _("AMU-møter")
        ordering = ["date", "pk"]
        indexes = [
            # selectors.meetings_visible_to / the årshjul: a committee's meetings by date.
            models.Index(fields=["organisation", "date"], name="amumeeting_org_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.committee_name} {self.date:%d.%m.%Y}"

    @property
    def committee_name(self) -> str:
        return f"AMU {self.area.name}" if self.area_id and self.area else "Hoved-AMU"

    @property
    def is_locked(self) -> bool:
        return self.minutes_approved_at is not None


class AgendaKind(models.TextChoices):
    PLAN = "plan", _("Handlingsplan til godkjenning")
    REPORT = "report", _("Rapport til behandling")
    FREE = "free", _("Annen sak")


class AgendaItem(TimestampedModel):
    meeting = models.ForeignKey(
        AmuMeeting, verbose_name=_("møte"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    kind = models.CharField(_("type"), max_length=10, choices=AgendaKind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    plan = models.ForeignKey(
        "actionplans.ActionPlan",
        verbose_name=_("handlingsplan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    run = models.ForeignKey(
        ReportRun,
        verbose_name=_("rapport"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    case_number = models.CharField(_("saksnummer"), max_length=40, blank=True)
    decision = models.TextField(_("vedtak"), blank=True)
    decided_at = models.DateTimeField(_("vedtatt"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sak på sakslisten")
        verbose_name_plural = _("saker på sakslisten")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agendaitem_number_unique"),
            models.CheckConstraint(
                name="agendaitem_target_matches_kind",
                condition=(Q(kind="plan") & Q(plan__isnull=False) & Q(run__isnull=True))
                | (Q(kind="report") & Q(run__isnull=False) & Q(plan__isnull=True))
                | (Q(kind="free") & Q(plan__isnull=True) & Q(run__isnull=True)),
            ),
            models.CheckConstraint(
                name="agendaitem_known_kind", condition=Q(kind__in=AgendaKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} sak {self.number}"


class ReferenceFigure(TimestampedModel):
    """A published sick-leave percentage to compare with (e.g. SSB's figures by
    sector and year), imported by the BHT from a CSV file; never fetched at runtime."""

    source = models.CharField(_("kilde"), max_length=100)
    sector = models.CharField(_("sektor"), max_length=200)
    year = models.PositiveIntegerField(_("år"))
    sick_leave_percent = models.DecimalField(_("sykefravær (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("referansetall")
        verbose_name_plural = _("referansetall")
        ordering = ["sector", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "sector", "year"], name="referencefigure_unique"
            ),
            models.CheckConstraint(
                name="referencefigure_percent_range",
                condition=Q(sick_leave_percent__gte=0) & Q(sick_leave_percent__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.sector} {self.year}"

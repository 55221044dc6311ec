"""Demo reports: last year's annual reports, generated, and the AMU report treated.

`seed_demo` leaves last year's `amu_annual` (with the BHT's recommendations) and
`labour_inspection_annual` done, with their files, and the AMU report treated by
hoved-AMU: a comment from the committee, the BHT's answer and the decision with
meeting date and case number. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo import AMU_MEETING, REPORT_DRAFTS_MADE, annual_report_year
from core.models import Organisation, ServiceUnit, User
from reports import services
from reports.models import (
    AgendaItem,
    AmuComment,
    AmuMeeting,
    AmuReview,
    ReportKind,
    ReportRun,
    RunStatus,
    SickLeaveStat,
)

SEED = 20261126
# Typical sick leave in Norwegian municipal services (percent), by area.
SICK_LEAVE_LEVEL = {"Pleie og omsorg": 11.0, "Helse og sosial": 9.0, "Barnehage": 10.5}

RECOMMENDATIONS = (
    "1. Forebyggende arbeid mot vold og trusler i Helse og sosial og Oppvekst bør "
    "videreføres, med opplæring av nye ledere.\n"
    "2. Enheter som ikke har brukt BHT de siste to årene bør få et tilbud om "
    "risikovurdering av arbeidsmiljøet.\n"
    "3. Sykefraværet i hjemmetjenestene bør følges opp med en egen kartlegging."
)
COMMITTEE_COMMENT = (
    "Fint at svartiden er god. Vi ønsker at rapporten neste år også viser hvor mange "
    "bestillinger som kom fra enheter med høyt sykefravær."
)
BHT_ANSWER = "Det tar vi med i rapporten for neste år."
DECISION = (
    "Hovedarbeidsmiljøutvalget tar BHTs årsrapport til orientering og slutter seg til "
    "anbefalingene. BHT bes legge fram en plan for oppfølging av punkt 3 i neste møte."
)


def seed(*, organisation: Organisation) -> str:
    manager = User.objects.filter(username="bhtleder").first()
    committee = User.objects.filter(username="amu").first()
    if manager is None:
        return ""
    year = annual_report_year(timezone.localdate())
    _sick_leave(organisation, year)
    made = []
    runs = {}
    for kind in (ReportKind.AMU_ANNUAL, ReportKind.LABOUR_INSPECTION_ANNUAL):
        run = (
            ReportRun.objects.filter(
                kind=kind, organisation=organisation, area=None, year=year, status=RunStatus.DONE
            )
            .order_by("pk")
            .first()
        )
        if run is None:
            run = services.report_request(
                kind=kind,
                user=manager,
                organisation=organisation,
                year=year,
                recommendations=RECOMMENDATIONS if kind == ReportKind.AMU_ANNUAL else "",
            )
            # Generated here and now, so that the demo has its files whether or not a
            # worker is running; the queued task then finds the run done.
            run = services.report_generate(run_id=run.pk, announce=False)
            _date_back(run, _at(datetime.date(year + 1, *REPORT_DRAFTS_MADE)))
            made.append(run.get_kind_display())
        runs[kind] = run
    amu_run = runs[ReportKind.AMU_ANNUAL]
    if committee is not None and amu_run.status == RunStatus.DONE:
        _treat(amu_run, committee=committee, manager=manager, year=year)
    meetings = 0
    if committee is not None:
        meetings = _meetings(organisation, committee=committee, amu_run=amu_run, year=year)
    trainings = _trainings(manager)
    _reference_figures()
    extra = f"; {meetings} AMU-møter" if meetings else ""
    extra += f"; {trainings} kurs i opplæringsregisteret" if trainings else ""
    if not made:
        return "årsrapporter finnes allerede (uendret)" + extra
    return f"{len(made)} årsrapporter for {year}: " + ", ".join(str(m) for m in made) + extra


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _date_back(run: ReportRun, at: datetime.datetime) -> None:
    """A run made by the 15 January job, not on the day the demo was loaded."""
    done = at + datetime.timedelta(minutes=1)
    ReportRun.objects.filter(pk=run.pk).update(
        created_at=at,
        started_at=at,
        data_taken_at=at,
        finished_at=done,
        # Read by the BHT manager and released to hoved-AMU two weeks later.
        released_at=done + datetime.timedelta(days=14),
        released_by=run.requested_by,
    )
    run.refresh_from_db()


def _treat(run: ReportRun, *, committee: User, manager: User, year: int) -> None:
    """Hoved-AMU's meeting in March: a comment, the BHT's answer, the decision.
    Written directly (not through the services), because the meeting is in the past."""
    if run.reviews.exists():
        return
    meeting = datetime.date(year + 1, *AMU_MEETING)
    at = _at(meeting, 10)
    first = AmuComment.objects.create(run=run, author=committee, text=COMMITTEE_COMMENT)
    second = AmuComment.objects.create(run=run, author=manager, text=BHT_ANSWER)
    AmuComment.objects.filter(pk=first.pk).update(created_at=at - datetime.timedelta(days=5))
    AmuComment.objects.filter(pk=second.pk).update(created_at=at - datetime.timedelta(days=4))
    review = AmuReview.objects.create(
        run=run,
        organisation=run.organisation,
        meeting_date=meeting,
        case_number=f"{str(year + 1)[2:]}/14",
        decision=DECISION,
        recorded_by=committee,
    )
    AmuReview.objects.filter(pk=review.pk).update(recorded_at=at + datetime.timedelta(days=1))


def _sick_leave(organisation: Organisation, year: int) -> None:
    """Half-year sick-leave figures per unit, as an HR export would give them."""
    if SickLeaveStat.objects.filter(organisation=organisation, period_start__year=year).exists():
        return
    rng = random.Random(SEED + year)
    rows = []
    units = ServiceUnit.objects.filter(area__organisation=organisation).select_related("area")
    for unit in units.order_by("area__name", "name"):
        employees = max(unit.employees, 8)
        level = SICK_LEAVE_LEVEL.get(unit.area.name, 7.0)
        for start, end in (((1, 1), (6, 30)), ((7, 1), (12, 31))):
            agreed = Decimal(employees * 110)  # about 110 workdays in a half-year
            percent = max(1.5, rng.gauss(level, 2.5))
            lost = agreed * Decimal(str(round(percent, 2))) / 100
            self_share = Decimal(str(round(rng.uniform(0.15, 0.3), 2)))
            rows.append(
                SickLeaveStat(
                    organisation=organisation,
                    unit=unit,
                    period_start=datetime.date(year, *start),
                    period_end=datetime.date(year, *end),
                    agreed_workdays=agreed,
                    lost_self_certified=(lost * self_share).quantize(Decimal("0.01")),
                    lost_doctor_certified=(lost * (1 - self_share)).quantize(Decimal("0.01")),
                )
            )
    SickLeaveStat.objects.bulk_create(rows)


# Hoved-AMU's year: four meetings (month, day), the first treats the annual report.
MEETING_DAYS = ((3, 12), (6, 4), (9, 17), (11, 26))
FREE_ITEMS = (
    ("Orientering fra verneombudene", "Tatt til orientering."),
    ("Sykefraværet siste kvartal", "Tatt til orientering. BHT følger opp enhetene over 12 %."),
)


def _meetings(organisation: Organisation, *, committee: User, amu_run: ReportRun, year: int) -> int:
    """Last year's hoved-AMU meetings with approved minutes, and this year's årshjul:
    the meetings held so far have their minutes, the rest are planned with an agenda.
    The March meeting of `year + 1` is the one that treated the annual report.
    Dated back from today like the rest of the demo; a second run changes nothing."""
    today = timezone.localdate()
    this_year = today.year
    made = 0
    for meeting_year in (this_year - 1, this_year):
        for month, day in MEETING_DAYS:
            date = datetime.date(meeting_year, month, day)
            if AmuMeeting.objects.filter(organisation=organisation, area=None, date=date).exists():
                continue
            meeting = AmuMeeting.objects.create(
                organisation=organisation,
                date=date,
                place="Rådhuset, møterom Fjorden",
                chair=committee,
                secretary=committee,
            )
            made += 1
            treated = (month, day) == AMU_MEETING and meeting_year == year + 1
            _agenda(meeting, committee=committee, amu_run=amu_run if treated else None, year=year)
            if date < today:
                _hold(meeting, committee)
    return made


def _agenda(meeting: AmuMeeting, *, committee: User, amu_run: ReportRun | None, year: int) -> None:
    """The meeting's agenda; decided where the meeting is held. `amu_run`: the annual
    report this meeting treated (its recorded review)."""
    date = meeting.date
    held = date < timezone.localdate()
    number = 0
    if amu_run is not None and amu_run.reviews.exists():
        review = amu_run.reviews.order_by("pk").first()
        number += 1
        AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            kind="report",
            run=amu_run,
            title=f"BHTs årsrapport for {year}",
            case_number=review.case_number,
            decision=review.decision,
            decided_at=_at(date, 11),
            decided_by=committee,
        )
    for offset, (title, decision) in enumerate(FREE_ITEMS, start=1):
        number += 1
        AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            kind="free",
            title=title,
            case_number=f"{str(date.year)[2:]}/{date.month * 2 + offset}" if held else "",
            decision=decision if held else "",
            decided_at=_at(date, 11) if held else None,
            decided_by=committee if held else None,
        )


def _hold(meeting: AmuMeeting, committee: User) -> None:
    """The meeting was held: members present, minutes approved a week later (PDF)."""
    from reports.meetings import minutes_html
    from reports.render import html_to_pdf

    meeting.members_present.set([committee])
    meeting.minutes_approved_at = _at(meeting.date + datetime.timedelta(days=7), 10)
    meeting.minutes_approved_by = committee
    meeting.minutes_file.save(
        f"protokoll-{meeting.pk}.pdf",
        ContentFile(html_to_pdf(minutes_html(meeting))),
        save=False,
    )
    meeting.save()


TRAINING_COURSES = (
    ("Innføringskurs for BHT-personell", "Arbeidstilsynet / STAMI"),
    ("Bedriftshelsetjenestens rolle og uavhengighet", "Fagforbundet for BHT"),
)


def _trainings(manager: User) -> int:
    """Training in the BHT role (§ 2-3) for every active staff member but the last,
    so the register and the Labour Inspection documentation show one gap."""
    from core.models import Advisor, AdvisorTraining

    if AdvisorTraining.objects.exists():
        return 0
    advisors = list(Advisor.objects.filter(is_active=True).order_by("pk"))
    today = timezone.localdate()
    rows = []
    for index, advisor in enumerate(advisors[:-1]):
        course, provider = TRAINING_COURSES[index % len(TRAINING_COURSES)]
        rows.append(
            AdvisorTraining(
                advisor=advisor,
                date=today - datetime.timedelta(days=120 + 45 * index),
                course=course,
                provider=provider,
                recorded_by=manager,
            )
        )
    AdvisorTraining.objects.bulk_create(rows)
    return len(rows)


# Sick-leave percentages to compare with on the trends page, by sector (demo values
# in the range SSB publishes; a real BHT imports the published table).
REFERENCE_LEVELS = {"Kommuneforvaltningen": 7.6, "Helse- og sosialtjenester": 8.9}


def _reference_figures() -> None:
    from reports.models import ReferenceFigure

    this_year = timezone.localdate().year
    for sector, level in REFERENCE_LEVELS.items():
        for offset, year in enumerate(range(this_year - 5, this_year)):
            ReferenceFigure.objects.get_or_create(
                source="SSB (demo)",
                sector=sector,
                year=year,
                defaults={"sick_leave_percent": Decimal(str(round(level + 0.1 * (offset % 3), 2)))},
            )

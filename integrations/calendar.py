"""Private calendar feeds (RFC 5545) at /kalender/<token>.ics.

The feed is assembled from PROVIDERS: one function per app that returns the dated
items of that app a user should have in their calendar. Another app (AMU meetings,
say) adds one more with `register_provider`. A provider returns titles as lists show
them (core.confidentiality.listed_title): a calendar leaves the system, so a
confidential case is only ever "Fortrolig sak" and its reference.

The token: HMAC-SHA256 of the user's id and a random nonce with the SECRET_KEY. The
database keeps the nonce and the token's SHA-256 (the lookup); renewing draws a new
nonce (every old link stops working), revoking empties it.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, confidentiality
from core.models import BHT_ROLES, Role, User
from core.notifications import absolute_url
from integrations.models import CalendarFeed

# Items from this many days back to this many ahead.
PAST_DAYS = 180
FUTURE_DAYS = 400


@dataclass(frozen=True)
class CalendarItem:
    uid: str  # stable across fetches: "<kind>-<id>@<host>" is made from it
    day: datetime.date
    summary: str
    url: str = ""
    description: str = ""


Provider = Callable[[User, datetime.date, datetime.date], list[CalendarItem]]


# --- the providers, one per app -------------------------------------------------------


def orders_items(user: User, start: datetime.date, end: datetime.date) -> list[CalendarItem]:
    """Orders the user placed or works on: the desired start, and the answer deadline
    (the SLA) while a sent order waits for the BHT's answer."""
    from orders.models import OrderStatus
    from orders.selectors import decorate_rows, orders_visible_to

    open_statuses = [
        OrderStatus.DRAFT,
        OrderStatus.SUBMITTED,
        OrderStatus.ACCEPTED,
        OrderStatus.IN_PROGRESS,
    ]
    orders = list(
        orders_visible_to(user)
        .filter(Q(ordered_by=user) | Q(assignments__advisor__user=user))
        .filter(status__in=open_statuses)
        .select_related("organisation")
        .distinct()
    )
    items: list[CalendarItem] = []
    for order in decorate_rows(orders, user=None):  # user=None: as any reader sees it
        title = confidentiality.listed_title(title=order.title, confidential=order.confidential)
        named = {"ref": order.reference, "title": title}
        url = absolute_url(reverse("orders:detail", kwargs={"pk": order.pk}))
        if order.desired_start and start <= order.desired_start <= end:
            summary = _("Ønsket oppstart: %(ref)s %(title)s") % named
            items.append(CalendarItem(f"order-{order.pk}-start", order.desired_start, summary, url))
        due = order.due_date  # type: ignore[attr-defined]
        waiting = order.status == OrderStatus.SUBMITTED and order.first_response_at is None
        if waiting and due and start <= due <= end:
            summary = _("Svarfrist: %(ref)s %(title)s") % named
            items.append(CalendarItem(f"order-{order.pk}-due", due, summary, url))
    return items


def plan_items(user: User, start: datetime.date, end: datetime.date) -> list[CalendarItem]:
    """For the leadership, the AMU and the BHT: when the next period's plan must be
    approved (1 October of a current plan's last year), and the status reviews."""
    from actionplans.models import PlanStatus, StatusReview
    from actionplans.selectors import NEXT_PLAN_DUE, plans_visible_to

    if not access.has_role(
        user, Role.AREA_DIRECTOR, Role.EXECUTIVE, Role.AMU_MEMBER, Role.UNIT_LEADER, *BHT_ROLES
    ):
        return []
    plans = plans_visible_to(user)
    items: list[CalendarItem] = []
    for plan in plans.filter(status=PlanStatus.APPROVED):
        due = datetime.date(plan.end_year, *NEXT_PLAN_DUE)
        if start <= due <= end:
            items.append(CalendarItem(
                f"plan-{plan.pk}-next-due", due,
                _("Frist: handlingsplan %(period)s for %(area)s godkjent")
                % {"period": f"{plan.end_year + 1}–{plan.end_year + 2}", "area": plan.area.name},
                absolute_url(reverse("actionplans:plan", kwargs={"pk": plan.pk})),
            ))  # fmt: skip
    reviews = StatusReview.objects.filter(
        plan__in=plans, held_at__range=(start, end)
    ).select_related("plan__area")
    for review in reviews:
        items.append(CalendarItem(
            f"status-review-{review.pk}", review.held_at,
            _("Statusgjennomgang: handlingsplan for %(area)s") % {"area": review.plan.area.name},
            absolute_url(reverse("actionplans:plan", kwargs={"pk": review.plan_id})),
        ))  # fmt: skip
    return items


def plan_measure_items(user: User, start: datetime.date, end: datetime.date) -> list[CalendarItem]:
    """For the advisor responsible for a measure (tiltak) of an approved plan: the
    day it is planned to be done, while it is planned, in progress or postponed."""
    from actionplans.models import ItemStatus, PlanStatus
    from actionplans.selectors import plan_items_visible_to

    measures = (
        plan_items_visible_to(user)
        .filter(
            plan__status=PlanStatus.APPROVED,
            advisor__user=user,
            planned_end__range=(start, end),
            status__in=[ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.POSTPONED],
        )
        .select_related("plan__area")
    )
    return [
        CalendarItem(
            f"plan-item-{item.pk}-end",
            item.planned_end,  # type: ignore[arg-type]
            _("Tiltak planlagt ferdig: %(title)s (%(area)s)")
            % {"title": item.title, "area": item.plan.area.name},
            absolute_url(reverse("actionplans:plan", kwargs={"pk": item.plan_id})),
        )
        for item in measures
    ]


def report_items(user: User, start: datetime.date, end: datetime.date) -> list[CalendarItem]:
    """AMU treatments of reports the user may see, and 15 January: the annual
    reports' drafts (to the AMU and the Labour Inspection Authority) are made."""
    from reports import selectors
    from reports.models import AmuReview

    if not selectors.may_see_reports(user):
        return []
    items: list[CalendarItem] = []
    reviews = AmuReview.objects.filter(
        run__in=selectors.runs_visible_to(user), meeting_date__range=(start, end)
    ).select_related("run")
    for review in reviews:
        items.append(CalendarItem(
            f"amu-review-{review.pk}", review.meeting_date,
            _("AMU behandler: %(kind)s %(year)s")
            % {"kind": review.run.get_kind_display(), "year": review.run.year or ""},
            absolute_url(reverse("reports:run", kwargs={"pk": review.run_id})),
        ))  # fmt: skip
    for year in range(start.year, end.year + 1):
        day = datetime.date(year, 1, 15)
        if start <= day <= end:
            items.append(CalendarItem(
                f"annual-reports-{year}", day,
                _("Årsrapporter for %(year)s: utkast til AMU og Arbeidstilsynet")
                % {"year": year - 1},
                absolute_url(reverse("reports:index")),
            ))  # fmt: skip
    return items


def amu_meeting_items(user: User, start: datetime.date, end: datetime.date) -> list[CalendarItem]:
    """The meetings of the working-environment committees the user may see (its
    members, the executive, the BHT): the committee and the place, never the agenda."""
    from reports.selectors import meetings_visible_to

    meetings = meetings_visible_to(user).filter(date__range=(start, end))
    return [
        CalendarItem(
            f"amu-meeting-{meeting.pk}",
            meeting.date,
            _("Møte i %(committee)s") % {"committee": meeting.committee_name},
            absolute_url(reverse("reports:meeting", kwargs={"pk": meeting.pk})),
            meeting.place,
        )
        for meeting in meetings
    ]


PROVIDERS: list[Provider] = [
    orders_items,
    plan_items,
    plan_measure_items,
    report_items,
    amu_meeting_items,
]


def register_provider(provider: Provider) -> None:
    """One more source of dated items (e.g. AMU meetings). Idempotent."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def items_for(user: User, today: datetime.date | None = None) -> list[CalendarItem]:
    day = today or timezone.localdate()
    start = day - datetime.timedelta(days=PAST_DAYS)
    end = day + datetime.timedelta(days=FUTURE_DAYS)
    items = [item for provider in PROVIDERS for item in provider(user, start, end)]
    return sorted(items, key=lambda i: (i.day, i.uid))


def ics_for(user: User, today: datetime.date | None = None) -> bytes:
    """The user's feed as an iCalendar document (all-day events)."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "bht-crm"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//BHT-CRM//Kalender//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("BHT-CRM: %(name)s") % {"name": user.get_full_name() or user})
    stamp = timezone.now()
    for item in items_for(user, today):
        event = icalendar.Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + datetime.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("transp", "TRANSPARENT")
        if item.url:
            event.add("url", item.url)
        if item.description:
            event.add("description", item.description)
        cal.add_component(event)
    return cal.to_ical()


# --- the token -----------------------------------------------------------------------------


def _token(user_id: int, nonce: str) -> str:
    mac = hmac.new(
        settings.SECRET_KEY.encode(), f"calendar-feed:{user_id}:{nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode().rstrip("=")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_renew(user: User) -> str:
    """A new link (the old one stops working); returns the token."""
    nonce = secrets.token_hex(16)
    token = _token(user.pk, nonce)
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"nonce": nonce, "token_hash": _hash(token), "created_at": timezone.now()},
    )
    return token


def feed_revoke(user: User) -> None:
    CalendarFeed.objects.filter(user=user).update(nonce="", token_hash="")


def feed_token(user: User, *, create: bool = True) -> str | None:
    """The user's current token (a first one is made on first use unless revoked)."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return feed_renew(user) if create else None
    return _token(user.pk, feed.nonce) if feed.nonce else None


def feed_url(user: User, *, create: bool = True) -> str | None:
    token = feed_token(user, create=create)
    if token is None:
        return None
    return absolute_url(reverse("integrations:calendar-feed", kwargs={"token": token}))


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=_hash(token))
        .exclude(nonce="")
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    # The hash matched; the nonce proves the token was made with this SECRET_KEY.
    if not hmac.compare_digest(_token(feed.user_id, feed.nonce), token):
        return None
    return feed.user

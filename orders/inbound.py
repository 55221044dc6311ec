"""Writes for inquiries that arrive by themselves: e-mail to the BHT's mailbox and
feedback on the accessibility statement.

An e-mail becomes a pending inquiry in triage (channel `email`); a reply to it or
to the BHT's answer (In-Reply-To / References, or the `[BHT-H<id>]` token in the
subject from the same sender) is threaded into the same inquiry. The same message
twice is one message: its Message-ID is unique (`InquiryMessage.message_id`).
A message the health-information guard flags is quarantined: the inquiry's text is
then for the BHT's professionals only (core.confidentiality).
"""

from __future__ import annotations

import datetime
import enum
import re
from dataclasses import dataclass, field
from email.utils import make_msgid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, health_guard
from core.errors import ApplicationError
from core.models import Organisation, User
from core.notifications import absolute_url, notify, notify_address
from orders import selectors
from orders.models import (
    CallerRole,
    Channel,
    Inquiry,
    InquiryMessage,
    InquiryOutcome,
    MessageDirection,
)

SUBJECT_TOKEN = re.compile(r"\[BHT-H(\d{1,12})\]")
SUMMARY_MAX = 20_000


def subject_token(inquiry: Inquiry) -> str:
    return f"[BHT-H{inquiry.pk}]"


@dataclass(frozen=True)
class InboundMail:
    """One parsed e-mail, independent of where it was read from."""

    message_id: str
    sender_email: str
    subject: str
    body: str
    sender_name: str = ""
    received_at: datetime.datetime | None = None
    # In-Reply-To first, then References: the ids this message answers.
    references: tuple[str, ...] = field(default_factory=tuple)


class Outcome(enum.Enum):
    NEW = "new"
    REPLY = "reply"
    DUPLICATE = "duplicate"


def _clean_id(value: str) -> str:
    return value.strip().strip("<>").strip()[:255]


def _sender_user(address: str) -> User | None:
    """The one active user with this address; none if nobody or several have it."""
    if not address:
        return None
    users = list(User.objects.filter(email__iexact=address, is_active=True)[:2])
    return users[0] if len(users) == 1 else None


def default_organisation() -> Organisation | None:
    slug = settings.INQUIRY_DEFAULT_ORGANISATION
    if slug:
        return Organisation.objects.filter(slug=slug).first()
    orgs = list(Organisation.objects.order_by("pk")[:2])
    return orgs[0] if len(orgs) == 1 else None


def _organisation_for(user: User | None) -> Organisation:
    organisation: Organisation | None = None
    if user is not None:
        if user.department is not None:
            organisation = user.department.unit.area.organisation
        else:
            organisation = access.organisations_visible_to(user).order_by("pk").first()
    organisation = organisation or default_organisation()
    if organisation is None:
        raise ApplicationError(
            _(
                "Vi finner ikke hvilken virksomhet henvendelsen gjelder. "
                "Sett INQUIRY_DEFAULT_ORGANISATION."
            )
        )
    return organisation


def feedback_organisation(user: User | None) -> Organisation | None:
    """Where feedback on the accessibility statement goes, and so whose SLA the
    statement promises: the user's organisation, else INQUIRY_DEFAULT_ORGANISATION,
    else the first active client. Feedback is about the website, not a client's case:
    a public visitor must never be refused for want of a setting (with several
    clients and no default, e-mail from an unknown sender is refused instead)."""
    if user is not None and not user.is_authenticated:
        user = None
    try:
        return _organisation_for(user)
    except ApplicationError:
        return Organisation.objects.filter(is_active=True).order_by("pk").first()


def _caller_role(user: User | None) -> str:
    if user is None:
        return CallerRole.OTHER
    from orders.services import _caller_role_for

    return _caller_role_for(user)


def _notify_bht_neutrally(inquiry: Inquiry, *, subject: str) -> None:
    """The area's main contact, or whoever took the inquiry: a link, no content."""
    recipients: list[User | None] = [inquiry.received_by]
    if inquiry.area_id is not None:
        recipients.append(selectors.main_contact_user_for_area(inquiry.area_id))
    notify(
        recipients=recipients,
        subject=subject,
        body=_("Logg inn for å lese henvendelsen:\n%(url)s")
        % {"url": absolute_url(reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk}))},
    )


def _thread_of(mail: InboundMail) -> Inquiry | None:
    ids = [_clean_id(ref) for ref in mail.references if _clean_id(ref)]
    if ids:
        known = InquiryMessage.objects.filter(message_id__in=ids).select_related("inquiry").first()
        if known is not None:
            return known.inquiry
    match = SUBJECT_TOKEN.search(mail.subject)
    if match and mail.sender_email:
        # The token alone could be guessed: it threads only mail from the sender of
        # the inquiry, so nobody can write into somebody else's case.
        return Inquiry.objects.filter(
            pk=int(match.group(1)), sender_email__iexact=mail.sender_email
        ).first()
    return None


def _new_inquiry(
    mail: InboundMail, *, subject: str, body: str, received_at: datetime.datetime, flagged: bool
) -> Inquiry:
    user = _sender_user(mail.sender_email)
    department = user.department if user is not None else None
    unit = department.unit if department is not None else None
    summary = f"{subject}\n\n{body}" if subject else body
    return Inquiry.objects.create(
        organisation=_organisation_for(user),
        received_at=received_at,
        author=user,
        channel=Channel.EMAIL,
        caller=user,
        caller_name=(mail.sender_name.strip() or (str(user) if user else ""))[:200]
        or mail.sender_email,
        caller_role=_caller_role(user),
        area=unit.area if unit is not None else None,
        unit=unit,
        department=department,
        summary=summary[:SUMMARY_MAX] or _("(tom e-post)"),
        outcome=InquiryOutcome.PENDING,
        # Like a web request for advice: the BHT cannot know whether an e-mail is
        # about an individual until it has read it, so it starts confidential.
        confidential=True,
        sender_email=mail.sender_email[:254],
        quarantined=flagged,
    )


def _reply_received(inquiry: Inquiry, *, flagged: bool) -> None:
    if flagged and not inquiry.quarantined:
        inquiry.quarantined = True
        inquiry.confidential = True
    # A reply to the BHT's advice needs an answer again: back to triage (the
    # first response time stays, it is what the SLA measures).
    if inquiry.outcome == InquiryOutcome.ADVICE_ONLY:
        inquiry.outcome = InquiryOutcome.PENDING
    inquiry.save(update_fields=["quarantined", "confidential", "outcome", "updated_at"])


@transaction.atomic
def inquiry_receive_email(*, mail: InboundMail) -> tuple[Inquiry, Outcome]:
    """One e-mail in: a new inquiry, a reply threaded into one, or nothing new."""
    message_id = _clean_id(mail.message_id)
    if not message_id:
        raise ApplicationError(_("E-posten mangler Message-ID."), field="message_id")
    known = InquiryMessage.objects.filter(message_id=message_id).select_related("inquiry").first()
    if known is not None:
        return known.inquiry, Outcome.DUPLICATE
    subject = mail.subject.strip()[:300]
    body = mail.body.strip()
    findings = health_guard.scan(f"{subject}\n{body}")
    received_at = mail.received_at or timezone.now()
    inquiry = _thread_of(mail)
    outcome = Outcome.REPLY
    if inquiry is None:
        outcome = Outcome.NEW
        inquiry = _new_inquiry(
            mail, subject=subject, body=body, received_at=received_at, flagged=bool(findings)
        )
    else:
        _reply_received(inquiry, flagged=bool(findings))
    try:
        with transaction.atomic():
            InquiryMessage.objects.create(
                inquiry=inquiry,
                message_id=message_id,
                direction=MessageDirection.IN,
                sender_email=mail.sender_email[:254],
                subject=subject,
                body=body[:SUMMARY_MAX],
                received_at=received_at,
                quarantined=bool(findings),
            )
    except IntegrityError:
        # The same message imported concurrently (poller and command at once).
        existing = InquiryMessage.objects.select_related("inquiry").get(message_id=message_id)
        transaction.set_rollback(True)
        return existing.inquiry, Outcome.DUPLICATE
    _notify_bht_neutrally(
        inquiry,
        subject=_("Ny e-post til BHT") if outcome is Outcome.NEW else _("Svar på henvendelse"),
    )
    return inquiry, outcome


def answer_by_email(inquiry: Inquiry, *, text: str) -> None:
    """Called by `inquiry_respond`: the answer goes back to the sender's address,
    with a Message-ID and the subject token so that a reply threads into the
    inquiry. A confidential answer says only that there is one (notifications
    carry no case content)."""
    if inquiry.channel not in (Channel.EMAIL, Channel.FEEDBACK) or not inquiry.sender_email:
        return
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    message_id = _clean_id(make_msgid(idstring=f"bht-h{inquiry.pk}", domain=domain))
    if inquiry.confidential:
        body = _(
            "BHT har svart på henvendelsen din. Logg inn i BHT-CRM for å lese svaret, "
            "eller ta kontakt med BHT.\n%(url)s"
        ) % {"url": absolute_url(reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk}))}
    else:
        body = text
    body += "\n\n" + _("Svar på denne e-posten hvis du vil følge opp; svaret havner i samme sak.")
    subject = _("Svar fra BHT %(token)s") % {"token": subject_token(inquiry)}
    InquiryMessage.objects.create(
        inquiry=inquiry,
        message_id=message_id,
        direction=MessageDirection.OUT,
        sender_email="",
        subject=subject,
        body=text,
    )
    notify_address(to=inquiry.sender_email, subject=subject, body=body, message_id=message_id)


@transaction.atomic
def inquiry_receive_feedback(*, user: User | None, name: str, email: str, text: str) -> Inquiry:
    """Feedback from the accessibility statement, from anyone (also without login):
    a pending inquiry in triage with channel `feedback`, answered within the
    organisation's SLA (the statement promises it)."""
    if not text.strip():
        raise ApplicationError(_("Skriv hva tilbakemeldingen gjelder."), field="text")
    if user is not None and not user.is_authenticated:
        user = None
    findings = health_guard.scan(text)
    organisation = feedback_organisation(user)
    if organisation is None:
        raise ApplicationError(_("Det finnes ingen virksomhet å sende tilbakemeldingen til."))
    return Inquiry.objects.create(
        organisation=organisation,
        author=user,
        channel=Channel.FEEDBACK,
        caller=user,
        caller_name=(name.strip() or (str(user) if user else "") or email)[:200],
        caller_role=_caller_role(user),
        summary=text.strip()[:SUMMARY_MAX],
        outcome=InquiryOutcome.PENDING,
        # Feedback on the website is not about an individual, unless the guard says
        # it carries health information: then it is quarantined like an e-mail.
        confidential=bool(findings),
        quarantined=bool(findings),
        sender_email=email.strip()[:254],
    )

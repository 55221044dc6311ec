"""Reading e-mail for `inquiry_receive_email`: mbox files, Maildirs, .eml files
(`import_mail PATH`) and an IMAP mailbox (the Celery beat poller). Standard library
only (mailbox, email, imaplib)."""

from __future__ import annotations

import email
import email.policy
import hashlib
import html
import imaplib
import logging
import mailbox
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from core.errors import ApplicationError
from orders.inbound import InboundMail, Outcome, inquiry_receive_email

logger = logging.getLogger(__name__)

_TAG = re.compile(r"<[^>]+>")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        text = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    if part.get_content_subtype() == "html":
        text = html.unescape(_TAG.sub(" ", text))
    return str(text).replace("\r\n", "\n")


def _ids(value: str | None) -> list[str]:
    return _MESSAGE_ID.findall(str(value or ""))


def parse(raw: bytes) -> InboundMail:
    """One RFC 5322 message. A message without a Message-ID gets one derived from
    its bytes, so that importing it twice still finds it."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    ids = _ids(message.get("Message-ID"))
    message_id = ids[0] if ids else f"sha256-{hashlib.sha256(raw).hexdigest()}@bht-crm"
    name, address = parseaddr(str(message.get("From") or ""))
    received_at = None
    if message.get("Date"):
        try:
            received_at = parsedate_to_datetime(str(message["Date"]))
        except (TypeError, ValueError):
            received_at = None
        if received_at is not None and timezone.is_naive(received_at):
            received_at = timezone.make_aware(received_at, timezone.get_default_timezone())
        # A date in the future (a wrong clock) is not when the BHT got it.
        if received_at is not None and received_at > timezone.now():
            received_at = None
    references = tuple(_ids(message.get("In-Reply-To")) + _ids(message.get("References")))
    return InboundMail(
        message_id=message_id,
        sender_email=address.strip().lower() if "@" in address else "",
        sender_name=name.strip(),
        subject=str(message.get("Subject") or "").strip(),
        body=_body(message),
        received_at=received_at,
        references=references,
    )


def read_path(path: Path) -> Iterator[bytes]:
    """The raw messages of an mbox file, a Maildir, a folder of .eml files or one .eml."""
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            maildir = mailbox.Maildir(str(path), create=False)
            for key in sorted(maildir.iterkeys()):
                yield maildir.get_bytes(key)
            return
        for eml in sorted(path.glob("*.eml")):
            yield eml.read_bytes()
        return
    if path.suffix.lower() == ".eml":
        yield path.read_bytes()
        return
    box = mailbox.mbox(str(path), create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key)
    finally:
        box.close()


@dataclass
class ImportResult:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def import_raw(raws: Iterable[bytes]) -> ImportResult:
    """Import each message on its own: one bad message is reported, not fatal."""
    result = ImportResult()
    for number, raw in enumerate(raws, start=1):
        try:
            mail = parse(raw)
            _inquiry, outcome = inquiry_receive_email(mail=mail)
        except ApplicationError as error:
            result.counts["failed"] += 1
            result.errors.append(f"#{number}: {error.message}")
            continue
        result.counts[outcome.value] += 1
    return result


def imap_poll() -> ImportResult | None:
    """Read the unseen messages of the configured IMAP mailbox and mark each one
    seen once it is imported (or known). None when no IMAP host is configured."""
    if not settings.MAIL_IN_IMAP_HOST:
        return None
    result = ImportResult()
    connection: imaplib.IMAP4
    if settings.MAIL_IN_IMAP_SSL:
        connection = imaplib.IMAP4_SSL(settings.MAIL_IN_IMAP_HOST, settings.MAIL_IN_IMAP_PORT)
    else:
        connection = imaplib.IMAP4(settings.MAIL_IN_IMAP_HOST, settings.MAIL_IN_IMAP_PORT)
    try:
        connection.login(settings.MAIL_IN_IMAP_USER, settings.MAIL_IN_IMAP_PASSWORD)
        connection.select(settings.MAIL_IN_IMAP_MAILBOX)
        _status, data = connection.uid("SEARCH", None, "UNSEEN")  # type: ignore[arg-type]
        for uid in (data[0] or b"").split():
            _status, fetched = connection.uid("FETCH", uid, "(BODY.PEEK[])")  # type: ignore[arg-type]
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), None)
            if raw is None:
                continue
            single = import_raw([raw])
            result.counts.update(single.counts)
            result.errors.extend(single.errors)
            if single.errors:
                # Left unseen: the next poll tries again once the cause is fixed.
                logger.warning("E-mail in: message %s not imported: %s", uid, single.errors)
            else:
                connection.uid("STORE", uid, "+FLAGS", "(\\Seen)")  # type: ignore[arg-type]
    finally:
        try:
            connection.logout()
        except (imaplib.IMAP4.error, OSError):
            logger.warning("IMAP logout failed", exc_info=True)
    return result


__all__ = ["ImportResult", "Outcome", "imap_poll", "import_raw", "parse", "read_path"]

"""E-mail notifications, sent after the surrounding transaction commits.

Services call `notify(...)` inside their atomic block; if the transaction rolls
back, nothing is sent. Messages name no employee and carry no case content for
confidential matters: callers pass a neutral subject and body for those.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from bht.models import User

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notify(*, recipients: Iterable[User | None], subject: str, body: str) -> None:
    """Send `subject`/`body` to each distinct active recipient with an e-mail, on commit."""
    addresses = sorted(
        {user.email for user in recipients if user is not None and user.is_active and user.email}
    )
    if not addresses:
        return

    def send() -> None:
        for address in addresses:
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            except OSError:
                # A mail server outage must not undo the user's committed work.
                logger.exception("Could not send notification %r to %s", subject, address)

    transaction.on_commit(send)

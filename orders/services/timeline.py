"""The order's timeline: comments, internal notes, attachments, and the orderer's feedback."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.history import history_by_user
from core.models import User
from core.services import health_guard_check, health_guard_record_override
from core.uploads import validate_upload
from orders import conf, rules
from orders.models import (
    EventKind,
    Order,
    OrderEvent,
    OrderFeedback,
)

from .common import _ensure_visible, _event, _lock


@history_by_user
@transaction.atomic
def order_comment(
    *, order: Order, user: User, text: str, confirm_health_info: bool = False
) -> OrderEvent:
    _ensure_visible(user, order)
    rules.check_comment(user, order)
    if not text.strip():
        raise ApplicationError(_("Skriv en kommentar."), field="text")
    guard = health_guard_check(user=user, texts={"text": text}, confirmed=confirm_health_info)
    event = _event(order, actor=user, kind=EventKind.COMMENT, text=text.strip())
    health_guard_record_override(user=user, obj=event, passed=guard)
    return event


@history_by_user
@transaction.atomic
def order_note_internal(*, order: Order, user: User, text: str) -> OrderEvent:
    _ensure_visible(user, order)
    rules.check_note(user, order)
    if not text.strip():
        raise ApplicationError(_("Skriv et notat."), field="text")
    return _event(order, actor=user, kind=EventKind.INTERNAL_NOTE, text=text.strip(), internal=True)


@history_by_user
@transaction.atomic
def order_attach(
    *,
    order: Order,
    user: User,
    file: UploadedFile,
    text: str = "",
    internal: bool = False,
    confirm_health_info: bool = False,
) -> OrderEvent:
    """A file on the timeline (a delivery report, minutes...), within type and size limits.
    The health guard reads the file's description, not the file."""
    _ensure_visible(user, order)
    rules.check_attach(user, order)
    if internal and not rules.is_bht_professional(user):
        raise PermissionDenied(_("Interne vedlegg er bare for BHT."))
    guard = health_guard_check(user=user, texts={"text": text}, confirmed=confirm_health_info)
    name = validate_upload(
        file, extensions=conf.attachment_extensions(), limit=conf.attachment_max_bytes()
    )
    event = OrderEvent(
        order=order,
        actor=user,
        kind=EventKind.ATTACHMENT,
        text=text.strip(),
        internal=internal,
        file_name=name[:200],
        file_size=file.size,
    )
    event.file.save(name, file, save=False)
    event.save()
    health_guard_record_override(user=user, obj=event, passed=guard)
    return event


FEEDBACK_FIELDS = ("help_received", "work_adapted", "impartial_role", "competence", "overall")


@history_by_user
@transaction.atomic
def order_feedback_give(
    *,
    order: Order,
    user: User,
    scores: dict[str, int],
    text: str = "",
    confirm_health_info: bool = False,
) -> OrderFeedback:
    """Scores 1–5, or 0 for "Vet ikke", on each scale of DESIGN.md §7."""
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_feedback(user, order)
    if OrderFeedback.objects.filter(order=order).exists():
        raise ApplicationError(_("Det er allerede gitt tilbakemelding på denne bestillingen."))
    clean: dict[str, int] = {}
    for name in FEEDBACK_FIELDS:
        value = scores.get(name)
        if value is None or not 0 <= int(value) <= 5:
            raise ApplicationError(_("Velg et svar fra 1 til 5, eller «Vet ikke»."), field=name)
        clean[name] = int(value)
    guard = health_guard_check(user=user, texts={"text": text}, confirmed=confirm_health_info)
    feedback = OrderFeedback.objects.create(order=order, given_by=user, text=text.strip(), **clean)
    health_guard_record_override(user=user, obj=feedback, passed=guard)
    _event(order, actor=user, kind=EventKind.FEEDBACK, text=_("Tilbakemelding gitt"))
    return feedback

"""The one confidentiality policy: who sees what of a confidential case (DESIGN.md §6).

An inquiry or order about an individual employee is `confidential`. This module is
the only place that decides, for such a case:

* whether a reader sees its *content* (title, description, summary, comments,
  attachments, decline text, the timeline beyond status changes): the BHT's
  professionals (advisor, manager) and the people who wrote it;
* what *title* a reader sees: lists, search, pickers, reports and e-mail always
  show the placeholder (so a list never needs an access-log entry); the case's own
  page and API detail show the title to those who see the content, and log it;
* what the case is *about*: its category and service, shown only to those who see
  the content (in lists and filters too), because "Varsling" or "Dialogmøte 2 og 3"
  says what the case is;
* whether a reader sees a *time entry's note* on a confidential order: the BHT's
  professionals and the note's writer, nobody else (not the orderer: case notes
  written by the BHT are for BHT staff, DESIGN.md §6);
* who may *lift* confidentiality: the BHT's professionals only, with a reason.

A shared document (a report run, whose readers include directors and executives)
has no single reader: pass `reader=None`, which sees what every reader may see.

The functions take plain values or duck-typed objects (`.confidential`,
`.ordered_by_id`, ...), so that this bottom app imports no app above it. See
docs/security.md, "Confidentiality policy".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from core import access
from core.models import Role, User


def placeholder() -> str:
    """What a confidential case is called where its title may not show."""
    return _("Fortrolig sak")


# --- who is who -----------------------------------------------------------------


def is_bht_professional(user: User | None) -> bool:
    """Advisors and the manager work cases and see confidential content. The office
    (merkantil) registers, but sees no case content (DESIGN.md §2)."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or access.has_role(user, Role.BHT_ADVISOR, Role.BHT_MANAGER)


def may_lift(user: User | None) -> bool:
    """Only the BHT's professionals decide that a case is no longer about an
    individual; the leader who got an employee's case as a draft may not."""
    return is_bht_professional(user)


# --- content ---------------------------------------------------------------------


def content_visible(
    reader: User | None, *, confidential: bool, author_ids: Iterable[int | None]
) -> bool:
    if not confidential:
        return True
    if reader is None or not reader.is_authenticated:
        return False
    return is_bht_professional(reader) or reader.pk in set(author_ids)


def order_content_visible(reader: User | None, order: Any) -> bool:
    """An order's authors are the one it is ordered by and the one who wrote it."""
    return content_visible(
        reader,
        confidential=order.confidential,
        author_ids=(order.ordered_by_id, order.created_by_id),
    )


def inquiry_content_visible(reader: User | None, inquiry: Any) -> bool:
    """A quarantined inquiry (flagged by the health-information guard) shows its
    text to the BHT's professionals only, not even to the one who sent it."""
    if getattr(inquiry, "quarantined", False):
        return is_bht_professional(reader)
    return content_visible(
        reader, confidential=inquiry.confidential, author_ids=(inquiry.author_id,)
    )


def content_visible_q(reader: User, *, authors: Iterable[str]) -> Q:
    """The rows whose content `reader` sees, for a queryset of orders or inquiries
    (`authors`: the fields naming its authors). Filters by what a case is about
    (its service, its category) use it, so a filter never finds a case whose
    subject the reader may not see."""
    if is_bht_professional(reader):
        return Q()
    q = Q(confidential=False)
    if reader.is_authenticated:
        for name in authors:
            q |= Q(**{name: reader})
    return q


def order_content_q(reader: User) -> Q:
    return content_visible_q(reader, authors=("ordered_by", "created_by"))


def inquiry_content_q(reader: User) -> Q:
    if is_bht_professional(reader):
        return Q()
    return content_visible_q(reader, authors=("author",)) & Q(quarantined=False)


def listed_text_q() -> Q:
    """Text search in lists matches only what lists show: never the text of a
    confidential case, whoever searches (a confidential case is found by its
    reference)."""
    return Q(confidential=False)


# --- titles ------------------------------------------------------------------------


def listed_title(*, title: str, confidential: bool) -> str:
    """A title in a list, search result, picker, report or e-mail."""
    return placeholder() if confidential else title


def order_title(reader: User | None, order: Any, *, detail: bool = False) -> str:
    """`detail`: the case's own page or API detail, where a read is logged."""
    if detail and order_content_visible(reader, order):
        return str(order.title)
    return listed_title(title=order.title, confidential=order.confidential)


# --- what the case is about --------------------------------------------------------


def order_subject_visible(reader: User | None, order: Any) -> bool:
    """Whether `reader` sees the order's category and service."""
    return order_content_visible(reader, order)


def inquiry_subject_visible(reader: User | None, inquiry: Any) -> bool:
    """Whether `reader` sees the inquiry's category."""
    return inquiry_content_visible(reader, inquiry)


# --- time-entry notes --------------------------------------------------------------


def note_visible(
    reader: User | None, *, on_confidential_order: bool, writer_id: int | None
) -> bool:
    """A time entry's note on a confidential order is case content written by the
    BHT: the BHT's professionals and its writer (the entry's advisor) see it."""
    if not on_confidential_order:
        return True
    if reader is None or not reader.is_authenticated:
        return False
    return is_bht_professional(reader) or (writer_id is not None and reader.pk == writer_id)


def entry_note(reader: User | None, entry: Any) -> str:
    """The note of `entry` as `reader` may see it ("" when hidden). Needs
    `entry.order` and `entry.advisor` loaded (the list querysets select them)."""
    order = entry.order if entry.order_id is not None else None
    visible = note_visible(
        reader,
        on_confidential_order=bool(order is not None and order.confidential),
        writer_id=entry.advisor.user_id,
    )
    return str(entry.note or "") if visible else ""

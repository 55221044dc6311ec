"""Writes of the GDPR duties: the export read (logged), erasure of a person, the sweep.

Erasure pseudonymises; it never deletes a row that a figure is counted from.
Counts, categories, statuses, dates, hours, areas, units and departments stay,
so a report for a past year gives the same numbers after erasure as before
(privacy/tests/test_erase.py::
test_the_annual_report_for_the_year_is_the_same_after_erasure). What goes: names,
e-mail, phone, free text, attachments, journal references, and the link from an
individual case to the employee it was about.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import User
from core.services import access_log_record
from orders.models import Inquiry, Order
from privacy import conf, parts, selectors
from privacy.export import PersonExport, login_models, person_export
from privacy.models import ErasureLog, ErasureReason
from privacy.selectors import ErasurePlan, Person

logger = logging.getLogger(__name__)

ERASED = conf.ERASED

BLOCK_MESSAGES = {
    "superuser": _("En systemansvarlig (superbruker) kan ikke slettes herfra."),
    "self": _("Du kan ikke slette deg selv."),
    "active_roles": _("Personen har aktive roller. Avslutt rollene først."),
    "has_account": _(
        "Navnet tilhører en bruker med konto. Slett brukeren fra brukerens egen side, "
        "så kontrolleres roller og tilganger."
    ),
}


def _check(by: User | None) -> None:
    # by=None: a trusted caller (management command, the scheduled sweep).
    if by is not None and not selectors.may_manage_privacy(by):
        raise PermissionDenied(_("Bare leder av BHT kan hente ut eller slette personopplysninger."))


# --- export --------------------------------------------------------------------------


def person_export_read(*, person: Person, by: User) -> PersonExport:
    """The export of `person`, with the read recorded in the access log: one row for
    the person's account and one per confidential case whose content it contains."""
    _check(by)
    export = person_export(person)
    with transaction.atomic():
        if person.user is not None:
            access_log_record(
                user=by,
                obj=person.user,
                action="export",
                label=f"Innsyn i personopplysninger: bruker {person.user.pk}",
            )
        for obj in export.confidential_objects:
            label = obj.reference if isinstance(obj, Order) else f"Henvendelse {obj.pk}"
            access_log_record(user=by, obj=obj, action="export", label=label)
    return export


# --- scrubbing one record ----------------------------------------------------------


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The django-simple-history model of `model`, if it has audit history."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    if not attribute:
        return None
    return getattr(model, attribute).model


def _bump(model: type[models.Model]) -> dict[str, Any]:
    """The optimistic-lock bump of `model`, if it has one: a form opened before the
    erasure must not write the erased text back."""
    if any(f.name == "lock_version" for f in model._meta.concrete_fields):
        return {"lock_version": F("lock_version") + 1}
    return {}


def _delete_file_on_commit(file: FieldFile | None) -> None:
    """Delete the stored file once the transaction commits (a rollback keeps it)."""
    if not file or not file.name:
        return
    transaction.on_commit(partial(file.storage.delete, file.name), robust=True)


def _update(model: type[models.Model], pks: list[Any], **values: Any) -> None:
    """Set `values` on the rows and on their audit-history copies (the history keeps
    every old value: an erased text must go from there too)."""
    if not pks or not values:
        return
    model._default_manager.filter(pk__in=pks).update(**values, **_bump(model))
    history = _history_model(model)
    if history is not None:
        fields = {f.name for f in history._meta.concrete_fields}
        kept = {k: v for k, v in values.items() if k in fields}
        if kept:
            history._default_manager.filter(id__in=pks).update(**kept)


def _erase_text(model: type[models.Model], pks: list[Any], *names: str) -> None:
    """Replace non-empty free text with the placeholder (empty stays empty), in the
    rows and in every version of them in the audit history."""
    if not pks:
        return
    history = _history_model(model)
    history_fields = {f.name for f in history._meta.concrete_fields} if history else set()
    for name in names:
        model._default_manager.filter(pk__in=pks).exclude(**{name: ""}).update(
            **{name: ERASED}, **_bump(model)
        )
        if history is not None and name in history_fields:
            history._default_manager.filter(id__in=pks).exclude(**{name: ""}).update(
                **{name: ERASED}
            )


def _replace_in_history(
    model: type[models.Model], pk: Any, fields: tuple[str, ...], name: str
) -> None:
    """Replace the name in every old version of the row (versions differ, so row by row)."""
    history = _history_model(model)
    if history is None:
        return
    present = [f for f in fields if f in {h.name for h in history._meta.concrete_fields}]
    for version in history._default_manager.filter(
        selectors._mention_q(tuple(present), name), id=pk
    ):
        values = {
            f: _replace_name(getattr(version, f), name)
            for f in present
            if selectors.text_contains(getattr(version, f) or "", name)
        }
        history._default_manager.filter(pk=version.pk).update(**values)


def _log(obj: models.Model, *, record_type: str, by: User | None, reason: str, label: str) -> None:
    ErasureLog.objects.create(
        by=by,
        reason=reason,
        record_type=record_type,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_label=label[:200],
    )


class _Eraser:
    """What the apps' parts erase with (core.personal_data.Eraser)."""

    placeholder = ERASED

    def erase_text(self, model: type[models.Model], pks: list[Any], *names: str) -> None:
        _erase_text(model, pks, *names)

    def update(self, model: type[models.Model], pks: list[Any], **values: Any) -> None:
        _update(model, pks, **values)

    def delete_file_on_commit(self, file: FieldFile | None) -> None:
        _delete_file_on_commit(file)

    def erased_person(self) -> User:
        return erased_person()

    def bump(self, model: type[models.Model]) -> dict[str, Any]:
        return _bump(model)


ERASER = _Eraser()


def order_scrub(*, order: Order, record_type: str, by: User | None, reason: str) -> None:
    """Erase the content of one order in every app (their `erase_order` parts); keep
    everything it is counted by."""
    parts.call("erase_order", ERASER, order)
    _log(order, record_type=record_type, by=by, reason=reason, label=order.reference)


def inquiry_scrub(*, inquiry: Inquiry, record_type: str, by: User | None, reason: str) -> None:
    parts.call("erase_inquiry", ERASER, inquiry)
    _log(inquiry, record_type=record_type, by=by, reason=reason, label=f"Henvendelse {inquiry.pk}")


def erased_person() -> User:
    """The account erased links point to where the field cannot be empty."""
    user, created = User.objects.get_or_create(
        username=f"{conf.PSEUDONYM_PREFIX}person",
        defaults={"first_name": ERASED, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _replace_name(text: str, name: str) -> str:
    """Replace the name as whole words only ("Per Olsensen" is someone else)."""
    return selectors.name_pattern(name).sub(lambda _match: ERASED, text)


def _replace_mentions(name: str, skip: set[tuple[type[models.Model], Any]]) -> int:
    """Replace the name in every free-text field that holds it (and in the audit
    history of those rows); returns the number of rows changed."""
    changed = 0
    for model, fields in parts.mention_fields():
        query = selectors._mention_q(fields, name)
        for obj in model._default_manager.filter(query):
            if (model, obj.pk) in skip:
                continue
            values = {
                f: _replace_name(getattr(obj, f), name)
                for f in fields
                if selectors.text_contains(getattr(obj, f) or "", name)
            }
            if values:
                model._default_manager.filter(pk=obj.pk).update(**values, **_bump(model))
                changed += 1
            _replace_in_history(model, obj.pk, fields, name)
    return changed


def user_pseudonymise(*, user: User, by: User | None, reason: str) -> None:
    """Deactivate the account and replace what identifies the person; the rows that
    point at the account (orders, hours, plans, logs) stay and now show the pseudonym.
    Each app's `erase_person` part first removes what goes with the account there."""
    parts.call("erase_person", ERASER, user)
    old_username = user.username
    _delete_file_on_commit(user.photo)
    user.username = f"{conf.PSEUDONYM_PREFIX}{user.pk}"
    user.first_name = ERASED
    user.last_name = ""
    user.email = ""
    user.phone = ""
    user.job_title = ""
    user.photo = ""
    user.department = None
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    _drop_tokens_and_sessions(user)
    for model in login_models():
        model._default_manager.filter(username=old_username).delete()
    _log(user, record_type="user", by=by, reason=reason, label=f"Bruker {user.pk}")


def _drop_tokens_and_sessions(user: User) -> None:
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


# --- erasure of a person -------------------------------------------------------------


@dataclass
class ErasureResult:
    plan: ErasurePlan
    cases_erased: int = 0
    mentions_replaced: int = 0
    account_pseudonymised: bool = False


def person_erase(
    *, person: Person, by: User | None, reason: str = ErasureReason.REQUEST
) -> ErasureResult:
    """Erase what may be erased about `person` now (see `selectors.erasure_plan`).

    The individual cases past their retention are scrubbed in any case. The rest —
    the name in other records and the account — only when no case about the person
    is still kept; otherwise the result says from when that will be possible.
    """
    _check(by)
    with transaction.atomic():
        plan = selectors.erasure_plan(person, by=by)
        if "has_account" in plan.blocked_reasons:
            raise ApplicationError(
                f"{BLOCK_MESSAGES['has_account']} "
                + _("Brukernavn: %(usernames)s.")
                % {"usernames": ", ".join(user.username for user in plan.accounts)}
            )
        for code in ("superuser", "self", "active_roles"):
            if code in plan.blocked_reasons:
                raise ApplicationError(BLOCK_MESSAGES[code])
        result = ErasureResult(plan=plan)
        for line in plan.due:
            if isinstance(line.obj, Order):
                order_scrub(order=line.obj, record_type=line.record_type, by=by, reason=reason)
            else:
                inquiry_scrub(inquiry=line.obj, record_type=line.record_type, by=by, reason=reason)
            result.cases_erased += 1
        if plan.blocked:
            return result
        name = person.searchable_name
        if name:
            skip: set[tuple[type[models.Model], Any]] = {
                (type(line.obj), line.obj.pk) for line in plan.due
            }
            result.mentions_replaced = _replace_mentions(name, skip)
        if person.user is not None:
            user_pseudonymise(user=person.user, by=by, reason=reason)
            result.account_pseudonymised = True
    return result


# --- the scheduled sweep -------------------------------------------------------------


@dataclass
class SweepResult:
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_sweep(*, dry_run: bool = False, now: datetime.datetime | None = None) -> SweepResult:
    """Pseudonymise every record past its retention period (settings.PRIVACY_RETENTION_YEARS).

    Idempotent: erased records are in the erasure log and are not touched again.
    Each record is erased in its own transaction, so a failure leaves the records
    before it erased and the ones after it for the next run.
    """
    moment = now or timezone.now()
    result = SweepResult(dry_run=dry_run)
    for individual, order_type in ((True, "individual_order"), (False, "order")):
        orders = list(selectors.orders_due(individual=individual, now=moment))
        result.counts[order_type] = len(orders)
        for order in [] if dry_run else orders:
            with transaction.atomic():
                order_scrub(
                    order=order, record_type=order_type, by=None, reason=ErasureReason.RETENTION
                )
    for individual, inquiry_type in ((True, "individual_inquiry"), (False, "inquiry")):
        inquiries = list(selectors.inquiries_due(individual=individual, now=moment))
        result.counts[inquiry_type] = len(inquiries)
        for inquiry in [] if dry_run else inquiries:
            with transaction.atomic():
                inquiry_scrub(
                    inquiry=inquiry,
                    record_type=inquiry_type,
                    by=None,
                    reason=ErasureReason.RETENTION,
                )
    users = 0
    for user in selectors.users_due(now=moment):
        person = selectors.person_for_user(user)
        if selectors.erasure_plan(person).blocked:
            continue
        users += 1
        if not dry_run:
            person_erase(person=person, by=None, reason=ErasureReason.RETENTION)
    result.counts["user"] = users
    logs = selectors.access_logs_due(now=moment)
    result.counts["access_log"] = logs.count()
    if not dry_run:
        logs.delete()
    logger.info("Retention sweep%s: %s", " (dry run)" if dry_run else "", result.counts)
    return result

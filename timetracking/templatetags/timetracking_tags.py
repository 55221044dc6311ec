import datetime
import functools
import html
from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import numbers

register = template.Library()


@register.filter
def hours(value: Decimal | None) -> str:
    """1.50 → "1,5", 2.00 → "2", 0.25 → "0,25", 1388 → "1 388" (core/numbers.py)."""
    return numbers.format_quarters(value)


@functools.lru_cache(maxsize=512)
def _day_label(day: datetime.date, language: str | None) -> str:
    return date_format(day, "l j. F")


def _attr(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _texts(context: Any) -> dict[str, str]:
    """The cells' fixed texts, translated once per page (render_context lives
    for one rendering), not once per cell."""
    texts = context.render_context.get("tt_texts")
    if texts is None:
        texts = context.render_context["tt_texts"] = {
            "hours": _("Timer %(day)s, %(target)s (%(activity)s)"),
            "note": _("Notat %(day)s, %(target)s"),
            "placeholder": _attr(_("notat")),
            "locked": _attr(_("Låst")),
            "several": _attr(_("flere")),
            "url": _attr(reverse("timetracking:cell")),
        }
    return texts


def _row_texts(context: Any, row: Any) -> tuple[str, str, str]:
    """A row's key (escaped), label and activity, once per row."""
    rows = context.render_context.setdefault("tt_rows", {})
    texts = rows.get(id(row))
    if texts is None:
        texts = rows[id(row)] = (_attr(row.key), row.label, row.activity_label)
    return texts


@register.simple_tag(takes_context=True)
def timesheet_cell(context: Any, row: Any, cell: Any, index: int) -> SafeString:
    """One cell of the week grid: the hours and the note inputs of an editable day,
    else the hours and a flag. Rendered in Python, not through a template per
    cell: a week of 30 rows is 210 cells, and the per-cell template was most of
    the timesheet's time (benchmarks/RESULTS.md). `_cell.html` uses it too, for
    the cell the htmx save answers with, so there is one markup for both."""
    error = context.get("error") or ""
    texts = _texts(context)
    key, target, activity = _row_texts(context, row)
    cell_id = f"{key}-{index}"
    css = "tt-cell tt-cell--error" if error else "tt-cell"
    # data-day: the phone layout shows one day's cells at a time (timetracking.css).
    out = [f'<td id="cell-{cell_id}" class="{css}" data-day="{index}">']
    if cell.editable and not context.get("readonly"):
        day = _day_label(cell.day, get_language())
        url = texts["url"]
        if error:
            typed_hours, note = context.get("typed_hours", ""), context.get("typed_note", "")
        else:
            typed_hours, note = (hours(cell.hours) if cell.hours else ""), cell.note
        htmx = (
            f'hx-post="{url}" hx-trigger="change, enterkey" data-enter-trigger '
            'hx-include="closest td" hx-target="closest td" hx-swap="outerHTML" '
            'hx-sync="closest td:drop"'
        )
        invalid = f' aria-invalid="true" aria-describedby="err-{cell_id}"' if error else ""
        hours_label = texts["hours"] % {"day": day, "target": target, "activity": activity}
        note_label = texts["note"] % {"day": day, "target": target}
        out.append(f'<input type="hidden" name="rad" value="{key}">')
        out.append(f'<input type="hidden" name="dato" value="{cell.day.isoformat()}">')
        if not context.get("is_self"):
            out.append(f'<input type="hidden" name="radgiver" value="{context["advisor"].pk}">')
        out.append(
            f'<label class="ds-sr-only" for="h-{cell_id}">{_attr(hours_label)}</label>'
            f'<input class="ds-input tt-hours" id="h-{cell_id}" name="timer" type="text" '
            f'inputmode="decimal" autocomplete="off" size="4" value="{_attr(typed_hours)}" '
            f"{htmx}{invalid}>"
            f'<label class="ds-sr-only" for="n-{cell_id}">{_attr(note_label)}</label>'
            f'<input class="ds-input tt-note" id="n-{cell_id}" name="notat" type="text" '
            f'autocomplete="off" placeholder="{texts["placeholder"]}" maxlength="500" '
            f'value="{_attr(note)}" {htmx}>'
        )
        if error:
            out.append(
                f'<p class="tt-cell__error" id="err-{cell_id}" role="alert">{_attr(error)}</p>'
            )
    else:
        value = hours(cell.hours) if cell.hours else "–"
        out.append(f'<span class="tt-cell__value">{value}</span>')
        if cell.locked:
            out.append(f'<span class="tt-cell__flag">{texts["locked"]}</span>')
        elif len(cell.entries) > 1:
            out.append(f'<span class="tt-cell__flag">{texts["several"]}</span>')
        if error:
            out.append(f'<p class="tt-cell__error" role="alert">{_attr(error)}</p>')
    out.append("</td>")
    return mark_safe("".join(out))

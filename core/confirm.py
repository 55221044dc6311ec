"""A confirm step for irreversible actions, without JavaScript.

The action's form posts as usual. Without the field `bekreft=ja`, the view answers
with a page that states the consequence and repeats the posted fields as hidden
inputs, with a "Ja, ..." button (which posts again with `bekreft=ja`) and a way
back. Only the confirmed post runs the service. The page is a plain form: it works
with the keyboard alone and without scripts. The API takes no confirm step: it is
the caller's decision.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "bekreft"
CONFIRM_VALUE = "ja"


def confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    consequence: str,
    button: str,
    cancel_url: str,
    details: list[tuple[str, str]] | None = None,
    danger: bool = False,
) -> HttpResponse:
    """The confirm step: `consequence` says what happens and what cannot be undone;
    `details` (label, value) repeat what was entered (e.g. the amount)."""
    hidden = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    return render(
        request,
        "bht/confirm.html",
        {
            "title": title,
            "consequence": consequence,
            "button": button,
            "cancel_url": cancel_url,
            "details": details or [],
            "danger": danger,
            "hidden": hidden,
            "action_url": request.get_full_path(),
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
        },
    )

"""Tilgjengelighetserklæring (/tilgjengelighet/): the accessibility statement that
forskrift om universell utforming av IKT-løsninger requires, with a feedback form
that becomes an inquiry in the BHT's triage (orders.inbound). Public: no login."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from orders.inbound import feedback_organisation, inquiry_receive_feedback

# The journeys the browser tests run axe-core (WCAG 2.1 A/AA rules) on, every CI run
# (tests/browser/). The statement lists them so that its claim can be checked.
AXE_CHECKED_JOURNEYS = (
    gettext_lazy("Innlogging, også når kontoen er midlertidig sperret"),
    gettext_lazy("Startsiden, «Din hovedkontakt» og «Hva kan BHT hjelpe med?» for ledere"),
    gettext_lazy("Telefonhenvendelse som blir bestilling, fra registrering til godtatt"),
    gettext_lazy("Handlingsplan fra ønske til godkjenning i AMU"),
    gettext_lazy("Timeliste fra føring til låst måned"),
    gettext_lazy("Årsrapport fra bestilling til vedtak i AMU"),
    gettext_lazy("Personvernsiden, innsyn og sletting"),
    gettext_lazy("Denne tilgjengelighetserklæringen og tilbakemeldingsskjemaet"),
)
DEFAULT_SLA_WORKING_DAYS = 3


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Hva fungerer ikke for deg?"),
        help_text=gettext_lazy(
            "Beskriv siden og hva som var vanskelig. Ikke skriv helseopplysninger eller "
            "fødselsnummer."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "ds-input"}),
        error_messages={"required": gettext_lazy("Skriv hva tilbakemeldingen gjelder.")},
    )
    name = forms.CharField(
        label=gettext_lazy("Navn (valgfritt)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "ds-input", "autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-post (valgfritt, for å få svar)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"class": "ds-input", "autocomplete": "email"}),
        error_messages={"invalid": gettext_lazy("Skriv en gyldig e-postadresse.")},
    )


def _feedback_key(request: HttpRequest) -> str:
    return f"a11y-feedback:{request.META.get('REMOTE_ADDR') or 'unknown'}"


def _rate_limited(request: HttpRequest) -> bool:
    """At most ACCESSIBILITY_FEEDBACK_PER_HOUR accepted messages per address and
    hour: the form is open to anyone, so it must not become a way to flood the
    queue. (Refused input creates nothing and is not counted.)"""
    return int(cache.get(_feedback_key(request), 0)) >= settings.ACCESSIBILITY_FEEDBACK_PER_HOUR


def _count_feedback(request: HttpRequest) -> None:
    key = _feedback_key(request)
    if cache.add(key, 1, timeout=3600):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)


@require_http_methods(["GET", "POST"])
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    # The promise is the SLA of the triage the feedback goes to.
    organisation = feedback_organisation(request.user)  # type: ignore[arg-type]
    sla = organisation.sla_working_days if organisation else DEFAULT_SLA_WORKING_DAYS
    status = 200
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        status = 400
        if _rate_limited(request):
            form.add_error(None, _("Du har sendt mange tilbakemeldinger. Prøv igjen om en time."))
            status = 429
        elif form.is_valid():
            user = request.user if request.user.is_authenticated else None
            try:
                inquiry_receive_feedback(
                    user=user,  # type: ignore[arg-type]
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    text=form.cleaned_data["text"],
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                _count_feedback(request)
                messages.success(
                    request,
                    _(
                        "Takk! Tilbakemeldingen er sendt til BHT. "
                        "Vi svarer innen %(days)s virkedager."
                    )
                    % {"days": sla},
                )
                return redirect("accessibility")
    return render(
        request,
        "bht/accessibility.html",
        {
            "form": form,
            "sla_working_days": sla,
            "journeys": AXE_CHECKED_JOURNEYS,
        },
        status=status,
    )

"""Forms of the core pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bht import selectors
from bht.models import Advisor


def _style(form: forms.BaseForm) -> None:
    """Give every widget Designsystemet's input class. Django adds aria-invalid and
    aria-describedby (ids `<id>_helptext`, `<id>_error`; see includes/field.html)."""
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "ds-input")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Feil brukernavn eller passord. Sjekk at du har skrevet riktig, og prøv igjen."
        ),
        "inactive": _("Denne brukerkontoen er ikke aktiv. Ta kontakt med BHT."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Brukernavn")
        self.fields["password"].label = _("Passord")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        _style(self)


class AdvisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Advisor) -> str:
        return f"{obj.user} ({obj.profession})"


class MainContactForm(forms.Form):
    """Bytt hovedkontakt for a service area (see services.main_contact_assign)."""

    advisor = AdvisorChoiceField(
        label=_("Ny hovedkontakt"),
        queryset=Advisor.objects.none(),
        empty_label=_("Velg rådgiver"),
        error_messages={
            "required": _("Velg hvilken rådgiver som skal være hovedkontakt."),
            "invalid_choice": _("Velg en aktiv rådgiver fra listen."),
        },
    )
    valid_from = forms.DateField(
        label=_("Gjelder fra"),
        help_text=_("Dagens hovedkontakt avsluttes dagen før."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Skriv inn datoen byttet gjelder fra."),
            "invalid": _("Skriv inn en gyldig dato, for eksempel 01.09.2026."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = selectors.main_contact_candidates()  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("valid_from", timezone.localdate())
        _style(self)

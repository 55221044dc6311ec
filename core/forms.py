"""Forms of the core pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import numbers, parsing, selectors
from core.errors import ApplicationError, HealthInfoFound
from core.models import AccessLog, Advisor, User


def _style(form: forms.BaseForm) -> None:
    """Give every widget Designsystemet's input class. Django adds aria-invalid and
    aria-describedby (ids `<id>_helptext`, `<id>_error`; see includes/field.html)."""
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "ds-input")


class DecimalCommaField(forms.DecimalField):
    """An hours or amount field that takes what a Norwegian types: "7,5", "7.5" or
    "1 388,50". A text input with inputmode="decimal" (a phone shows digits and a
    comma), not type=number: Chromium's number input in a Norwegian locale turns
    "7,5" into 75. The value is shown back with a decimal comma. Every hours or
    amount field of a form is one of these (docs: README, "Numbers")."""

    widget = forms.TextInput

    default_error_messages = {
        "invalid": _("Skriv et tall, for eksempel 7,5."),
    }

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        number = numbers.parse_decimal(value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def prepare_value(self, value: Any) -> Any:
        # Typed text (a bound form shown again) stays as typed; a stored number is
        # written with a decimal comma.
        if isinstance(value, str):
            return value
        return numbers.format_input(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, with every chosen id checked before the database: its `pk__in`
    lookup takes an id beyond the bigint column there (OverflowError, a 500), where
    a single choice's lookup finds nothing. Every multiple choice of a form is one
    of these."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not parsing.is_valid_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


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


class AccessLogFilterForm(forms.Form):
    """Filters of the access log: per object (type + id from an object's page, or the
    reference typed in) and per user."""

    objekt = forms.CharField(
        label=_("Objekt"),
        required=False,
        max_length=100,
        help_text=_("Referanse, for eksempel B-2026-0042"),
    )
    bruker = forms.ModelChoiceField(
        label=_("Bruker"), queryset=User.objects.none(), required=False, empty_label=_("Alle")
    )
    handling = forms.ChoiceField(
        label=_("Handling"),
        required=False,
        choices=[("", _("Alle"))] + list(AccessLog.Action.choices),
    )
    type = forms.ModelChoiceField(
        label=_("Type"), queryset=ContentType.objects.none(), required=False, empty_label=_("Alle")
    )
    fra = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    til = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # Set by the link on an object's page; kept through the filter form as a hidden field.
    id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bruker"].queryset = selectors.access_log_users(viewer)  # type: ignore[attr-defined]
        self.fields["type"].queryset = selectors.access_log_content_types()  # type: ignore[attr-defined]
        self.fields["type"].label_from_instance = lambda ct: str(  # type: ignore[attr-defined]
            ct.model_class()._meta.verbose_name if ct.model_class() else ct.model
        ).capitalize()
        _style(self)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for selectors.access_log_rows (empty if invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "content_type_id": data["type"].pk if data["type"] else None,
            "object_id": data["id"].strip(),
            "object_text": data["objekt"].strip(),
            "user_id": data["bruker"].pk if data["bruker"] else None,
            "action": data["handling"],
            "date_from": data["fra"],
            "date_to": data["til"],
        }


class HealthConfirmForm(forms.Form):
    """A form whose free text the health guard checks (core.services
    `health_guard_check`). It carries the «Send likevel» box, shown by
    bht/includes/health_confirm.html once the guard has warned."""

    confirm_health_info = forms.BooleanField(
        label=_("Send likevel: teksten handler ikke om helsen til en bestemt person"),
        required=False,
    )
    # Set by `add_application_error` when the guard warned and the writer may confirm.
    health_confirmable = False

    @property
    def health_confirmed(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("confirm_health_info"))


def add_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Show a service's ApplicationError on the form: at its field when the form has
    it, else above the form. The health guard's error has a message per field and
    opens the «Send likevel» box (unless a fødselsnummer was found)."""
    errors = error.errors if isinstance(error, HealthInfoFound) else {error.field: error.message}
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)
    if isinstance(error, HealthInfoFound):
        form.health_confirmable = error.confirmable  # type: ignore[attr-defined]

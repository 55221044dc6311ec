"""Forms of the order pages. They parse input; orders/services.py decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import access, confidentiality
from core.errors import ApplicationError
from core.forms import DecimalCommaField, HealthConfirmForm, ModelMultipleChoiceField
from core.models import Advisor, Department, InquiryCategory, Service, User
from orders import rules, selectors
from orders.models import (
    FEEDBACK_SCALES,
    CallerRole,
    Channel,
    DeclineReason,
    InquiryOutcome,
    Order,
    Urgency,
)


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "ds-input")


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return f"{obj.name} ({obj.unit.name}, {obj.unit.area.name})"


class AdvisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Advisor) -> str:
        return f"{obj.user} ({obj.profession})"


class AdvisorMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Advisor) -> str:
        return f"{obj.user} ({obj.profession})"


class ServiceChoiceField(forms.ModelChoiceField):
    widget = forms.Select

    def label_from_instance(self, obj: Service) -> str:
        return obj.name


# Needed before an order can be sent (orders.services.order_submit checks them too).
REQUIRED_TO_SEND = ("service", "title", "description", "department")


class OrderForm(HealthConfirmForm):
    """Bestill bistand: only what the BHT needs (DESIGN.md §10).

    The orderer classifies the order once, by its service; the category is the
    BHT's triage classification (carried from the inquiry on a triage draft), so
    only BHT staff see that field."""

    service = ServiceChoiceField(
        label=_("Tjeneste"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Velg tjeneste"),
        help_text=_("Se beskrivelsen av tjenesten under feltet."),
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=InquiryCategory.objects.filter(is_active=True),
        required=False,
        empty_label=_("Velg kategori"),
    )
    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        error_messages={"required": _("Skriv en kort tittel.")},
    )
    description = forms.CharField(
        label=_("Beskrivelse (hva er problemet, hva ønsker dere å oppnå)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    department = DepartmentChoiceField(
        label=_("Avdeling"),
        queryset=Department.objects.none(),
        empty_label=_("Velg avdeling"),
        error_messages={"required": _("Velg hvilken avdeling bestillingen gjelder.")},
    )
    desired_start = forms.DateField(
        label=_("Ønsket oppstart"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv inn en gyldig dato, for eksempel 01.09.2026.")},
    )
    urgency = forms.ChoiceField(label=_("Hast"), choices=Urgency.choices, initial=Urgency.NORMAL)
    plan_item = forms.ModelChoiceField(
        label=_("Tiltak i handlingsplanen"),
        queryset=None,
        required=False,
        empty_label=_("Ikke en del av handlingsplanen (mersalg)"),
        help_text=_(
            "Velg tiltaket hvis bestillingen hører til områdets godkjente handlingsplan "
            "(fastpris). Uten tiltak er bestillingen mersalg."
        ),
    )
    journal_reference = forms.CharField(
        label=_("Journalreferanse"),
        max_length=60,
        required=False,
        help_text=_("Gjelder saken én ansatt, oppgi bare referansen fra journalsystemet."),
    )
    confidential = forms.BooleanField(
        label=_("Fortrolig sak om en enkelt ansatt"),
        required=False,
        help_text=_("Innholdet vises bare for BHT og deg."),
    )
    confidential_reason = forms.CharField(
        label=_("Begrunnelse for å oppheve fortroligheten"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Påkrevd hvis saken ikke lenger skal være fortrolig. Begrunnelsen logges."),
    )
    # The version of the order the form was loaded with (optimistic locking,
    # docs/reliability.md); empty on a new order.
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(
        self,
        *args: Any,
        user: User,
        area_ids: list[int] | None = None,
        order: Order | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self._order = order
        self._confidentiality_fields(user, order)
        if not access.is_bht_staff(user):
            self.fields.pop("category")
        self.fields["service"].queryset = Service.objects.active().order_by("name")  # type: ignore[attr-defined]
        departments = selectors.departments_for_ordering(user)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        if not self.is_bound and not self.initial.get("department"):
            only = list(departments[:2])
            if len(only) == 1:
                self.initial["department"] = only[0].pk
        ids = area_ids
        if ids is None:
            ids = sorted(set(departments.values_list("unit__area_id", flat=True)))[:10]
        plan_items = None
        for area_id in ids:
            items = selectors.plan_items_for_area(area_id)
            plan_items = items if plan_items is None else plan_items | items
        if plan_items is None:
            self.fields.pop("plan_item")
        else:
            self.fields["plan_item"].queryset = plan_items  # type: ignore[attr-defined]
        _style(self)
        self.fields["confidential"].widget.attrs["class"] = "ds-input"
        for name in REQUIRED_TO_SEND:
            field = self.fields[name]
            field.label = _("%(label)s (må fylles ut)") % {"label": field.label}
            field.widget.attrs["aria-required"] = "true"

    def clean_desired_start(self) -> Any:
        value = self.cleaned_data.get("desired_start")
        try:
            rules.check_desired_start(
                value, previous=self._order.desired_start if self._order is not None else None
            )
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        return value

    def _confidentiality_fields(self, user: User, order: Order | None) -> None:
        """Only the BHT's professionals lift confidentiality, with a reason
        (core.confidentiality); for others the box stays ticked."""
        if order is None or not order.confidential:
            self.fields.pop("confidential_reason")
        elif not confidentiality.may_lift(user):
            self.fields.pop("confidential_reason")
            self.fields["confidential"].disabled = True
            self.fields["confidential"].help_text = _(
                "Saken gjelder en enkelt ansatt. Bare BHT kan oppheve fortroligheten."
            )


class AcceptForm(forms.Form):
    lead_advisor = AdvisorChoiceField(
        label=_("Ansvarlig rådgiver"),
        queryset=Advisor.objects.none(),
        empty_label=_("Velg rådgiver"),
        error_messages={"required": _("Velg hvem som har ansvaret.")},
    )
    supporting_advisors = AdvisorMultipleChoiceField(
        label=_("Andre rådgivere som bidrar"),
        queryset=Advisor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    estimated_hours = DecimalCommaField(
        label=_("Estimerte timer"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text=_("Påkrevd for mersalg: bestilleren godkjenner timer × timepris."),
    )
    text = forms.CharField(
        label=_("Melding til bestilleren"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, order: Order, **kwargs: Any):
        super().__init__(*args, **kwargs)
        suggestions = selectors.advisor_suggestions(order)
        ids = [a.pk for a in suggestions]
        qs = Advisor.objects.filter(pk__in=ids).select_related("user")
        self.fields["lead_advisor"].queryset = qs  # type: ignore[attr-defined]
        self.fields["supporting_advisors"].queryset = qs  # type: ignore[attr-defined]
        # Suggested first: the area's main contact, then matching competence.
        order_map = {pk: i for i, pk in enumerate(ids)}
        contact = selectors.main_contact_user_for_area(order.area_id)
        wanted = (
            set(order.service.competence_areas.values_list("pk", flat=True))
            if order.service_id
            else set()
        )

        def label(advisor: Advisor) -> str:
            text = f"{advisor.user} ({advisor.profession})"
            if contact is not None and advisor.user_id == contact.pk:
                return f"{text} – {_('hovedkontakt for området')}"
            if wanted & {c.pk for c in advisor.competence_areas.all()}:
                return f"{text} – {_('kompetanse passer')}"
            return text

        ranked = sorted(qs.prefetch_related("competence_areas"), key=lambda a: order_map[a.pk])
        self.fields["lead_advisor"].choices = [("", _("Velg rådgiver"))] + [  # type: ignore[attr-defined]
            (a.pk, label(a)) for a in ranked
        ]
        if suggestions and not self.is_bound:
            self.initial.setdefault("lead_advisor", suggestions[0].pk)
        _style(self)
        self.fields["supporting_advisors"].widget.attrs["class"] = "ds-input"


class DeclineForm(forms.Form):
    reason_code = forms.ChoiceField(
        label=_("Årsak"),
        choices=[("", _("Velg årsak")), *DeclineReason.choices],
        error_messages={"required": _("Velg en årsak til avslaget.")},
    )
    reason = forms.CharField(
        label=_("Begrunnelse (vises for bestilleren og kommunalsjefen)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv en begrunnelse som bestilleren kan lese.")},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _style(self)


class TextForm(HealthConfirmForm):
    text = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv en tekst.")},
    )

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
        _style(self)


class AttachForm(HealthConfirmForm):
    file = forms.FileField(
        label=_("Fil"),
        error_messages={"required": _("Velg en fil.")},
    )
    text = forms.CharField(label=_("Beskrivelse av filen"), required=False, max_length=500)
    internal = forms.BooleanField(label=_("Bare for BHT (internt)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _style(self)


SCORE_CHOICES = [
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5"),
    ("0", _("Vet ikke")),
]


class FeedbackForm(HealthConfirmForm):
    text = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, label in FEEDBACK_SCALES:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Velg et svar fra 1 til 5, eller «Vet ikke».")},
            )
        self.order_fields([name for name, _label in FEEDBACK_SCALES] + ["text"])
        _style(self)

    @property
    def scale_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _label in FEEDBACK_SCALES]


class InquiryForm(forms.Form):
    """Registrer henvendelse: phone triage in under a minute."""

    channel = forms.ChoiceField(label=_("Kanal"), choices=Channel.choices, initial=Channel.PHONE)
    caller = forms.ModelChoiceField(
        label=_("Innringer (kjent person)"),
        queryset=User.objects.filter(is_active=True),
        required=False,
        empty_label=_("Ikke valgt – skriv navnet under"),
        help_text=_("Skriv en del av navnet i søkefeltet over, og velg personen her."),
    )
    caller_name = forms.CharField(
        label=_("Navn på innringer (hvis ikke i listen)"), max_length=200, required=False
    )
    caller_role = forms.ChoiceField(
        label=_("Innringers rolle"), choices=CallerRole.choices, initial=CallerRole.LEADER
    )
    department = DepartmentChoiceField(
        label=_("Avdeling"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Velg avdeling (eller innringers egen)"),
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=InquiryCategory.objects.filter(is_active=True),
        required=False,
        empty_label=_("Velg kategori"),
    )
    service = ServiceChoiceField(
        label=_("Tjeneste (for utkast til bestilling)"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Velg tjeneste"),
        help_text=_(
            "Utkastet får tjenesten, og fastpris hvis handlingsplanen har et tiltak for den."
        ),
    )
    title = forms.CharField(
        label=_("Tittel på utkastet"),
        max_length=200,
        required=False,
        help_text=_(
            "En kort tittel lederen kjenner igjen. Står feltet tomt, brukes navnet på "
            "tjenesten eller kategorien."
        ),
    )
    summary = forms.CharField(
        label=_("Hva gjelder henvendelsen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv kort hva henvendelsen gjelder.")},
        help_text=_("Ingen diagnoser eller helseopplysninger."),
    )
    advice_given = forms.CharField(
        label=_("Råd gitt"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[
            (InquiryOutcome.ADVICE_ONLY, InquiryOutcome.ADVICE_ONLY.label),
            (InquiryOutcome.ORDER_REQUESTED, _("Ønsker bestilling – lag utkast til lederen")),
        ],
        initial=InquiryOutcome.ADVICE_ONLY,
        widget=forms.RadioSelect,
    )
    confidential = forms.BooleanField(
        label=_("Fortrolig (gjelder en enkelt ansatt)"), required=False
    )
    consent = forms.BooleanField(
        label=_("Den ansatte har samtykket til at lederen får et utkast"),
        required=False,
        help_text=_("Må krysses av for å sende en fortrolig henvendelse til lederen."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = selectors.departments_for_ordering(user)  # type: ignore[attr-defined]
        self.fields["service"].queryset = Service.objects.active().order_by("name")  # type: ignore[attr-defined]
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("caller") and not (data.get("caller_name") or "").strip():
            self.add_error("caller_name", _("Velg en person eller skriv navnet."))
        return data


class AdviceRequestForm(HealthConfirmForm):
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=InquiryCategory.objects.filter(is_active=True),
        required=False,
        empty_label=_("Velg kategori (valgfritt)"),
    )
    summary = forms.CharField(
        label=_("Hva ønsker du råd om?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv kort hva du ønsker råd om.")},
        help_text=_("BHT tar kontakt med deg."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _style(self)


class RespondForm(forms.Form):
    advice_given = forms.CharField(
        label=_("Råd gitt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    service = ServiceChoiceField(
        label=_("Tjeneste (for utkast til bestilling)"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Velg tjeneste"),
    )
    title = forms.CharField(
        label=_("Tittel på utkastet"),
        max_length=200,
        required=False,
        help_text=_("Står feltet tomt, brukes navnet på tjenesten eller kategorien."),
    )
    consent = forms.BooleanField(
        label=_("Den ansatte har samtykket til at lederen får et utkast"),
        required=False,
        help_text=_("Må krysses av for å sende en fortrolig henvendelse til lederen."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active().order_by("name")  # type: ignore[attr-defined]
        _style(self)

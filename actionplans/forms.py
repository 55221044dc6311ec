"""Forms of the action-plan pages. They parse input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlan, ItemStatus, PlanItem, Priority
from core.forms import DecimalCommaField, HealthConfirmForm
from core.models import Advisor, Department, Organisation, Service, ServiceArea, ServiceUnit
from core.widgets import FastSelect

HOURS_HELP = _("Hele eller halve timer, for eksempel 12 eller 7,5.")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "ds-input")
        else:
            field.widget.attrs.setdefault("class", "ds-input")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


def _hours_field(label: Any, required: bool = True) -> DecimalCommaField:
    return DecimalCommaField(
        label=label,
        required=required,
        min_value=Decimal("0.5"),
        max_digits=7,
        decimal_places=1,
        help_text=HOURS_HELP,
        error_messages={"required": _("Oppgi antall timer.")},
    )


class AdvisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Advisor) -> str:
        return f"{obj.user} ({obj.profession})"


class PlanCreateForm(StyledForm):
    area = forms.ModelChoiceField(
        label=_("Virksomhetsområde"), queryset=ServiceArea.objects.none(), empty_label=None
    )
    start_year = forms.TypedChoiceField(label=_("Periode"), coerce=int)
    budget_hours = DecimalCommaField(
        label=_("Timebudsjett"),
        min_value=Decimal("0.5"),
        max_digits=8,
        decimal_places=1,
        help_text=HOURS_HELP,
    )
    fixed_price_amount = DecimalCommaField(
        label=_("Fastpris (NOK)"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
    )

    def __init__(
        self, *args: Any, areas: QuerySet[ServiceArea], periods: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["start_year"].choices = [(y, f"{y}–{y + 1}") for y in periods]  # type: ignore[attr-defined]


def _lock_version_field() -> forms.IntegerField:
    # The version the form was loaded with (optimistic locking, docs/reliability.md).
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class PlanBudgetForm(StyledForm):
    lock_version = _lock_version_field()
    budget_hours = DecimalCommaField(
        label=_("Timebudsjett"),
        min_value=Decimal("0.5"),
        max_digits=8,
        decimal_places=1,
        help_text=HOURS_HELP,
    )
    fixed_price_amount = DecimalCommaField(
        label=_("Fastpris (NOK)"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
    )


class PlanItemForm(StyledForm):
    service = forms.ModelChoiceField(
        label=_("Tjeneste"), queryset=Service.objects.active(), empty_label=_("Velg tjeneste")
    )
    title = forms.CharField(label=_("Tittel"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(
        label=_("Tjenesteområde"),
        required=False,
        queryset=ServiceUnit.objects.none(),
        empty_label=_("Hele området"),
    )
    budget_hours = _hours_field(_("Timer"))
    planned_start = forms.DateField(label=_("Planlagt start"), required=False, widget=DATE_WIDGET)
    planned_end = forms.DateField(label=_("Planlagt slutt"), required=False, widget=DATE_WIDGET)
    priority = forms.TypedChoiceField(
        label=_("Prioritet"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    advisor = AdvisorChoiceField(
        label=_("Ansvarlig rådgiver"),
        required=False,
        queryset=Advisor.objects.filter(is_active=True).select_related("user"),
        empty_label=_("Ikke bestemt"),
    )

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ServiceUnit.objects.filter(area_id=plan.area_id).order_by(
            "name"
        )  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, item: PlanItem) -> dict[str, Any]:
        return {
            "service": item.service_id,
            "title": item.title,
            "description": item.description,
            "unit": item.unit_id,
            "budget_hours": item.budget_hours,
            "planned_start": item.planned_start,
            "planned_end": item.planned_end,
            "priority": item.priority,
            "advisor": item.advisor_id,
        }


class PlanItemEditForm(PlanItemForm):
    lock_version = _lock_version_field()

    @classmethod
    def initial_for(cls, item: PlanItem) -> dict[str, Any]:
        return {**super().initial_for(item), "lock_version": item.lock_version}


class FeedbackForm(StyledForm):
    text = forms.CharField(
        label=_("Faglig tilbakemelding på hele planen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, items: list[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=_("Tilbakemelding på «%(title)s»") % {"title": item.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        _style(self)

    def item_texts(self) -> dict[int, str]:
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_") and value
        }


class MeetingForm(StyledForm):
    meeting_date = forms.DateField(
        label=_("Møtedato"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Oppgi møtedato.")},
    )
    case_number = forms.CharField(
        label=_("Saksnummer"), max_length=60, error_messages={"required": _("Oppgi saksnummer.")}
    )
    minutes = forms.CharField(
        label=_("Vedtak / protokoll"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ConsultForm(MeetingForm):
    minutes_file = forms.FileField(label=_("Protokoll (fil)"), required=False)


class StatusReviewForm(StyledForm):
    held_at = forms.DateField(label=_("Dato"), widget=DATE_WIDGET)
    summary = forms.CharField(
        label=_("Oppsummering"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, items: list[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        if not self.is_bound:
            self.initial.setdefault("held_at", timezone.localdate())
        for item in items:
            self.fields[f"status_{item.pk}"] = forms.ChoiceField(
                label=_("Status"), choices=ItemStatus.choices, initial=item.status
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Kommentar"), required=False, max_length=500
            )
        _style(self)

    def rows(self) -> list[tuple[PlanItem, forms.BoundField, forms.BoundField]]:
        return [
            (item, self[f"status_{item.pk}"], self[f"comment_{item.pk}"]) for item in self.items
        ]

    def entries(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (
                self.cleaned_data[f"status_{item.pk}"],
                self.cleaned_data[f"comment_{item.pk}"],
            )
            for item in self.items
        }


class ProposalForm(HealthConfirmForm, StyledForm):
    unit = forms.ModelChoiceField(
        label=_("Tjenesteområde"), queryset=ServiceUnit.objects.none(), empty_label=None
    )
    department = forms.ModelChoiceField(
        label=_("Avdeling"),
        required=False,
        queryset=Department.objects.none(),
        empty_label=_("Hele tjenesteområdet"),
    )
    service = forms.ModelChoiceField(
        label=_("Tjeneste"), queryset=Service.objects.active(), empty_label=_("Velg tjeneste")
    )
    title = forms.CharField(label=_("Hva ønsker dere?"), max_length=200)
    reason = forms.CharField(
        label=_("Hvorfor?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rough_hours = _hours_field(_("Omtrent hvor mange timer?"), required=False)
    start_year = forms.TypedChoiceField(label=_("For perioden"), coerce=int)

    def __init__(
        self, *args: Any, units: QuerySet[ServiceUnit], periods: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["department"].queryset = Department.objects.filter(unit__in=units).order_by(
            "unit__name", "name"
        )  # type: ignore[attr-defined]
        self.fields["start_year"].choices = [(y, f"{y}–{y + 1}") for y in periods]  # type: ignore[attr-defined]
        self.fields["rough_hours"].help_text = _(
            "Et grovt anslag holder. Se typisk antall timer for tjenesten i katalogen."
        )


class ProposalDecisionForm(HealthConfirmForm, StyledForm):
    decision = forms.ChoiceField(
        label=_("Avgjørelse"),
        choices=[
            ("accept", _("Ta inn i utkastet")),
            ("merge", _("Slå sammen med et tiltak")),
            ("reject", _("Ikke ta med")),
        ],
        widget=forms.RadioSelect,
    )
    plan = forms.ModelChoiceField(
        label=_("Utkast"), required=False, queryset=ActionPlan.objects.none(), empty_label=None
    )
    item = forms.ModelChoiceField(
        label=_("Tiltak å slå sammen med"),
        required=False,
        queryset=PlanItem.objects.none(),
        empty_label=_("Velg tiltak"),
    )
    budget_hours = _hours_field(_("Timer i planen"), required=False)
    reply = forms.CharField(
        label=_("Svar til forslagsstiller"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, plans: QuerySet[ActionPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
        self.fields["item"].queryset = PlanItem.objects.filter(plan__in=plans).select_related(
            "plan"
        )  # type: ignore[attr-defined]
        self.fields["decision"].widget.attrs["class"] = "ds-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision == "accept" and not data.get("plan"):
            self.add_error("plan", _("Velg utkastet forslaget skal inn i."))
        if decision == "merge" and not data.get("item"):
            self.add_error("item", _("Velg tiltaket forslaget skal slås sammen med."))
        if decision == "reject" and not (data.get("reply") or "").strip():
            self.add_error("reply", _("Skriv en begrunnelse til den som foreslo."))
        return data


class BoardFilterForm(forms.Form):
    """The plan board of one organisation, for those who see several (a BHT
    serving 200 organisations has 2 000 areas)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Alle organisasjoner"),
        widget=FastSelect(attrs={"class": "ds-input"}, values=("name",)),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")  # type: ignore[attr-defined]

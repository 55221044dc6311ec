"""Filters on lists of time entries, shared by the hours list, its exports and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import access
from core.api_filters import BoundedFilterSet
from core.models import Advisor, ServiceArea
from orders.models import Billing
from timetracking.models import Activity, EntryStatus, TimeEntry


def _areas(request: Any) -> QuerySet[ServiceArea]:
    if request is None:
        return ServiceArea.objects.none()
    return access.areas_visible_to(request.user).order_by("name")


def _advisors(request: Any) -> QuerySet[Advisor]:
    return Advisor.objects.select_related("user").order_by("user__first_name", "user__last_name")


_input = {"class": "ds-input"}


class TimeEntryFilter(BoundedFilterSet):
    advisor = django_filters.ModelChoiceFilter(
        label=_("Rådgiver"),
        queryset=_advisors,
        empty_label=_("Alle rådgivere"),
        widget=forms.Select(attrs=_input),
    )
    date_from = django_filters.DateFilter(
        label=_("Fra dato"),
        field_name="date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date", **_input}),
    )
    date_to = django_filters.DateFilter(
        label=_("Til dato"),
        field_name="date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date", **_input}),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Virksomhetsområde"),
        queryset=_areas,
        empty_label=_("Alle områder"),
        widget=forms.Select(attrs=_input),
    )
    billing = django_filters.ChoiceFilter(
        label=_("Fakturering"),
        choices=Billing.choices,
        empty_label=_("Alle"),
        widget=forms.Select(attrs=_input),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=EntryStatus.choices,
        empty_label=_("Alle"),
        widget=forms.Select(attrs=_input),
    )
    activity = django_filters.ChoiceFilter(
        label=_("Aktivitet"),
        choices=Activity.choices,
        empty_label=_("Alle"),
        widget=forms.Select(attrs=_input),
    )
    order = django_filters.NumberFilter(
        label=_("Bestilling (id)"), field_name="order_id", widget=forms.HiddenInput()
    )
    plan_item = django_filters.NumberFilter(
        label=_("Tiltak (id)"), field_name="plan_item_id", widget=forms.HiddenInput()
    )

    class Meta:
        model = TimeEntry
        fields: list[str] = []

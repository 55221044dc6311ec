"""Filters and search on order lists, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import access, confidentiality
from core.api_filters import BoundedFilterSet
from core.models import Advisor, Organisation, Service, ServiceArea
from core.parsing import is_valid_id
from core.widgets import ADVISOR_VALUES, FastSelect, person_label
from orders.models import Channel, Inquiry, InquiryOutcome, Order, OrderAssignment, OrderStatus


def _several_organisations(request: Any) -> bool:
    """access.serves_several_organisations, once per request (the filter set asks
    for both the organisation and the area field)."""
    if not hasattr(request, "_bht_several_organisations"):
        request._bht_several_organisations = access.serves_several_organisations(request.user)
    return bool(request._bht_several_organisations)


def _organisations(request: Any) -> QuerySet[Organisation]:
    if request is None:
        return Organisation.objects.none()
    return access.organisations_visible_to(request.user).order_by("name")


def _areas(request: Any) -> QuerySet[ServiceArea]:
    """The areas to pick from: with several organisations, those of the chosen
    one. A BHT serving 200 organisations has 2 000 areas, too many for one list
    (and for the page: benchmarks/RESULTS.md). An area given without an
    organisation (a link, the API) is still accepted among all visible areas."""
    if request is None:
        return ServiceArea.objects.none()
    areas = access.areas_visible_to(request.user).order_by("name")
    if _several_organisations(request):
        organisation = request.GET.get("organisation", "")
        if is_valid_id(organisation):
            return areas.filter(organisation_id=organisation)
        if not request.GET.get("area"):
            return areas.none()
    return areas


class _OrganisationFirst(BoundedFilterSet):
    """Adds "Organisasjon" before "Virksomhetsområde" for those who see several
    organisations; the area list then holds the chosen organisation's areas."""

    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisasjon"),
        queryset=_organisations,
        empty_label=_("Alle organisasjoner"),
        widget=FastSelect(attrs={"class": "ds-input"}, values=("name",)),
    )

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        if request is None or not _several_organisations(request):
            del self.filters["organisation"]
        elif not request.GET.get("organisation") and not request.GET.get("area"):
            self.filters["area"].extra["help_text"] = _("Velg organisasjon først.")


def _date(label: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
        method="filter_dates",
    )


class OrderFilter(_OrganisationFirst):
    q = django_filters.CharFilter(
        label=_("Søk"),
        method="filter_text",
        widget=forms.TextInput(attrs={"class": "ds-input", "type": "search"}),
        help_text=_("Referanse eller tekst i tittel og beskrivelse"),
    )
    reference = django_filters.CharFilter(
        label=_("Referanse"),
        field_name="reference",
        lookup_expr="iexact",
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=OrderStatus.choices,
        empty_label=_("Alle statuser"),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Tjeneste"),
        queryset=Service.objects.order_by("name"),
        empty_label=_("Alle tjenester"),
        method="filter_service",
        widget=FastSelect(attrs={"class": "ds-input"}, values=("name",)),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Virksomhetsområde"),
        queryset=_areas,
        empty_label=_("Alle områder"),
        widget=FastSelect(attrs={"class": "ds-input"}, values=("name",)),
    )
    advisor = django_filters.ModelChoiceFilter(
        label=_("Rådgiver"),
        queryset=Advisor.objects.filter(is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name"),
        empty_label=_("Alle rådgivere"),
        method="filter_advisor",
        widget=FastSelect(attrs={"class": "ds-input"}, values=ADVISOR_VALUES, label=person_label),
    )
    created_from = _date(_("Fra dato"))
    created_to = _date(_("Til dato"))

    class Meta:
        model = Order
        fields = ["q", "reference", "status", "service", "organisation", "area", "advisor"]

    def filter_text(self, queryset: QuerySet[Order], name: str, value: str) -> QuerySet[Order]:
        value = value.strip()
        if not value:
            return queryset
        # Confidential orders match only on their reference: text search must
        # not reveal (or hint at) content the list hides (selectors module doc).
        return queryset.filter(
            Q(reference__icontains=value)
            | (
                confidentiality.listed_text_q()
                & (Q(title__icontains=value) | Q(description__icontains=value))
            )
        )

    def filter_service(
        self, queryset: QuerySet[Order], name: str, value: Service
    ) -> QuerySet[Order]:
        # The service says what a confidential case is about: filtering by it must
        # not find the cases whose service the reader may not see.
        queryset = queryset.filter(service=value)
        user = getattr(self.request, "user", None)
        if user is None:
            return queryset.filter(confidential=False)
        return queryset.filter(confidentiality.order_content_q(user))

    def filter_advisor(
        self, queryset: QuerySet[Order], name: str, value: Advisor
    ) -> QuerySet[Order]:
        assigned = OrderAssignment.objects.filter(advisor=value).values("order_id")
        return queryset.filter(Q(lead_advisor=value) | Q(pk__in=assigned))

    def filter_dates(self, queryset: QuerySet[Order], name: str, value: Any) -> QuerySet[Order]:
        if name == "created_from":
            return queryset.filter(created_at__date__gte=value)
        return queryset.filter(created_at__date__lte=value)


class InquiryFilter(_OrganisationFirst):
    outcome = django_filters.ChoiceFilter(
        label=_("Utfall"),
        choices=InquiryOutcome.choices,
        empty_label=_("Alle"),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Virksomhetsområde"),
        queryset=_areas,
        empty_label=_("Alle områder"),
        widget=FastSelect(attrs={"class": "ds-input"}, values=("name",)),
    )
    received_from = django_filters.DateFilter(
        label=_("Fra dato"),
        field_name="received_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )
    received_to = django_filters.DateFilter(
        label=_("Til dato"),
        field_name="received_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )

    channel = django_filters.ChoiceFilter(
        label=_("Kanal"),
        choices=Channel.choices,
        empty_label=_("Alle kanaler"),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )

    class Meta:
        model = Inquiry
        fields = ["outcome", "organisation", "area", "channel"]

"""Reference endpoints for the benchmarks, served only when BENCHMARK_VIEWS=1
(settings then use `benchmarks.urls` as the URLconf; production never has them).

* `minimal`: a logged-in page that renders the base template and makes one query
  of its own, the floor every page's p95 is compared with;
* `bare_time_entry_create`: a plain DRF create on TimeEntry with no business rules,
  the ceiling the real time-entry API's write rate is compared with.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.views.decorators.http import require_GET
from rest_framework import generics, serializers

from core.models import Organisation
from orders.models import Billing
from timetracking.models import TimeEntry

MINIMAL = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>Benchmark</h1>'
    "<p>{{ organisations }}</p>{% endblock %}"
)


@require_GET
@login_required
def minimal(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(is_active=True).count()
    return HttpResponse(MINIMAL.render({"organisations": organisations}, request))


class BareTimeEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = TimeEntry
        fields = [
            "id", "date", "hours", "activity", "order", "plan_item", "internal_activity", "note",
        ]  # fmt: skip


class BareTimeEntryCreate(generics.CreateAPIView):
    """Saves what it is given: no scoping, locks, day limit, history or alerts."""

    serializer_class = BareTimeEntrySerializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        billing = Billing.INTERNAL if data.get("internal_activity") else "fixed_price"
        serializer.save(
            advisor=self.request.user.advisor,  # type: ignore[union-attr]
            billing=billing,
            created_by=self.request.user,
        )

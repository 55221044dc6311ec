"""The URLconf when BENCHMARK_VIEWS=1: the project's URLs plus the reference views
of benchmarks/views.py. Never the URLconf of a production process."""

from django.urls import path

from benchmarks import views
from bht.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("_benchmark/minimal/", views.minimal, name="benchmark-minimal"),
    path(
        "_benchmark/time-entries/",
        views.BareTimeEntryCreate.as_view(),
        name="benchmark-time-entry-create",
    ),
    *project_urlpatterns,
]

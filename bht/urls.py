from pathlib import Path

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from bht import accessibility, views

PUBLIC_MEDIA_DIR = "photos"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("core.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("actionplans.api_urls")),
    path("api/v1/", include("orders.api_urls")),
    path("api/v1/", include("timetracking.api_urls")),
    path("api/v1/", include("reports.api_urls")),
    path("api/v1/", include("integrations.api_urls")),
    path("handlingsplaner/", include("actionplans.urls")),
    path("bestillinger/", include("orders.urls")),
    path("timer/", include("timetracking.urls")),
    path("rapporter/", include("reports.urls")),
    path("personvern/", include("privacy.urls")),
    path("kalender/", include("integrations.urls")),
    path("", views.home, name="home"),
    path("bestill/", views.order_start, name="order-start"),
    path("tilgjengelighet/", accessibility.accessibility_statement, name="accessibility"),
    path("", include("core.urls")),
]

# Photos in development (static() adds nothing unless DEBUG). Only photos: order
# attachments, plan minutes and report files live in MEDIA_ROOT too, and are served
# only by their access-checked download views (core/uploads.py), never by URL.
urlpatterns += static(
    f"{settings.MEDIA_URL}{PUBLIC_MEDIA_DIR}/",
    document_root=Path(settings.MEDIA_ROOT) / PUBLIC_MEDIA_DIR,
)

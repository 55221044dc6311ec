from pathlib import Path

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

PUBLIC_MEDIA_DIR = "photos"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("bht.api_urls")),
    path("api/v1/", include("actionplans.api_urls")),
    path("api/v1/", include("orders.api_urls")),
    path("api/v1/", include("timetracking.api_urls")),
    path("api/v1/", include("reports.api_urls")),
    path("handlingsplaner/", include("actionplans.urls")),
    path("bestillinger/", include("orders.urls")),
    path("timer/", include("timetracking.urls")),
    path("rapporter/", include("reports.urls")),
    path("personvern/", include("privacy.urls")),
    path("", include("bht.web_urls")),
]

# Photos in development (static() adds nothing unless DEBUG). Only photos: order
# attachments, plan minutes and report files live in MEDIA_ROOT too, and are served
# only by their access-checked download views (bht/uploads.py), never by URL.
urlpatterns += static(
    f"{settings.MEDIA_URL}{PUBLIC_MEDIA_DIR}/",
    document_root=Path(settings.MEDIA_ROOT) / PUBLIC_MEDIA_DIR,
)

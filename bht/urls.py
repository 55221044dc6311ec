from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

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
    path("", include("bht.web_urls")),
]

# Uploaded files (photos, attachments) in development; production serves MEDIA_ROOT
# through the web server or object storage.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

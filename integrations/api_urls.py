"""REST API of the integrations app, under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from integrations import api

router = SimpleRouter()
router.register("webhooks", api.WebhookViewSet, basename="webhook")

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from reports import api

router = SimpleRouter()
router.register("reports", api.ReportRunViewSet, basename="report")

urlpatterns = [path("", include(router.urls))]

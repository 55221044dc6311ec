from django.urls import include, path
from rest_framework.routers import SimpleRouter

from reports import api

router = SimpleRouter()
router.register("reports", api.ReportRunViewSet, basename="report")
router.register("sick-leave", api.SickLeaveViewSet, basename="sick-leave")

urlpatterns = [path("", include(router.urls))]

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from timetracking import api

router = SimpleRouter()
router.register("time-entries", api.TimeEntryViewSet, basename="time-entry")
router.register("period-locks", api.PeriodLockViewSet, basename="period-lock")
router.register("hourly-rates", api.HourlyRateViewSet, basename="hourly-rate")

urlpatterns = [path("", include(router.urls))]

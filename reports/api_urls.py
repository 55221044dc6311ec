from django.urls import include, path
from rest_framework.routers import SimpleRouter

from reports import api, meeting_api

router = SimpleRouter()
router.register("reports", api.ReportRunViewSet, basename="report")
router.register("sick-leave", api.SickLeaveViewSet, basename="sick-leave")
router.register("amu-meetings", meeting_api.AmuMeetingViewSet, basename="amu-meeting")

urlpatterns = [path("", include(router.urls))]

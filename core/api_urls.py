"""REST API of the core domain, included under /api/v1/ by bht/urls.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from core import accounts, api

router = DefaultRouter()
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register("service-areas", api.ServiceAreaViewSet, basename="service-area")
router.register("service-units", api.ServiceUnitViewSet, basename="service-unit")
router.register("departments", api.DepartmentViewSet, basename="department")
router.register("services", api.ServiceViewSet, basename="service")
router.register("competence-areas", api.CompetenceAreaViewSet, basename="competence-area")
router.register("inquiry-categories", api.InquiryCategoryViewSet, basename="inquiry-category")
router.register("advisors", api.AdvisorViewSet, basename="advisor")
router.register("main-contacts", api.MainContactViewSet, basename="main-contact")

urlpatterns = [
    path("auth/token/", accounts.token_view, name="api-token"),
    path("", include(router.urls)),
]

"""REST API under /api/v1/, its OpenAPI schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from bht import accounts, api

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
    path("api/v1/auth/token/", accounts.token_view, name="api-token"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

"""REST API of the action plans app, under /api/v1/."""

from rest_framework.routers import SimpleRouter

from actionplans import api

router = SimpleRouter()
router.register("action-plans", api.ActionPlanViewSet, basename="action-plan")
router.register("plan-items", api.PlanItemViewSet, basename="plan-item")
router.register("plan-proposals", api.ItemProposalViewSet, basename="plan-proposal")

urlpatterns = router.urls

"""REST API of the orders app, under /api/v1/."""

from rest_framework.routers import SimpleRouter

from orders import api

router = SimpleRouter()
router.register("inquiries", api.InquiryViewSet, basename="inquiry")
router.register("orders", api.OrderViewSet, basename="order")

urlpatterns = router.urls

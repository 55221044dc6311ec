# REST API of the action plans app, under /api/v1/.
urlpatterns: list = []

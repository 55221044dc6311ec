# HTML pages of the action plans app.
urlpatterns: list = []

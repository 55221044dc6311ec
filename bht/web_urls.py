# HTML pages of the core app (see bht/views.py).
urlpatterns: list = []

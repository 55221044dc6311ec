# REST API of the core app (see bht/api.py).
urlpatterns: list = []

"""Pages of the integrations app: the calendar feed and its settings, under /kalender/."""

from django.urls import path

from integrations import views

app_name = "integrations"

urlpatterns = [
    path("", views.calendar_settings, name="calendar"),
    path("<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]

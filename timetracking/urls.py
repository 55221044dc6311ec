from django.urls import path

from timetracking import views

app_name = "timetracking"

urlpatterns = [
    path("", views.timesheet, name="timesheet"),
    path("mal/", views.targets, name="targets"),
    path("celle/", views.cell, name="cell"),
    path("uke/send/", views.week_send, name="week-send"),
    path("hurtig/", views.quick_entry, name="quick-entry"),
    path("bestilling/<int:pk>/", views.order_hours, name="order-hours"),
    path("godkjenning/", views.approval, name="approval"),
    path("uke/<int:pk>/godkjenn/", views.week_approve, name="week-approve"),
    path("uke/<int:pk>/returner/", views.week_return, name="week-return"),
    path("las/", views.lock_month, name="lock-month"),
    path("las/<int:pk>/las-opp/", views.unlock_month, name="unlock-month"),
    path("liste/", views.entry_list, name="list"),
    path("liste/eksport.<str:fmt>", views.entry_export, name="export"),
    path("foring/<int:pk>/historikk/", views.entry_history, name="entry-history"),
    path("timepriser/", views.rates, name="rates"),
]

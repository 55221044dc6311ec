"""HTML pages of the action plans app, under /handlingsplaner/."""

from django.urls import path

from actionplans import views

app_name = "actionplans"

urlpatterns = [
    path("", views.board, name="board"),
    path("ny/", views.plan_create, name="plan-create"),
    path("forslag/", views.proposals, name="proposals"),
    path("forslag/<int:pk>/avgjor/", views.proposal_decide, name="proposal-decide"),
    path("tiltak/<int:pk>/", views.item_edit, name="item-edit"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/tiltak/", views.item_create, name="item-create"),
    path("<int:pk>/budsjett/", views.plan_budget, name="budget"),
    path("<int:pk>/send/", views.plan_submit, name="submit"),
    path("<int:pk>/tilbakemelding/", views.plan_feedback, name="feedback"),
    path("<int:pk>/behandling/", views.plan_consult, name="consult"),
    path("<int:pk>/protokoll/<int:approval_id>/", views.minutes_download, name="minutes-download"),
    path("<int:pk>/signer/", views.plan_sign, name="sign"),
    path("<int:pk>/godkjenn/", views.plan_approve, name="approve"),
    path("<int:pk>/revider/", views.plan_revise, name="revise"),
    path("<int:pk>/avslutt/", views.plan_close, name="close"),
    path("<int:pk>/status/", views.plan_status_review, name="status-review"),
]

from django.urls import path

from reports import meeting_views, trend_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("sykefravaer/", views.sick_leave_upload, name="sick-leave"),
    path("amu-moter/", meeting_views.meeting_list, name="meetings"),
    path("amu-moter/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("amu-moter/<int:pk>/sak/", meeting_views.meeting_item_add, name="meeting-item-add"),
    path(
        "amu-moter/<int:pk>/sak/<int:item_pk>/vedtak/",
        meeting_views.meeting_item_decide,
        name="meeting-item-decide",
    ),
    path(
        "amu-moter/<int:pk>/oppmote/", meeting_views.meeting_attendance, name="meeting-attendance"
    ),
    path("amu-moter/<int:pk>/godkjenn/", meeting_views.meeting_approve, name="meeting-approve"),
    path("amu-moter/<int:pk>/protokoll/", meeting_views.meeting_minutes, name="meeting-minutes"),
    path("arshjul/", meeting_views.annual_cycle, name="annual-cycle"),
    path("bht-opplaering/", meeting_views.training_register, name="training"),
    path("trender/", trend_views.trends_page, name="trends"),
    path("referansetall/", trend_views.reference_upload, name="reference"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/status/", views.run_status, name="run-status"),
    path("<int:pk>/prov-igjen/", views.run_retry, name="retry"),
    path("<int:pk>/vis/", views.view_html, name="html"),
    path("<int:pk>/frigi/", views.run_release, name="release"),
    path("<int:pk>/fil/<str:fmt>/", views.download, name="download"),
    path("<int:pk>/kommentar/", views.comment_add, name="comment"),
    path("<int:pk>/behandling/", views.review_record, name="review"),
]

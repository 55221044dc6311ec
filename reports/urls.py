from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("sykefravaer/", views.sick_leave_upload, name="sick-leave"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/status/", views.run_status, name="run-status"),
    path("<int:pk>/prov-igjen/", views.run_retry, name="retry"),
    path("<int:pk>/vis/", views.view_html, name="html"),
    path("<int:pk>/frigi/", views.run_release, name="release"),
    path("<int:pk>/fil/<str:fmt>/", views.download, name="download"),
    path("<int:pk>/kommentar/", views.comment_add, name="comment"),
    path("<int:pk>/behandling/", views.review_record, name="review"),
]

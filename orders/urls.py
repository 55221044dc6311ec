"""HTML pages of the orders app, under /bestillinger/ (paths in Norwegian, like the interface)."""

from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("ny/", views.order_create, name="create"),
    path("arbeidsko/", views.work_queue, name="queue"),
    path("<int:pk>/", views.order_detail, name="detail"),
    path("<int:pk>/endre/", views.order_edit, name="edit"),
    path(
        "<int:pk>/vedlegg/<int:event_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("<int:pk>/<slug:action>/", views.order_action, name="action"),
    path("henvendelser/", views.inquiry_list, name="inquiry-list"),
    path("henvendelser/ny/", views.inquiry_create, name="inquiry-create"),
    path("henvendelser/<int:pk>/", views.inquiry_detail, name="inquiry-detail"),
    path("henvendelser/<int:pk>/<slug:action>/", views.inquiry_action, name="inquiry-action"),
    path("be-om-rad/", views.advice_request, name="advice"),
    path("sok/personer/", views.search_people, name="search-people"),
    path("sok/avdelinger/", views.search_departments, name="search-departments"),
]

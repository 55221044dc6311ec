"""Pages under /personvern/ (privacy/views.py)."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_page, name="page"),
    path("personer/", views.person_search, name="search"),
    path("personer/<str:username>/", views.person_detail, name="person"),
    path("personer/<str:username>/eksport.json", views.person_json, name="person-json"),
    path("personer/<str:username>/eksport.pdf", views.person_pdf, name="person-pdf"),
    path("personer/<str:username>/slett/", views.person_erase, name="person-erase"),
    # A person without a login, by name (?navn=...).
    path("navn/", views.person_detail, name="named"),
    path("navn/eksport.json", views.person_json, name="named-json"),
    path("navn/eksport.pdf", views.person_pdf, name="named-pdf"),
    path("navn/slett/", views.person_erase, name="named-erase"),
]

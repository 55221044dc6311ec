"""HTML pages of the core domain (core/views.py). Paths are Norwegian, like the interface."""

from django.contrib.auth import views as auth_views
from django.urls import path

from core import accounts, views

urlpatterns = [
    path("logg-inn/", accounts.LoginView.as_view(), name="login"),
    # Single sign-on (OpenID Connect); answers 404 unless OIDC_RP_CLIENT_ID is set.
    path("oidc/authenticate/", accounts.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", accounts.oidc_callback, name="oidc_authentication_callback"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tjenester/", views.catalogue, name="catalogue"),
    path("organisasjon/", views.organisation_list, name="organisation-list"),
    path("organisasjon/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("organisasjon/<slug:slug>/omrader/<int:pk>/", views.area_detail, name="area-detail"),
    path(
        "organisasjon/<slug:slug>/omrader/<int:pk>/hovedkontakt/",
        views.area_main_contact,
        name="area-main-contact",
    ),
    path("bht/", views.bht_profile, name="bht-profile"),
    path("tilgangslogg/", views.access_log, name="access-log"),
]

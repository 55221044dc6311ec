"""Accounts: login throttling (django-axes), idle sessions and single sign-on (OpenID Connect).

See docs/security.md, "Accounts". Everything here is configured from the
environment in bht/settings.py.
"""

from __future__ import annotations

import datetime
import functools
import logging
import math
from typing import Any

import jwt
import requests
from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)
from rest_framework import exceptions, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from core import selectors
from core.forms import LoginForm
from core.models import User

logger = logging.getLogger(__name__)


# --- login throttling --------------------------------------------------------


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a login while its username and address are locked out (django-axes).

    Every login over HTTP passes the request (the login page, the API's token
    endpoint, the single sign-on callback). Code that authenticates without one
    (the test client's `login()`, a shell) is not throttled instead of failing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: behind our TLS proxy, the one the proxy appended last."""
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def locked_until(username: str | None, ip_address: str | None) -> datetime.datetime | None:
    """When the lockout of this username (from this address) ends."""
    cool_off = get_cool_off()
    if cool_off is None:
        return None
    attempts = AccessAttempt.objects.filter(username=username)
    if ip_address:
        attempts = attempts.filter(ip_address=ip_address)
    last = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    if last is None:
        return None
    return last + cool_off


def lockout_message(until: datetime.datetime | None) -> str:
    text = _(
        "Etter %(limit)s mislykkede innlogginger på rad er innlogging med dette "
        "brukernavnet sperret en stund. Det beskytter kontoen mot noen som prøver å "
        "gjette passordet."
    ) % {"limit": settings.AXES_FAILURE_LIMIT}
    if until is not None:
        when = date_format(timezone.localtime(until), "H:i")
        minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
        text += " " + ngettext(
            "Du kan prøve igjen kl. %(time)s (om %(minutes)s minutt).",
            "Du kan prøve igjen kl. %(time)s (om %(minutes)s minutter).",
            minutes,
        ) % {"time": when, "minutes": minutes}
    return text


def lockout_detail(until: datetime.datetime | None) -> str:
    """The lockout explained in one text (the API's answer): what, until when, whom to ask."""
    parts = [_("Kontoen er midlertidig sperret") + ".", lockout_message(until)]
    parts.append(_("Har du glemt passordet, eller var det ikke du som prøvde? Ta kontakt med BHT."))
    profile = selectors.bht_profile()
    if profile is not None and profile.phone:
        parts.append(f"{_('Telefon')}: {profile.phone}.")
    if profile is not None and profile.email:
        parts.append(f"{_('E-post')}: {profile.email}.")
    return " ".join(parts)


def retry_after(until: datetime.datetime | None) -> int | None:
    """Seconds until the lockout ends (the Retry-After header); the whole cool-off if unknown."""
    if until is None:
        cool_off = get_cool_off()
        return None if cool_off is None else math.ceil(cool_off.total_seconds())
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """What a locked-out login sees (AXES_LOCKOUT_CALLABLE): the login page, explained."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    until = locked_until(username, client_ip(request))
    message = lockout_message(until)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_detail(until)}, status=429)
        seconds = retry_after(until)
        if seconds is not None:
            response["Retry-After"] = str(seconds)
        return response
    form = LoginForm(request, initial={"username": username or ""})
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "locked_out": message,
        "oidc_enabled": settings.OIDC_ENABLED,
        "oidc_label": settings.OIDC_LOGIN_LABEL,
    }
    return render(request, "registration/login.html", context, status=429)


# --- the API's token endpoint ----------------------------------------------------


class LoginLocked(exceptions.APIException):
    """429 with the lockout explained; DRF sends `wait` as the Retry-After header."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "login_locked"

    def __init__(self, detail: str, wait: int | None) -> None:
        super().__init__(detail)
        self.wait = wait


class TokenView(ObtainAuthToken):
    """A token for a username and password.

    Throttled like the login page: after too many failed logins in a row for a
    username from one address, that combination is locked for a while and gets
    429 (with `Retry-After`), even with the right password.
    """

    # The lockout is django-axes' own (username + address, shared with the login
    # page). Axes marks the DRF request, which its middleware never sees, so the
    # view answers the lockout itself instead of the 400 of a wrong password.
    schema_error_codes = ("429",)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                username = (getattr(request, "axes_credentials", None) or {}).get("username")
                until = locked_until(username, client_ip(request))
                raise LoginLocked(lockout_detail(until), retry_after(until))
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        # What axes does on user_logged_in (AXES_RESET_ON_SUCCESS), without the
        # session its access log would open for a client that has none.
        if getattr(settings, "AXES_ENABLED", True) and settings.AXES_RESET_ON_SUCCESS:
            handler = AxesProxyHandler.get_implementation()
            if hasattr(handler, "reset_user_attempts"):
                AxesProxyHandler.update_request(request)
                handler.reset_user_attempts(request, {"username": user.get_username()})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


token_view = TokenView.as_view()


# --- single sign-on (OpenID Connect) -----------------------------------------

# Settings that may come from the provider's discovery document instead.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_ISSUER": "issuer",
}


@functools.lru_cache(maxsize=4)
def _discovery(url: str) -> dict[str, Any]:
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    return document


def oidc_setting(attr: str, *default: Any) -> Any:
    """A setting of mozilla-django-oidc; endpoints fall back to OIDC_OP_DISCOVERY_URL."""
    value = getattr(settings, attr, None)
    if value in (None, "") and attr in _DISCOVERED and settings.OIDC_OP_DISCOVERY_URL:
        value = _discovery(settings.OIDC_OP_DISCOVERY_URL).get(_DISCOVERED[attr])
    if value in (None, ""):
        if default:
            return default[0]
        raise ImproperlyConfigured(f"Setting {attr} not found")
    return value


class OIDCBackend(OIDCAuthenticationBackend):
    """Logs in an existing user after the identity provider has vouched for them.

    The provider's user is matched to exactly one active user by e-mail, or else
    by username (`preferred_username` / `upn`, with or without the domain). No user
    is ever created: roles are given in BHT-CRM, not by the provider.
    """

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        """A refused token or an unreachable provider is a failed login, not an error page."""
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as exc:
            logger.warning("single sign-on refused: %s", exc)
            return None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("email") or _login_names(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        active = User.objects.filter(is_active=True)
        email = (claims.get("email") or "").strip()
        if email:
            by_email = active.filter(email__iexact=email)
            if by_email.exists():
                return by_email
        names = _login_names(claims)
        if not names:
            return User.objects.none()
        query = active.none()
        for name in names:
            query = query | active.filter(username__iexact=name)
        return query

    def create_user(self, claims: dict[str, Any]) -> Any:
        raise SuspiciousOperation("OIDC users are never created automatically")

    def _verify_jws(self, payload: Any, key: Any) -> Any:
        """Checks signature, expiry, audience (our client id) and issuer, if known."""
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The provider's signing algorithm is not the expected one")
        issuer = self.get_settings("OIDC_OP_ISSUER", None)
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[alg],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=issuer,
                options={"verify_iss": bool(issuer)},
                leeway=60,
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token rejected: {exc}") from exc


def _login_names(claims: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for key in ("preferred_username", "upn"):
        value = (claims.get(key) or "").strip()
        if value:
            names.append(value)
            if "@" in value:
                names.append(value.split("@", 1)[0])
    return names


class _RequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)


class _CallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Innloggingen med Microsoft Entra ID lyktes ikke, eller brukeren din finnes "
                "ikke i BHT-CRM. Ta kontakt med BHT, så gir vi deg tilgang."
            ),
        )
        return super().login_failure()


def _only_when_enabled(view: Any) -> Any:
    def wrapped(request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        response: HttpResponse = view(request)
        return response

    return wrapped


oidc_authenticate = _only_when_enabled(_RequestView.as_view())
oidc_callback = _only_when_enabled(_CallbackView.as_view())


# --- the login page ------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login with our form; offers single sign-on when it is configured."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["oidc_label"] = settings.OIDC_LOGIN_LABEL
        return context

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django.utils import translation
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Norwegian bokmål unless the user chose another language with the switch.

    Replaces Django's LocaleMiddleware, which would follow the browser's
    Accept-Language: many municipal PCs run an English Windows, and their users
    still expect the Norwegian interface.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY on every response (all environments).

    Scripts come only from our own origin: no inline <script>, no on* attributes,
    no eval (htmx runs with allowEval off; see templates/base.html). Paths in
    CONTENT_SECURITY_POLICY_PATHS (prefix -> policy) get their own policy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.by_path = sorted(
            settings.CONTENT_SECURITY_POLICY_PATHS.items(), key=lambda item: -len(item[0])
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response.headers:
            policy = next(
                (p for prefix, p in self.by_path if request.path.startswith(prefix)), self.policy
            )
            response.headers["Content-Security-Policy"] = policy
        return response


def start_idle_clock(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """The idle clock starts at login (connected in BhtConfig.ready), so that the
    first page after it does not have to write the session."""
    if getattr(request, "session", None) is not None:
        request.session["last_activity"] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Logs a user out after SESSION_IDLE_TIMEOUT seconds without a request.

    SESSION_COOKIE_AGE caps a login's length; this ends a login left open on a
    shared PC sooner. The last activity is written at most once a minute.
    """

    WRITE_EVERY = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.SESSION_IDLE_TIMEOUT
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity")
            if last is not None and now - int(last) > timeout:
                logout(request)
                messages.info(
                    request,
                    _("Du ble logget ut fordi du ikke har vært aktiv på %(minutes)s minutter.")
                    % {"minutes": timeout // 60},
                )
                if request.headers.get("HX-Request"):
                    # An htmx fragment: send the whole page to the login, not the fragment.
                    return HttpResponse(headers={"HX-Redirect": resolve_url(settings.LOGIN_URL)})
                if not request.path.startswith("/api/"):
                    return redirect_to_login(request.get_full_path())
            elif last is None or now - int(last) >= self.WRITE_EVERY:
                request.session["last_activity"] = now
        return self.get_response(request)


NUL = "\x00"


class RefuseNulMiddleware:
    """No value a request sends may hold a NUL character (U+0000).

    PostgreSQL can neither store NUL in text nor compare text with it, so a search
    (`/timer/mal/?sok=`), a name or a comment with one answered 500 there wherever a
    view read the value itself (SQLite did not mind). Nobody types it: it is refused
    here, before any view runs, with a 400 that names each field. This is the one home
    of the rule for query strings and form posts; Django's form fields and DRF's
    CharField refuse it too, and an API's JSON body is left to DRF. An API answer is
    JSON with a message per field, as the schema says; a page answer is the error
    summary every form shows.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = self._fields_with_nul(request)
        if not fields:
            return self.get_response(request)
        message = _("Inneholder et tegn som ikke kan lagres (NUL). Fjern det og prøv igjen.")
        if request.path.startswith("/api/"):
            return JsonResponse({field: [message] for field in fields}, status=400)
        errors = [(field, message) for field in fields]
        return render(request, "bht/refused_input.html", {"errors": errors}, status=400)

    @staticmethod
    def _fields_with_nul(request: HttpRequest) -> list[str]:
        found: dict[str, None] = {}
        sources = [request.GET]
        form_post = request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        )
        if form_post and not request.path.startswith("/api/"):
            sources.append(request.POST)
        for data in sources:
            for key, values in data.lists():
                if NUL in key or any(NUL in value for value in values):
                    found[key.replace(NUL, "")] = None
        return list(found)

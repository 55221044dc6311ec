"""BHT-CRM settings, read from the environment (see README.md, "Configuration").

Defaults give a self-contained development setup: SQLite in the project folder,
Celery tasks executed eagerly, e-mail printed to the console.
"""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from bht.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", True)
SECRET_KEY = envstr("SECRET_KEY", "dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    # The core domain, app label "bht" (core/apps.py), then the apps above it.
    "core.apps.CoreConfig",
    "actionplans",
    "orders",
    "timetracking",
    "reports",
    # Webhooks, calendar feeds, the API's `me` (README, "Integrations").
    "integrations",
    # The GDPR duties read every app above (docs/privacy.md).
    "privacy",
    # Journal and Noark 5 archive extract: reads every app above (docs/archive.md).
    "archive",
    # The project package: start pages, cross-app commands (bht/apps.py).
    "bht.apps.ProjectConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bht.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bht.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records request.user as the author of every audit-history row (docs/audit.md).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bht.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A NUL character in any query or form value is a 400 before a view runs (PostgreSQL
    # cannot hold or compare it).
    "bht.middleware.RefuseNulMiddleware",
    # Last: turns a locked-out login into the explained login page (core/accounts.py).
    "axes.middleware.AxesMiddleware",
]

# The admin shows the audit history but may not revert to an old version: a revert
# would bypass the services' rules (locked months, plan states). docs/audit.md
SIMPLE_HISTORY_REVERT_DISABLED = True

# BENCHMARK_VIEWS=1 (benchmarks/ only) adds reference views for the benchmarks
# through their own URLconf; the project's URLconf never contains them.
BENCHMARK_VIEWS = envbool("BENCHMARK_VIEWS", False)
ROOT_URLCONF = "benchmarks.urls" if BENCHMARK_VIEWS else "bht.urls"
WSGI_APPLICATION = "bht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bht.context_processors.navigation",
            ],
        },
    },
]

# DATABASE_URL: sqlite:////abs/path.sqlite3 or postgres://user@host:5432/name (psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several web requests and a worker may write at once; wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif envstr("PG_RANDOM_PAGE_COST", "1.1"):
    # A BHT's database fits in memory, where an index probe costs about what a
    # sequential read does. With PostgreSQL's default (4, for spinning disks) the
    # list filters hash-joined 300 advisors against all 28 700 users: 7 ms
    # instead of 1 (benchmarks/RESULTS.md). Empty = the server's own setting
    # (behind pgbouncer, which does not pass startup options; docs/scaling.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={envstr('PG_RANDOM_PAGE_COST', '1.1')}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "bht.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 8)  # one working day
# Shared PCs: the login ends with the browser, and after an hour without a request.
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", 60 * 60)  # seconds; 0 turns it off
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    # The proxy terminates TLS and says so in this header; trust it only behind one.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Web security headers (docs/security.md, "Web security"). HTTPS-only in production.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own origin: no inline scripts, no event attributes, no eval.
# Styles allow inline style attributes (progress bars set their width).
CONTENT_SECURITY_POLICY = envstr(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
CONTENT_SECURITY_POLICY_PATHS = {
    # Swagger UI (drf-spectacular) loads its bundle from jsDelivr; still no inline script.
    "/api/docs/": "default-src 'self'; script-src 'self' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://cdn.jsdelivr.net; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'",
}

# Login throttling (django-axes): LOGIN_FAILURE_LIMIT failed logins in a row lock
# the username from that address for LOGIN_LOCKOUT_MINUTES. LOGIN_LOCKOUT_BY lists
# alternatives separated by commas, each a "+"-joined combination of username,
# ip_address and user_agent.
AUTHENTICATION_BACKENDS = [
    "core.accounts.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
# Login records are personal data: core.tasks.prune_login_records deletes older ones nightly.
LOGIN_RECORDS_DAYS = envint("LOGIN_RECORDS_DAYS", 90)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [
    alternative.split("+") for alternative in envlist("LOGIN_LOCKOUT_BY", ["username+ip_address"])
]
AXES_RESET_ON_SUCCESS = True
# Tries during a lockout do not move its end: the page can say when to try again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "core.accounts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.accounts.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Single sign-on through OpenID Connect (Microsoft Entra ID or another provider);
# off unless OIDC_RP_CLIENT_ID is set. Endpoints are given one by one or read from
# OIDC_OP_DISCOVERY_URL. Users are matched by e-mail or username, never created.
OIDC_RP_CLIENT_ID = envstr("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = envstr("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY_URL = envstr("OIDC_OP_DISCOVERY_URL", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = envstr("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = envstr("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = envstr("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = envstr("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_ISSUER = envstr("OIDC_OP_ISSUER", "")
OIDC_RP_SIGN_ALGO = envstr("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = envstr("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10)
OIDC_LOGIN_LABEL = envstr("OIDC_LOGIN_LABEL", "Microsoft Entra ID")
LOGIN_REDIRECT_URL_FAILURE = "/logg-inn/"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("core.accounts.OIDCBackend")

# The interface is written in Norwegian bokmål (the source language of every
# message); English is a translation catalogue in bht/locale.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "bht" / "locale"]
# English words, Norwegian dates and numbers (bht/formats/en/formats.py).
FORMAT_MODULE_PATH = ["bht.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
# Largest accepted upload (attachments, plan minutes); types: core/uploads.py.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files and report files: the local MEDIA_ROOT by default, or S3-compatible
# object storage (AWS, MinIO, Ceph, a cloud provider's) with MEDIA_STORAGE=s3.
MEDIA_STORAGE = envstr("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    if not envstr("S3_BUCKET"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET"),
            "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
            "region_name": envstr("S3_REGION") or None,
            "access_key": envstr("S3_ACCESS_KEY_ID") or None,
            "secret_key": envstr("S3_SECRET_ACCESS_KEY") or None,
            "location": envstr("S3_PREFIX"),
            # Private objects; downloads go through the views that check access.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}")

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "BHT-CRM <bht@example.no>")

# E-mail in (docs: README "Integrations"): `import_mail PATH` and, when
# MAIL_IN_IMAP_HOST is set, a Celery beat poller that reads unseen messages.
MAIL_IN_IMAP_HOST = envstr("MAIL_IN_IMAP_HOST", "")
MAIL_IN_IMAP_PORT = envint("MAIL_IN_IMAP_PORT", 993)
MAIL_IN_IMAP_SSL = envbool("MAIL_IN_IMAP_SSL", True)
MAIL_IN_IMAP_USER = envstr("MAIL_IN_IMAP_USER", "")
MAIL_IN_IMAP_PASSWORD = envstr("MAIL_IN_IMAP_PASSWORD", "")
MAIL_IN_IMAP_MAILBOX = envstr("MAIL_IN_IMAP_MAILBOX", "INBOX")
# The organisation (slug) an e-mail or accessibility feedback belongs to when its
# sender is not a user; empty: the only organisation, if there is just one.
INQUIRY_DEFAULT_ORGANISATION = envstr("INQUIRY_DEFAULT_ORGANISATION", "")
# Feedback messages accepted per client address and hour on /tilgjengelighet/.
ACCESSIBILITY_FEEDBACK_PER_HOUR = envint("ACCESSIBILITY_FEEDBACK_PER_HOUR", 5)

# Celery: without a broker, tasks run in-process (development, the SQLite test run).
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies mid-way goes back to the queue (with acks_late,
# Celery would otherwise acknowledge it as failed); every task is idempotent.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis: a task taken by a worker that died unacknowledged is delivered again
    # after this many seconds. Keep it above the longest task, or a slow task is
    # started twice (harmless, but wasted work). docs/reliability.md
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 60 * 60),
    # How often (seconds × throttle) a worker looks for such tasks.
    "unacked_restore_interval": envint("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": envint("CELERY_UNACKED_RESTORE_THROTTLE", 10),
}
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes anonymous calls answer 401.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON numbers beyond a float (1e999) stay finite: core/api_parsers.py.
    "DEFAULT_PARSER_CLASSES": [
        "core.api_parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api_filters.BoundedFilterBackend",
        # Sort and search only by what each list declares (400 otherwise): core/api_filters.py
        "core.api_filters.DeclaredSearchFilter",
        "core.api_filters.DeclaredOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberWithSizePagination",
    "PAGE_SIZE": envint("API_PAGE_SIZE", 50),
    # AutoSchema with the 400/401/403/404 answers of every operation (bht/api_schema.py).
    "DEFAULT_SCHEMA_CLASS": "bht.api_schema.ApiSchema",
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BHT-CRM API",
    "DESCRIPTION": "Orders, action plans, hours and reports of an occupational health service.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several apps have a choice field called "status"; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.OrderStatus",
        "DeclineReasonEnum": "orders.models.DeclineReason",
        "PlanStatusEnum": "actionplans.models.PlanStatus",
        "PlanItemStatusEnum": "actionplans.models.ItemStatus",
        "ProposalStatusEnum": "actionplans.models.ProposalStatus",
        "EventKindEnum": "orders.models.EventKind",
        "ReportKindEnum": "reports.models.ReportKind",
        "AgendaKindEnum": "reports.models.AgendaKind",
    },
}

# Webhooks (README, "Webhooks"): receivers on loopback (http or https) are allowed
# only with DEBUG or this setting; the private ranges only with WEBHOOKS_ALLOW_PRIVATE;
# link-local, multicast and reserved ranges never (SSRF; integrations.webhooks).
# Failed deliveries are retried after 30 s, 1, 2, 4 ... minutes (at most 6 hours
# apart) until WEBHOOKS_MAX_ATTEMPTS.
WEBHOOKS_ALLOW_LOOPBACK = envbool("WEBHOOKS_ALLOW_LOOPBACK", False)
WEBHOOKS_ALLOW_PRIVATE = envbool("WEBHOOKS_ALLOW_PRIVATE", False)
WEBHOOKS_TIMEOUT_SECONDS = envint("WEBHOOKS_TIMEOUT_SECONDS", 5)
WEBHOOKS_MAX_ATTEMPTS = envint("WEBHOOKS_MAX_ATTEMPTS", 8)
WEBHOOKS_BACKOFF_SECONDS = envint("WEBHOOKS_BACKOFF_SECONDS", 30)

# Retention in years per record type (docs/privacy.md); 0 keeps the records.
# The nightly sweep (privacy_retention) pseudonymises what has passed its period.
PRIVACY_RETENTION_YEARS = {
    # Confidential orders and inquiries about individual employees, after closing.
    "individual_order": envint("PRIVACY_RETENTION_INDIVIDUAL_ORDER_YEARS", 5),
    "individual_inquiry": envint("PRIVACY_RETENTION_INDIVIDUAL_INQUIRY_YEARS", 5),
    # Other orders and inquiries (the BHT's log of its work), after closing.
    "order": envint("PRIVACY_RETENTION_ORDER_YEARS", 10),
    "inquiry": envint("PRIVACY_RETENTION_INQUIRY_YEARS", 10),
    # User accounts, after the last role has ended.
    "user": envint("PRIVACY_RETENTION_USER_YEARS", 3),
    # Access-log rows, after the read.
    "access_log": envint("PRIVACY_RETENTION_ACCESS_LOG_YEARS", 5),
}
# Whom users contact about their personal data (privacy page); e-mail addresses.
PRIVACY_CONTACT_EMAIL = envstr("PRIVACY_CONTACT_EMAIL", "")
PRIVACY_OFFICER_EMAIL = envstr("PRIVACY_OFFICER_EMAIL", "")


# The code version a report run records with its frozen document (reports frozen
# as made). Set APP_VERSION at deploy (e.g. the git commit); the package version otherwise.
def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bht-crm")
    except PackageNotFoundError:
        return "dev"


APP_VERSION = envstr("APP_VERSION", "") or _package_version()
# Report files (PDF, XLSX, CSV) and the stored document are deleted this many years
# after the run finished; the run row and its data fingerprint are kept.
REPORT_FILE_RETENTION_YEARS = envint("REPORT_FILE_RETENTION_YEARS", 10)

# The password every demo login gets from `seed_demo`.
DEMO_PASSWORD = envstr("DEMO_PASSWORD", "demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint's font subsetting logs every glyph at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}

"""Django settings for ATIS. Every value an operator may change comes from the environment
(see `atis/config.py` and docs/admin-guide.md)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from atis import config
from atis.config import BASE_DIR, VAR_DIR

config.load_env_file()
DEBUG = config.debug()
SECRET_KEY = config.secret_key()
ALLOWED_HOSTS = config.allowed_hosts()
FIELD_KEYS = config.field_keys()
BLIND_INDEX_KEYS = config.blind_index_keys()
BLIND_INDEX_KEY = BLIND_INDEX_KEYS[0].key
AUDIT_KEYS = config.audit_keys()
AUDIT_CHECKPOINT_DIR = config.audit_checkpoint_dir()
DISCLOSURE_THRESHOLD = config.integer("ATIS_DISCLOSURE_THRESHOLD", 3, minimum=1)
# Who may publish a release of the annual statistics: the Centre's managers, the National
# Rapporteur, or both (docs/admin-guide.md §Statistics releases).
RELEASE_PUBLISHERS = frozenset(config.choice(
    "ATIS_RELEASE_PUBLISHERS", ("centre_manager", "rapporteur", "centre_manager,rapporteur",
                                "rapporteur,centre_manager"), "centre_manager").split(","))
# Requests a minute that one client address (or signed-in user) may make to the public
# statistics: the page, the downloads of releases and their API.
PUBLIC_RATE = config.integer("ATIS_PUBLIC_RATE", 60, minimum=1)
# k of the anonymised case-level dataset a release may include (11, as IOM's CTDC uses).
CTDC_K = config.integer("ATIS_CTDC_K", 11, minimum=2)
# How long computed statistics are kept for the pages, the API and the dashboards.
STATISTICS_CACHE_SECONDS = config.integer("ATIS_STATISTICS_CACHE_SECONDS", 600, minimum=0)
# Days within which the Centre aims to decide an identification (children and foreign
# nationals: particular urgency).
IDENTIFICATION_DAYS = config.integer("ATIS_IDENTIFICATION_DAYS", 30, minimum=1)
IDENTIFICATION_URGENT_DAYS = config.integer("ATIS_IDENTIFICATION_URGENT_DAYS", 10, minimum=1)
# Hours within which a notification should be acknowledged; days before a release within
# which the risk assessment opens; days after which a coordination group is overdue.
NOTIFICATION_ACK_HOURS = config.integer("ATIS_NOTIFICATION_ACK_HOURS", 48, minimum=1)
RISK_ASSESSMENT_DAYS = config.integer("ATIS_RISK_ASSESSMENT_DAYS", 14, minimum=0)
CONTACT_STALE_DAYS = config.integer("ATIS_CONTACT_STALE_DAYS", 180, minimum=1)
# Days after a resident leaves during which the Shelter still sees their file (hand-over and
# aftercare paperwork); 0 ends its access the day the stay ends.
SHELTER_GRACE_DAYS = config.integer("ATIS_SHELTER_GRACE_DAYS", 30, minimum=0)
# The first year ATIS holds records for (the Centre's files start in 2012; older case files
# may be imported), and the hours an API request's Idempotency-Key is remembered.
FIRST_YEAR = config.integer("ATIS_FIRST_YEAR", 2000, minimum=1900)
IDEMPOTENCY_HOURS = config.integer("ATIS_IDEMPOTENCY_HOURS", 24, minimum=1)
# The longest an API token lives, however it was made (also caps `atis tokens create`).
TOKEN_HOURS = config.integer("ATIS_TOKEN_HOURS", 10, minimum=1)

DATABASES = {"default": config.database(f"sqlite:///{VAR_DIR / 'atis.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "atis.core",
    "atis.reference",
    "atis.audit",
    "atis.people",
    "atis.intake",
    "atis.identification",
    "atis.protection",
    "atis.justice",
    "atis.coordination",
    "atis.statistics",
    "atis.monitoring",
    "atis.imports",
    "atis.search",
    "atis.web",
    "atis.jobs",
    "huey.contrib.djhuey",
    "django_prometheus",
    "atis.accounts",
    "django.forms",  # last: ATIS's widget templates override Django's own
]

MIDDLEWARE = [
    "atis.web.health.HealthMiddleware",  # /healthz, /readyz, /metrics: before the host check
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "atis.core.request_log.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "atis.core.http_guard.NoStoreMiddleware",  # all but static files: Cache-Control no-store
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "atis.core.http_guard.InputGuardMiddleware",  # NUL, out-of-range ids → 400
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "atis.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "atis.accounts.middleware.IdleTimeoutMiddleware",
    "atis.accounts.middleware.MFARequiredMiddleware",
    "atis.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "atis.urls"
WSGI_APPLICATION = "atis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "atis.web.context_processors.navigation",
            ],
        },
    },
]

FORM_RENDERER = "atis.web.rendering.FormRenderer"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["atis.accounts.backends.LockoutBackend",
                           "atis.core.auth.MembershipBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("sr-latn", "Srpski (latinica)"),
    ("sr", "Српски (ћирилица)"),
]
LOCALE_PATHS = [BASE_DIR / "atis" / "locale"]
LANGUAGE_COOKIE_NAME = "atis_language"
TIME_ZONE = "Europe/Belgrade"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Security. Cookies and HSTS are strict outside development; CSP forbids inline scripts.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = config._flag("ATIS_SSL_REDIRECT", default=True)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

REST_FRAMEWORK = {
    # Token first: an anonymous call is answered 401 with `WWW-Authenticate: Token`
    # (DRF takes the header from the first class; the session class has none → 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "atis.accounts.api_auth.TokenAuthentication",
        "atis.accounts.api_auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated",
                                   "atis.core.api_strict.RefuseUnknownInput",
                                   "atis.core.token_lifetime.WithinTokenLifetime"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "atis.core.api_paging.BoundedPageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "atis.core.api_errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    "UNAUTHENTICATED_USER": None,
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=TOKEN_HOURS),
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ATIS API",
    "DESCRIPTION": _("The REST API of ATIS, the anti-trafficking information system."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "atis.core.api_schema.add_error_responses"],
}

# Logs carry no personal data and no request bodies: only what happened and where.
# Logs: one JSON object a line (`ATIS_LOG_FORMAT=json`, the default in production) or plain
# text, each with the request's id, the user's id and role (atis/core/request_log.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "atis.core.request_log.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user_id)s "
                            "%(role)s] %(message)s"},
        "json": {"()": "atis.core.request_log.JsonLinesFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request"],
                             "formatter": config.choice("ATIS_LOG_FORMAT", ("json", "plain"),
                                                        "plain" if DEBUG else "json")}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"atis": {"level": "INFO"}},
}

# Sign-in protection (atis.accounts; docs/admin-guide.md §Sign-in protection). Failed sign-ins
# are counted in the database (django-axes), so the lock-out holds across processes and
# servers; the client address is taken from X-Forwarded-For only when the request comes from
# one of ATIS_TRUSTED_PROXIES.
CACHES = {"default": config.cache()}
# The job queue and its scheduler (atis.jobs; `atis run_huey` is the consumer).
HUEY = config.jobs()
TRUSTED_PROXIES = config.trusted_proxies()
# Who may read /metrics (atis/web/metrics.py): the monitoring system's addresses.
METRICS_FROM = config.networks("ATIS_METRICS_FROM", "127.0.0.1,::1")
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = config.integer("ATIS_LOGIN_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=config.integer("ATIS_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that, without the address, rotating User-Agents escapes the count: not so
# with the database handler, which sums an account's failures over every address and agent.
# The address is left out on purpose: a whole office behind one NAT address must not be
# locked out by one person's typing (the token endpoint is throttled per address as well).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "atis.core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "atis.accounts.lockout.locked_out"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Two-step verification: `required` for every role that sees identities and for
# administrators, or `optional` (the default in development, so `make demo` is not forced).
MFA_POLICY = config.choice("ATIS_MFA", ("required", "optional"),
                           "optional" if DEBUG else "required")
OTP_TOTP_ISSUER = "ATIS"
# Idle sessions end after ATIS_IDLE_MINUTES without a request (besides SESSION_COOKIE_AGE).
IDLE_MINUTES = config.integer("ATIS_IDLE_MINUTES", 30, minimum=1)

"""Settings for motcua, read from environment variables (see .env.example).

Demo defaults are safe on one machine; with MOTCUA_ENV=production every secret
must be given and the insecure defaults are refused.
"""

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua.env import env_bool, env_int, env_list, env_required, env_str, refuse_demo_values

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))

MOTCUA_ENV = env_str("MOTCUA_ENV", "development")
PRODUCTION = MOTCUA_ENV == "production"

if PRODUCTION:
    # The published demo secrets, DEBUG=true and ALLOWED_HOSTS=* stop the start-up (review M4).
    refuse_demo_values()
    SECRET_KEY = env_required("SECRET_KEY")
    DEBUG = env_bool("DEBUG", False)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
else:
    SECRET_KEY = env_str("SECRET_KEY", "motcua-demo-secret-key-not-for-production-use-0123456789")
    DEBUG = env_bool("DEBUG", True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",  # serves Swagger UI from the project's static files instead of a CDN
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.units",
    "motcua.accounts",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.interop",
    "motcua.registries",
    "motcua.payments",
    "motcua.feedback",
    "motcua.monitor",
    "motcua.staff",
    "motcua.proposals",
    "motcua.programmes",
    "motcua.audit",
    "motcua.web",
    "motcua.api",
]

MIDDLEWARE = [
    "motcua.core.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "motcua.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads the body (CsrfViewMiddleware reads POST in process_view).
    "motcua.core.middleware.RequestBodyLimitMiddleware",
    "motcua.core.middleware.AbuseThrottleMiddleware",
    "motcua.core.middleware.OfficialAreaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"

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
                "motcua.web.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "motcua.wsgi.application"


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", "")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        if config["ENGINE"] == "django.db.backends.postgresql":
            # Server-side binding, and psycopg preparing a statement from its 5th run on a connection:
            # otherwise PostgreSQL plans every query afresh, and planning was most of its CPU per
            # intake (bench/bench_intake.py). A pooler in front must support prepared statements
            # (PgBouncer 1.21+ with max_prepared_statements set).
            given = config.get("OPTIONS")  # from the URL's query string, e.g. ?sslmode=require
            config["OPTIONS"] = {
                "server_side_binding": True,
                "prepare_threshold": 5,
                **(given if isinstance(given, dict) else {}),
            }
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "motcua.sqlite3"),
        "OPTIONS": {
            # WAL lets readers proceed while one writer commits; IMMEDIATE takes the
            # write lock at BEGIN so two writers queue instead of failing mid-transaction.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
        "TEST": {"NAME": str(VAR_DIR / "test-motcua.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:desk"
LOGOUT_REDIRECT_URL = "web:home"

# Lockout after repeated failed logins, counted per username AND client address together: a
# stranger who guesses a username cannot lock that official out from everywhere (review H1), and a
# commune office behind one NAT address is not locked out by one colleague's typos. Guessing many
# usernames from one address is throttled per address (MOTCUA_LOGIN_FAILURES_PER_ADDRESS).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the one ClientAddressMiddleware settled on (a trusted proxy's header, or the peer).
AXES_CLIENT_IP_CALLABLE = "motcua.core.client.request_address"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", _("Vietnamese")),
    ("en", _("English")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "motcua_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Background work: tasks are rows in the database, run by `manage.py db_worker`. Tests run them at once.
TASKS = {
    "default": {
        "BACKEND": env_str("MOTCUA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Notifications. The demo writes e-mails as files under var/mail and SMS to the log.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motcua@localhost")
MOTCUA_SMS_SENDER = env_str("MOTCUA_SMS_SENDER", "motcua.interop.sms.LogSender")

# Attachments (Decree 118 components, results): recognised by content, at most this size each.
MOTCUA_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# A JSON request may carry a few such files in base64; multipart uploads are not bound by this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 48 * 1024 * 1024

# Public tracking: lookups allowed per client address per minute.
MOTCUA_TRACKING_PER_MINUTE = env_int("MOTCUA_TRACKING_PER_MINUTE", 20)
# Anonymous feedback: items accepted per client address per hour.
MOTCUA_FEEDBACK_PER_HOUR = env_int("MOTCUA_FEEDBACK_PER_HOUR", 10)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL", "")}
        if env_str("REDIS_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Security (review of the attack pass, issue 21) -------------------------------------------------
# The client address: behind a reverse proxy, name the header it sets (e.g. X-Forwarded-For or
# X-Real-IP) and the proxies' own addresses; the header is believed only from those peers.
MOTCUA_CLIENT_IP_HEADER = env_str("MOTCUA_CLIENT_IP_HEADER", "")
MOTCUA_TRUSTED_PROXIES = env_list("MOTCUA_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
# Failed logins per client address per 15 minutes, across all usernames, before the address must wait.
MOTCUA_LOGIN_FAILURES_PER_ADDRESS = env_int("MOTCUA_LOGIN_FAILURES_PER_ADDRESS", 30)
# Anonymous dossier submissions (portal and API) per client address per hour.
MOTCUA_SUBMISSIONS_PER_HOUR = env_int("MOTCUA_SUBMISSIONS_PER_HOUR", 20)
# Addresses the submission budget does not apply to. On one machine every client is the loopback
# (the tests, the bench, the browser tests), so development exempts it; production exempts nothing.
MOTCUA_THROTTLE_EXEMPT = env_list("MOTCUA_THROTTLE_EXEMPT", [] if PRODUCTION else ["127.0.0.1", "::1"])
# The largest request body, refused with 413 before it is read: four 10 MB attachments in base64 and
# the form. The reverse proxy should refuse earlier (nginx: client_max_body_size 48m).
MOTCUA_REQUEST_MAX_BYTES = env_int("MOTCUA_REQUEST_MAX_BYTES", DATA_UPLOAD_MAX_MEMORY_SIZE)
# An uploaded file above this size goes to a temporary file on disk, not memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MOTCUA_CSP = env_str(
    "MOTCUA_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
MOTCUA_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    # The TLS-terminating proxy says the original scheme; without it SSL redirect would loop.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# --- end security -----------------------------------------------------------------------------------

# The province this installation serves; the home page and demo data use it.
MOTCUA_PROVINCE_CODE = env_int("MOTCUA_PROVINCE_CODE", 68)
# The national public-service portal's agency identifier, which the codes of inter-linked dossiers
# submitted online carry (Decree 118/2025 Art.28.2.a). The portal is run by the Government Office
# (G22 in Decision 20/2020/QĐ-TTg as amended by 09/2025); the portal's own inter-linked dossiers are
# numbered "G22.99.08-…", "G22.99.09-…" (one group per inter-linked set), so G22.99 is the default.
# No published decision naming it was found: check it with the portal before go-live.
NATIONAL_PORTAL_AGENCY_CODE = env_str("NATIONAL_PORTAL_AGENCY_CODE", "G22.99")
# The province certification authority's files (empty: VAR_DIR/ca). Passphrases are read where used.
MOTCUA_CA_DIR = env_str("MOTCUA_CA_DIR", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- External endpoints and the national portal (interop) -----------------------------------------
# Every external service motcua calls is an endpoint: its address, credentials, timeouts, retries and
# circuit breaker come from the environment as <PREFIX>_URL, _TOKEN_URL, _CLIENT_ID, _CLIENT_SECRET,
# _CONNECT_TIMEOUT_MS, _READ_TIMEOUT_MS, _RETRIES, _BREAKER_FAILURES, _BREAKER_RESET_SECONDS.
# The demo defaults point at the fakes that `manage.py run_fakes` serves on 127.0.0.1.


def endpoint_settings(prefix: str, default_url: str) -> dict[str, object]:
    return {
        "base_url": env_str(f"{prefix}_URL", default_url),
        # An OAuth2 client-credentials token endpoint (the LGSP's); empty: no token is sent.
        "token_url": env_str(f"{prefix}_TOKEN_URL", ""),
        "client_id": env_str(f"{prefix}_CLIENT_ID", ""),
        "client_secret": env_str(f"{prefix}_CLIENT_SECRET", ""),
        "connect_timeout": env_int(f"{prefix}_CONNECT_TIMEOUT_MS", 3000) / 1000,
        "read_timeout": env_int(f"{prefix}_READ_TIMEOUT_MS", 10000) / 1000,
        # Further tries of one call after a connection error or a 5xx answer, with backoff.
        "retries": env_int(f"{prefix}_RETRIES", 2),
        "retry_backoff": env_int(f"{prefix}_RETRY_BACKOFF_MS", 200) / 1000,
        # After this many failed calls in a row the endpoint is not called for RESET seconds.
        "breaker_failures": env_int(f"{prefix}_BREAKER_FAILURES", 5),
        "breaker_reset": env_int(f"{prefix}_BREAKER_RESET_SECONDS", 30),
    }


MOTCUA_ENDPOINTS: dict[str, dict[str, object]] = {
    "national_portal": {
        **endpoint_settings("NATIONAL_PORTAL", "http://127.0.0.1:8701"),
        "token_url": env_str("NATIONAL_PORTAL_TOKEN_URL", "http://127.0.0.1:8701/lgsp/token"),
        "client_id": env_str("NATIONAL_PORTAL_CLIENT_ID", "motcua-demo"),
        "client_secret": env_str("NATIONAL_PORTAL_CLIENT_SECRET", "motcua-demo-secret"),
    },
}
# Waits between attempts of one outbox message, in seconds (the last one is followed by the final try).
MOTCUA_OUTBOX_BACKOFF = [
    int(s) for s in env_list("MOTCUA_OUTBOX_BACKOFF", ["60", "300", "1800", "7200", "43200"])
]
# The national portal's sync (DongBoHoSoMC). Off while pytest runs, unless a test turns it on: the
# other apps' tests count the outbox's rows; the integration tests run the app with it on.
NATIONAL_PORTAL_SYNC = env_bool("NATIONAL_PORTAL_SYNC", "pytest" not in sys.modules)
# The electronic identifier of the sending system (madonvi), e.g. the province's one-stop system.
NATIONAL_PORTAL_SENDER_CODE = env_str("NATIONAL_PORTAL_SENDER_CODE", "000.00.00.H36")
# What differs between versions of the contract: the codes that mean success ("0", "00" or 0),
# one service with isUpdating or separate create and update calls, and the 2024–25 fields.
NATIONAL_PORTAL_SUCCESS_CODES = env_list("NATIONAL_PORTAL_SUCCESS_CODES", ["0", "00"])
NATIONAL_PORTAL_CREATE_PATH = env_str("NATIONAL_PORTAL_CREATE_PATH", "/dvcqg/DongBoHoSoMC")
NATIONAL_PORTAL_UPDATE_PATH = env_str("NATIONAL_PORTAL_UPDATE_PATH", "/dvcqg/DongBoHoSoMC")
NATIONAL_PORTAL_FIELDS_2024 = env_bool("NATIONAL_PORTAL_FIELDS_2024", True)
# Records sent in one call (the service takes a list; 1: one dossier a call).
NATIONAL_PORTAL_BATCH = env_int("NATIONAL_PORTAL_BATCH", 50)
# How long a worker holds a message it is sending before another may try (a worker killed mid-send).
MOTCUA_OUTBOX_LEASE_SECONDS = env_int("MOTCUA_OUTBOX_LEASE_SECONDS", 600)
# Dossiers filed online on the national portal, pulled in every periodic round (list, detail, ack).
NATIONAL_PORTAL_INBOUND = env_bool("NATIONAL_PORTAL_INBOUND", "pytest" not in sys.modules)
NATIONAL_PORTAL_INBOUND_LIST_PATH = env_str("NATIONAL_PORTAL_INBOUND_LIST_PATH", "/dvcqg/LayDanhSachHoSoMoi")
NATIONAL_PORTAL_INBOUND_DETAIL_PATH = env_str("NATIONAL_PORTAL_INBOUND_DETAIL_PATH", "/dvcqg/LayChiTietHoSo")
NATIONAL_PORTAL_INBOUND_ACK_PATH = env_str("NATIONAL_PORTAL_INBOUND_ACK_PATH", "/dvcqg/CapNhatDaNhanHoSo")
# Reconciliation with the portal's counts and lists: the local hour it runs at each night, and how
# many days back it compares.
NATIONAL_PORTAL_COUNTS_PATH = env_str("NATIONAL_PORTAL_COUNTS_PATH", "/dvcqg/ThongKeHoSo")
NATIONAL_PORTAL_LIST_PATH = env_str("NATIONAL_PORTAL_LIST_PATH", "/dvcqg/DanhSachHoSo")
NATIONAL_PORTAL_RECONCILE_HOUR = env_int("NATIONAL_PORTAL_RECONCILE_HOUR", 1)
NATIONAL_PORTAL_RECONCILE_DAYS = env_int("NATIONAL_PORTAL_RECONCILE_DAYS", 31)
# --- end interop -----------------------------------------------------------------------------------

# --- History integrity and public tracking (audit) ---------------------------------------------------
# The key of the dossiers' event chains and of the anchors (HMAC-SHA256). It lives outside the
# database: whoever can edit the tables without it cannot recompute a chain (review H3). Prefer a file
# readable by the application's user only (MOTCUA_CHAIN_KEY_FILE); production refuses the demo key.
_CHAIN_KEY_FILE = env_str("MOTCUA_CHAIN_KEY_FILE", "")
MOTCUA_CHAIN_KEY = (
    Path(_CHAIN_KEY_FILE).read_text().strip()
    if _CHAIN_KEY_FILE
    else env_str("MOTCUA_CHAIN_KEY", "" if PRODUCTION else "motcua-demo-chain-key-not-for-production")
)
if PRODUCTION and (len(MOTCUA_CHAIN_KEY) < 32 or "not-for-production" in MOTCUA_CHAIN_KEY):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "MOTCUA_CHAIN_KEY (or MOTCUA_CHAIN_KEY_FILE) must be a secret of at least 32 characters of your "
        "own when MOTCUA_ENV=production"
    )
# How often the periodic round anchors the chains' heads (manage.py anchor_chains does it at once).
MOTCUA_ANCHOR_MINUTES = env_int("MOTCUA_ANCHOR_MINUTES", 10)
# Wrong tracking secrets allowed for one dossier, from any address, before its tracking is refused
# for MOTCUA_TRACKING_LOCK_MINUTES (review M3: 10 of the 10,000 possible 4-digit secrets per hour).
MOTCUA_TRACKING_FAILURES_PER_DOSSIER = env_int("MOTCUA_TRACKING_FAILURES_PER_DOSSIER", 10)
MOTCUA_TRACKING_LOCK_MINUTES = env_int("MOTCUA_TRACKING_LOCK_MINUTES", 60)
# --- end audit ---------------------------------------------------------------------------------------

# --- State registries and online payment (registries, payments) -----------------------------------
# The population database, business registry and tax registry through the data-sharing platform, and
# the national payment platform; the demo defaults point at the fakes `manage.py run_fakes` serves.
MOTCUA_ENDPOINTS.update(
    {
        "population_db": endpoint_settings("POPULATION_DB", "http://127.0.0.1:8711"),
        "business_registry": endpoint_settings("BUSINESS_REGISTRY", "http://127.0.0.1:8712"),
        "tax": endpoint_settings("TAX_REGISTRY", "http://127.0.0.1:8713"),
        "paygov": endpoint_settings("PAYGOV", "http://127.0.0.1:8714"),
        "civil_status": endpoint_settings("CIVIL_STATUS", "http://127.0.0.1:8715"),
        "data_store": endpoint_settings("DATA_STORE", "http://127.0.0.1:8716"),
    }
)
# The partner code and shared secret of the payment platform's MaXacThuc hash (one pair per province).
PAYGOV_PARTNER_CODE = env_str("PAYGOV_PARTNER_CODE", "MOTCUA-DEMO")
# Production needs the province's own: with the published demo secret anyone could confirm a payment.
# Unset in production, online payment is off (every confirmation is refused).
PAYGOV_SECRET = env_str("PAYGOV_SECRET", "" if PRODUCTION else "motcua-demo-paygov-secret")
if PRODUCTION and PAYGOV_SECRET == "motcua-demo-paygov-secret":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PAYGOV_SECRET must be the province's own secret when MOTCUA_ENV=production")
# Where the citizen's browser comes back to after paying (it only shows the outcome).
PAYGOV_RETURN_URL = env_str("PAYGOV_RETURN_URL", "http://127.0.0.1:8000/pay/return/")
# An online payment not confirmed within this many minutes is asked about (QUERY); one not paid
# within this many hours expires, and the applicant is told.
PAYGOV_QUERY_AFTER_MINUTES = env_int("PAYGOV_QUERY_AFTER_MINUTES", 15)
PAYGOV_EXPIRE_HOURS = env_int("PAYGOV_EXPIRE_HOURS", 72)
# --- end registries and payments -------------------------------------------------------------------

# --- dossier workflow (engine) ---
# A supplement asked for at reception is never closed automatically (Decree 118 Art.17 provides no
# closure): the desk's supplement queue flags the dossiers waited for longer than this many days.
MOTCUA_SUPPLEMENT_LONG_WAIT_DAYS = env_int("MOTCUA_SUPPLEMENT_LONG_WAIT_DAYS", 15)
# --- end dossier workflow ---

"""Django settings for gonghui.

Everything a deployment changes comes from the environment:

- ``GONGHUI_DATA_DIR``: where the embedded database, keys and uploads live (default ``./gonghui-data``).
- ``DATABASE_URL``: e.g. ``postgres://postgres@127.0.0.1:5432/gonghui``; default SQLite in the data dir.
- ``DATABASE_POOL=pgbouncer``: ``DATABASE_URL`` is a PgBouncer in transaction mode (gonghui.core.pooling).
- ``GONGHUI_SECRET_KEY``, ``GONGHUI_PII_KEY`` (Fernet keys, comma separated, newest first),
  ``GONGHUI_HASH_KEY``: secrets; the demo writes local key files into the data dir when unset.
- ``GONGHUI_DEBUG``, ``GONGHUI_ALLOWED_HOSTS``, ``REDIS_URL``.
- ``DATABASE_REPLICA_URLS``: PostgreSQL streaming replicas for list, dashboard, report and export reads.
- ``GONGHUI_HTTPS=1``: served over HTTPS (secure cookies, HSTS, redirect, proxy scheme header).

"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from gonghui.core import pooling as _pooling

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GONGHUI_DATA_DIR", "gonghui-data")).resolve()
# The data dir (database, keys, uploads) is created 0700, its files 0600 (keys here, uploads through
# FILE_UPLOAD_PERMISSIONS, the SQLite database by gonghui.core.files when it is opened).


def _env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def _private_dir(path):
    """Create ``path`` (and missing parents) readable by this account only (0700); an existing one is left as is."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for p in reversed(missing):
        try:
            p.mkdir(mode=0o700)
        except FileExistsError:
            continue
        p.chmod(0o700)  # whatever the umask


def _local_secret(name, factory):
    """A secret from the environment, else from a key file in the data dir (created on first use, 0600)."""
    value = os.environ.get(name)
    if value:
        return value
    path = DATA_DIR / "keys" / name.lower()
    if path.exists():
        return path.read_text().strip()
    _private_dir(DATA_DIR / "keys")
    value = factory()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others, even briefly
    except FileExistsError:  # another process made it a moment ago: use its key
        import time

        for _attempt in range(50):
            if (existing := path.read_text().strip()):
                return existing
            time.sleep(0.1)
        raise
    with os.fdopen(fd, "w") as f:
        f.write(value)
    return value


def _fernet_key():
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _random_secret():
    import secrets

    return secrets.token_urlsafe(50)


SECRET_KEY = _local_secret("GONGHUI_SECRET_KEY", _random_secret)
PII_KEYS = [k.strip() for k in _local_secret("GONGHUI_PII_KEY", _fernet_key).split(",") if k.strip()]
HASH_KEY = _local_secret("GONGHUI_HASH_KEY", _random_secret)

DEBUG = _env_bool("GONGHUI_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("GONGHUI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GONGHUI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "treebeard",
    "gonghui.core",
    "gonghui.accounts",
    "gonghui.orgs",
    "gonghui.members",
    "gonghui.portal",
    "gonghui.imports",
    "gonghui.stats",
    "gonghui.targets",
    "gonghui.reports",
    "gonghui.rights",
    "gonghui.hardship",
    "gonghui.notices",
    "gonghui.contracts",
    "gonghui.suggestions",
    "gonghui.openaffairs",
    "gonghui.surveys",
    "gonghui.democracy",
    "gonghui.bargaining",
    "gonghui.honours",
    "gonghui.appraisals",
    "gonghui.benefits",
    "gonghui.training",
    "gonghui.funds",
    "gonghui.building",
    "gonghui.outreach",
    "gonghui.competitions",
    "gonghui.protection",
    "gonghui.tools",  # demo data, benchmarks and test builders: above every area
]

# The union tree and the role assignments that scope every query (swappable like AUTH_USER_MODEL, so core
# names no domain app).
GONGHUI_ORG_MODEL = "orgs.Organisation"
GONGHUI_ROLE_ASSIGNMENT_MODEL = "accounts.RoleAssignment"
GONGHUI_ORG_SUGGEST_URL = "orgs:org_autocomplete"  # type-ahead of organisation codes in forms and filters

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gonghui.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.core.middleware.CurrentRequestMiddleware",
    "gonghui.core.middleware.NumberOutOfRangeMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

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
                "gonghui.core.context_processors.navigation",
            ],
        },
    },
]

# Selects and text inputs written in Python (a filter form's options each went through a template include).
FORM_RENDERER = "gonghui.core.renderers.FormRenderer"

_default_sqlite = f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue instead of failing to upgrade a read lock.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("GONGHUI_TEST_SQLITE", "")} if os.environ.get(
        "GONGHUI_TEST_SQLITE"
    ) else {}
# Behind PgBouncer in transaction mode: no server-side cursors or prepared statements outliving a transaction.
_pooling.configure(DATABASES["default"], os.environ.get("DATABASE_POOL", ""))

# Read replicas (docs/operator/replicas.md): PostgreSQL streaming replicas of the primary, comma separated. List
# pages, dashboards, reports and exports read from them (gonghui.core.dbrouting); without them nothing is routed.
GONGHUI_REPLICAS = []
for _n, _url in enumerate((u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()), 1):
    DATABASES[f"replica{_n}"] = dj_database_url.parse(_url, conn_max_age=60)
    DATABASES[f"replica{_n}"]["OPTIONS"] = {"connect_timeout": 3}  # an unreachable replica costs 3 s per check
    DATABASES[f"replica{_n}"]["TEST"] = {"MIRROR": "default"}  # no test database of its own
    _pooling.configure(DATABASES[f"replica{_n}"], os.environ.get("DATABASE_POOL", ""))  # replicas behind PgBouncer too
    GONGHUI_REPLICAS.append(f"replica{_n}")
if GONGHUI_REPLICAS:
    DATABASE_ROUTERS = ["gonghui.core.dbrouting.ReplicaRouter"]
    MIDDLEWARE.append("gonghui.core.dbrouting.ReplicaMiddleware")  # last: first to see a view's exception
# A browser that wrote reads the primary for this long; a replica further behind is not used; health checked
# this often per process.
GONGHUI_REPLICA_STICKY_SECONDS = int(os.environ.get("GONGHUI_REPLICA_STICKY_SECONDS", 15))
GONGHUI_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("GONGHUI_REPLICA_MAX_LAG_SECONDS", 5))
GONGHUI_REPLICA_CHECK_SECONDS = float(os.environ.get("GONGHUI_REPLICA_CHECK_SECONDS", 5))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "gonghui.accounts.backends.PhoneBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
_private_dir(DATA_DIR)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "gonghui.core.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "uploads"  # outside the web root; files are served by views that check scope
FILE_UPLOAD_PERMISSIONS = 0o600  # stored attachments: readable by the server's account only
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Spreadsheet imports (gonghui.imports): upload size, file retention, rows per file and per batch.
GONGHUI_IMPORT_MAX_BYTES = int(os.environ.get("GONGHUI_IMPORT_MAX_BYTES", 100 * 1024 * 1024))
GONGHUI_IMPORT_RETENTION_DAYS = int(os.environ.get("GONGHUI_IMPORT_RETENTION_DAYS", 7))
GONGHUI_IMPORT_MAX_ROWS = int(os.environ.get("GONGHUI_IMPORT_MAX_ROWS", 2_000_000))
GONGHUI_IMPORT_BATCH_ROWS = int(os.environ.get("GONGHUI_IMPORT_BATCH_ROWS", 20000))
# Member imports write each batch in a thread of their own while the next is checked (both cores).
GONGHUI_IMPORT_PIPELINE = os.environ.get("GONGHUI_IMPORT_PIPELINE", "1") not in ("0", "false", "no")
# Statistics: employers with at least this many employees should have a union of their own (组建率). Changing it
# needs `gonghui stats rebuild` so that the counters follow.
GONGHUI_UNIONISATION_THRESHOLD = int(os.environ.get("GONGHUI_UNIONISATION_THRESHOLD", 25))
# Statistics: flows (new members, unions founded) are counted by month for the current year and the years before it
# up to this many in all, by year before that (periods there that are not whole years are read from the records).
# Raising it needs `gonghui stats rebuild`; lowering it does not.
GONGHUI_STATS_MONTHLY_YEARS = int(os.environ.get("GONGHUI_STATS_MONTHLY_YEARS", 3))
GONGHUI_IMPORT_THROTTLE = float(os.environ.get("GONGHUI_IMPORT_THROTTLE", 0))  # seconds of pause between batches

# The reverse proxies (addresses or networks, comma separated) whose X-Forwarded-For names the client: sign-in
# limits, public-form limits and the change log then see the client's address (gonghui.core.net.client_ip).
GONGHUI_TRUSTED_PROXY = os.environ.get("GONGHUI_TRUSTED_PROXY", "")
# API tokens expire this many days after they are made (accounts.tokens).
GONGHUI_TOKEN_DAYS = int(os.environ.get("GONGHUI_TOKEN_DAYS", 30))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Behind HTTPS (GONGHUI_HTTPS=1, usually TLS ended by a reverse proxy that sets X-Forwarded-Proto): cookies only
# over HTTPS, HSTS for a year (subdomains included), plain HTTP redirected, the proxy's scheme header trusted.
# Only set it when the proxy overwrites X-Forwarded-Proto: a client could otherwise claim HTTPS.
GONGHUI_HTTPS = _env_bool("GONGHUI_HTTPS", False)
if GONGHUI_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("GONGHUI_HSTS_PRELOAD", False)  # a commitment: see docs/operator
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # preloading is the operator's choice, not a defect

# Content-Security-Policy (django-csp 4): scripts only from our own static files (htmx, Bootstrap, ECharts and
# gonghui/*.js are served locally; templates have no inline script or on* handler), no plugins, no framing,
# forms and requests to this site only. Styles allow 'unsafe-inline': templates keep a few style attributes
# and ECharts writes inline styles in its tooltips; a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gonghui.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["gonghui.core.api.permissions.IsOfficial"],
    "DEFAULT_PARSER_CLASSES": [
        "gonghui.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "gonghui.core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "gonghui.core.api.schema.AutoSchema",
    "DEFAULT_METADATA_CLASS": "rest_framework.metadata.SimpleMetadata",
    "EXCEPTION_HANDLER": "gonghui.core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gonghui API",
    "DESCRIPTION": "REST API of gonghui (工会). Every endpoint is scoped to the caller's part of the union tree.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served from the installed sidecar package, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"TierEnum": "gonghui.hardship.choices.Tier",
                            "CongressFormEnum": "gonghui.democracy.choices.CongressForm",
                            "OfferCampaignStatusEnum": "gonghui.bargaining.choices.CampaignStatus",
                            "DisclosureFormEnum": "gonghui.openaffairs.choices.DisclosureForm",
                            "OutcomeEnum": "gonghui.rights.choices.Outcome",
                            "SessionKindEnum": "gonghui.democracy.choices.SessionKind",
                            "AgendaItemKindEnum": "gonghui.democracy.choices.ItemKind",
                            "AgendaItemResultEnum": "gonghui.democracy.choices.ItemResult",
                            "LegalAidResultEnum": "gonghui.rights.choices.LegalAidResult",
                            "HonourLevelEnum": "gonghui.honours.choices.HonourLevel",
                            "FundsLevelEnum": "gonghui.funds.choices.Level",
                            "CadrePositionEnum": "gonghui.building.choices.CadrePosition",
                            "CandidatePositionEnum": "gonghui.building.choices.CANDIDATE_POSITIONS",
                            "RecognitionLevelEnum": "gonghui.competitions.choices.Level",
                            "OpenClosedEnum": "gonghui.benefits.choices.RoundStatus",
                            "FundKindEnum": "gonghui.funds.choices.FundKind",
                            "AnkangAwardCategoryEnum": "gonghui.protection.choices.AwardCategory",
                            "FundsCategoryEnum": "gonghui.funds.choices.Category"},
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"  # Bootstrap 5, with keyset pages (gonghui.core.paging)
GONGHUI_LIST_COUNT_CAP = int(os.environ.get("GONGHUI_LIST_COUNT_CAP", "10000"))  # counted exactly up to this
# Dashboards and the workbench's counts are kept this long at most, and only until anything is written or the day
# ends (gonghui.core.generation): a province's dashboard takes 20 s to work out again.
GONGHUI_DASHBOARD_CACHE_SECONDS = int(os.environ.get("GONGHUI_DASHBOARD_CACHE_SECONDS", "86400"))
GONGHUI_DASHBOARD_CACHE_MIN_ORGS = int(os.environ.get("GONGHUI_DASHBOARD_CACHE_MIN_ORGS", "1"))
GONGHUI_DASHBOARD_CACHE_SETTLE_SECONDS = int(os.environ.get("GONGHUI_DASHBOARD_CACHE_SETTLE_SECONDS", "30"))

# Notifications (SMS / e-mail). The default writes the message to the log.
GONGHUI_NOTIFY_BACKEND = os.environ.get("GONGHUI_NOTIFY_BACKEND", "gonghui.core.notify.LogBackend")
GONGHUI_PUBLIC_BASE_URL = os.environ.get("GONGHUI_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

# A cache shared by every server process (login throttling, rate limits): Redis when configured,
# otherwise files in the data dir, so the embedded mode needs no server.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(DATA_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 5000}}}
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TIMEZONE = TIME_ZONE
# Background jobs (gonghui.core.jobs): "local" starts a detached process per job (embedded mode, no
# server), "celery" sends them to `gonghui worker` through the broker above, "inline" runs them at once.
GONGHUI_JOB_BACKEND = os.environ.get("GONGHUI_JOB_BACKEND", "local")
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("GONGHUI_CELERY_QUEUE", "gonghui")
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # jobs are long: a worker takes one at a time
# Several workers at once (docs/operator/README.md, "Several workers"). A message is acknowledged when its job ends,
# not when a worker takes it: a worker killed mid-job leaves the message to Redis, which gives it to another worker
# after the visibility timeout; the job's claim (gonghui.core.claims) is stale by then and is taken over, and the
# job resumes from what it committed. A second delivery of a message whose job runs or ran is dropped by the same
# claim, so a redelivery never does the work twice. The timeout is longer than the longest job (a province's
# import), so a healthy long job is not redelivered needlessly. A job that kills its worker process (out of memory)
# is not redelivered (task_reject_on_worker_lost stays off): it would kill the next worker too; it shows as failed.
CELERY_TASK_ACKS_LATE = True
# A claim whose worker has been silent this long is taken over (gonghui.core.claims); the daily round runs each
# area's step at most once per slot (the beat's period).
GONGHUI_CLAIM_STALE_SECONDS = int(os.environ.get("GONGHUI_CLAIM_STALE_SECONDS", 120))
GONGHUI_DAILY_SLOT_SECONDS = int(os.environ.get("GONGHUI_DAILY_SLOT_SECONDS", 3600))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("GONGHUI_CELERY_VISIBILITY_TIMEOUT", 6 * 3600)),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    # `gonghui worker --beat`: fail jobs whose worker died, remove uploads past their retention.
    "imports-housekeeping": {"task": "gonghui.run_job", "schedule": 600.0,
                             "args": ["gonghui.imports.tasks.housekeeping"]},
    # Reminders, overdue flags and escalations of every app (gonghui.core.daily). Hourly so that a warning
    # left unacknowledged escalates within the hour; the apps send each reminder once.
    "daily-round": {"task": "gonghui.run_daily", "schedule": 3600.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "gonghui": {"handlers": ["console"], "level": os.environ.get("GONGHUI_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

if os.environ.get("GONGHUI_FAST_HASHER"):  # tests only
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""Settings for the benchmark's django-import-export subprocess only: gonghui's settings plus the library."""

from gonghui.settings import *  # noqa: F401,F403
from gonghui.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "import_export"]
IMPORT_EXPORT_USE_TRANSACTIONS = True

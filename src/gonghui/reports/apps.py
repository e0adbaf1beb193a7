from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    verbose_name = _("Annual statistical report")

    def ready(self):
        from . import indicators  # noqa: F401  (registers the figures entered in the annual report)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "gonghui.stats"
    verbose_name = _("Statistics")

    def ready(self):
        # The built-in indicators register themselves; other apps register theirs in their own ready().
        from . import indicators  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolsConfig(AppConfig):
    """Demo data, benchmarks and test builders: what composes the areas, so it sits above them all."""

    name = "gonghui.tools"
    verbose_name = _("Demo data, benchmarks and test builders")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    verbose_name = _("Rights protection")

    def ready(self):
        from gonghui.core.models import TRANSITION_LABELS

        from . import indicators  # noqa: F401  (registers the rights section of the statistics)

        TRANSITION_LABELS.update({
            "route": _("passed on"),
            "start_mediation": _("mediation started"),
            "extend": _("mediation period extended"),
            "session": _("mediation session"),
            "close": _("closed"),
            "recovery": _("amount recovered recorded"),
            "reopen": _("reopened"),
            "rate": _("rated by the worker"),
            "info": _("information added by the worker"),
            "document": _("document added"),
            "overdue": _("mediation period passed"),
            "acknowledge": _("acknowledged"),
            "escalate": _("escalated"),
            "resolve": _("resolved"),
        })

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HardshipConfig(AppConfig):
    name = "gonghui.hardship"
    verbose_name = _("Hardship aid")

    def ready(self):
        from gonghui.core.models import TRANSITION_LABELS

        from . import indicators  # noqa: F401  (registers the hardship figures)

        TRANSITION_LABELS.update({
            "hardship_submit": _("application filed"),
            "hardship_verify": _("home visit started"),
            "hardship_notice": _("public notice started"),
            "hardship_verified": _("verified, sent for approval"),
            "hardship_notice_end": _("public notice ended"),
            "hardship_close": _("closed (out of hardship)"),
            "hardship_review": _("yearly review"),
            "hardship_pay": _("paid"),
        })

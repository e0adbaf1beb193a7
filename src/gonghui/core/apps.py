from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.core.signals import request_finished

        from .attachments import discard_uncommitted_files

        # Files saved in a transaction that rolled back are deleted at the latest when the request ends.
        request_finished.connect(discard_uncommitted_files, dispatch_uid="gonghui.discard_uncommitted_files")

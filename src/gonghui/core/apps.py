from django.utils.translation import gettext_lazy as _

from .registry import AreaConfig, NavItem


class CoreConfig(AreaConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = _("Core")
    url_prefix = ""
    daily = demo = testing = ""  # core's modules of these names are the machinery, not an area's steps
    nav = (NavItem(_("Audit log"), "core:auditlog_list", order=20, menu="system"),)

    def ready(self):
        from django.core.signals import request_finished

        from .attachments import discard_uncommitted_files

        super().ready()
        # Files saved in a transaction that rolled back are deleted at the latest when the request ends.
        request_finished.connect(discard_uncommitted_files, dispatch_uid="gonghui.discard_uncommitted_files")

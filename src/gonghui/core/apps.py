from django.utils.translation import gettext_lazy as _

from .registry import AreaConfig, NavItem


class CoreConfig(AreaConfig):
    name = "gonghui.core"
    verbose_name = _("Core")
    url_prefix = ""
    daily = demo = testing = ""  # core's modules of these names are the machinery, not an area's steps
    nav = (NavItem(_("Audit log"), "core:auditlog_list", order=20, menu="system"),)

    def ready(self):
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import checks, generation  # noqa: F401  (checks registers the system checks)
        from .attachments import discard_uncommitted_files
        from .files import restrict_sqlite_files
        from .keys import record_after_migrate
        from .tables import cache_cell_signatures

        super().ready()
        cache_cell_signatures()
        # Every write moves the data's generation on: what is cached under it is never stale.
        generation.connect()
        post_migrate.connect(record_after_migrate, sender=self, dispatch_uid="gonghui.record_keys")
        # Files saved in a transaction that rolled back are deleted at the latest when the request ends.
        request_finished.connect(discard_uncommitted_files, dispatch_uid="gonghui.discard_uncommitted_files")
        # The SQLite database file is readable by the server's account only (0600).
        connection_created.connect(restrict_sqlite_files, dispatch_uid="gonghui.restrict_sqlite_files")

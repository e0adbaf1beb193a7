"""``gonghui restore FILE [--with-keys] [--force]``: restore an archive of ``gonghui backup`` into an empty
installation.

Refused with a clear message when the database or the uploads folder is not empty (``--force`` replaces them),
and when the keys the installation would run with cannot read the data (the fingerprints of ``core.keys``): restore
the keys with the archive (``--with-keys``, from an archive made with ``--with-keys``) or provide them
(``GONGHUI_PII_KEY``, ``GONGHUI_HASH_KEY``, or the files in ``GONGHUI_DATA_DIR/keys``)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.core import backup


class Command(BaseCommand):
    help = "Restore a backup (gonghui backup) into an empty database and data directory."
    requires_system_checks = []  # the installation may be empty or broken: that is why it is being restored

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by gonghui backup")
        parser.add_argument("--force", action="store_true",
                            help="replace a database and uploads that are not empty")
        parser.add_argument("--with-keys", action="store_true",
                            help="restore the keys kept in the archive (gonghui backup --with-keys) into the data "
                                 "directory")

    def handle(self, *args, archive, force, with_keys, **opts):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            manifest = backup.restore(archive, force=force, with_keys=with_keys, log=self.stdout.write)
        except (backup.BackupError, OSError) as e:
            raise CommandError(str(e)) from None
        self.stdout.write(_("Restored the backup of %(created)s. Run gonghui migrate if it comes from an older "
                            "version, then gonghui check.") % {"created": manifest["created"]})

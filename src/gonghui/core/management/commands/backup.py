"""``gonghui backup -o FILE [--with-keys]``: the database, the uploads and (when asked) the keys in one archive
(tar.gz, mode 0600). The logic is in ``gonghui.core.backup``; docs/operator/README.md, "Back up and restore"."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.core import backup


class Command(BaseCommand):
    help = "Back up the database, the uploads and (with --with-keys) the keys into one archive (tar.gz, 0600)."
    requires_system_checks = []  # a backup is most wanted when something is wrong

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the archive to write (tar.gz)")
        parser.add_argument("--with-keys", action="store_true",
                            help="include the keys (then keep the archive as safe as the keys themselves)")

    def handle(self, *args, output, with_keys, **opts):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            manifest = backup.backup(output, with_keys=with_keys)
        except (backup.BackupError, OSError) as e:
            raise CommandError(str(e)) from None
        values = {"path": output, "engine": manifest["engine"], "n": manifest["uploads"]}
        if with_keys:
            self.stdout.write(_("Backup written to %(path)s: the %(engine)s database, %(n)d uploaded files and the "
                                "keys. Keep it as safe as the keys themselves.") % values)
        else:
            self.stdout.write(_("Backup written to %(path)s: the %(engine)s database and %(n)d uploaded files; the "
                                "keys are not in it (keep them apart).") % values)

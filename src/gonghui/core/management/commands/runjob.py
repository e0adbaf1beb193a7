"""``gonghui runjob DOTTED [ARGS...]``: run one background job function in the foreground.

This is what the local job backend starts in a detached process; it is also handy to re-run a job by
hand. Arguments are JSON (``42``, ``'"text"'``); anything that is not JSON is passed as a string.
"""

from django.core.management.base import BaseCommand, CommandError

from gonghui.core import jobs


class Command(BaseCommand):
    help = "Run one background job function (package.module.function) in the foreground."
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("dotted_path", help="the job function, e.g. gonghui.imports.services.check_job")
        parser.add_argument("job_args", nargs="*", metavar="args",
                            help="arguments (JSON values; other text is passed as a string)")

    def handle(self, *args, **opts):
        try:
            jobs.resolve(opts["dotted_path"])
        except (ImportError, AttributeError, ValueError) as exc:
            raise CommandError(f"unknown job {opts['dotted_path']!r}: {exc}") from None
        values = [jobs.decode_arg(a) for a in opts["job_args"]]
        jobs.run_quietly(opts["dotted_path"], *values)  # a record another worker has taken: not an error

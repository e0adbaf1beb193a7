"""``gonghui worker``: a Celery worker for background jobs (imports, reports), as in production.

The same as ``celery -A gonghui.celery worker``; options after ``--`` go to Celery unchanged, e.g.
``gonghui worker --concurrency 4 -- --max-tasks-per-child 50``. The broker is ``CELERY_BROKER_URL``
(default ``REDIS_URL``), the queue ``CELERY_TASK_DEFAULT_QUEUE``. Set ``GONGHUI_JOB_BACKEND=celery`` on
the web servers so they send jobs here.
"""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start a Celery worker for gonghui's background jobs (Redis broker from CELERY_BROKER_URL)."
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", "-c", type=int, default=None, help="worker processes (default: CPUs)")
        parser.add_argument("--pool", "-P", default=None, help="prefork (default), solo, threads")
        parser.add_argument("--queues", "-Q", default=None,
                            help="queues to consume (default CELERY_TASK_DEFAULT_QUEUE)")
        parser.add_argument("--loglevel", "-l", default="INFO")
        parser.add_argument("--beat", "-B", action="store_true",
                            help="also run the periodic housekeeping (one worker only)")
        parser.add_argument("--hostname", "-n", default=None)
        parser.add_argument("celery_args", nargs="*", help="further options for `celery worker` (after --)")

    def handle(self, *args, **opts):
        from gonghui.celery import app

        argv = ["worker", f"--loglevel={opts['loglevel']}",
                f"--queues={opts['queues'] or getattr(settings, 'CELERY_TASK_DEFAULT_QUEUE', 'gonghui')}"]
        if opts["concurrency"]:
            argv.append(f"--concurrency={opts['concurrency']}")
        if opts["pool"]:
            argv.append(f"--pool={opts['pool']}")
        if opts["beat"]:
            argv.append("--beat")
            argv.append(f"--schedule={settings.DATA_DIR / 'celerybeat-schedule'}")
        if opts["hostname"]:
            argv.append(f"--hostname={opts['hostname']}")
        argv.extend(opts["celery_args"])
        app.worker_main(argv)

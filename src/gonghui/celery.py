"""The Celery application of gonghui (production background jobs; Redis broker from settings).

Start workers with ``gonghui worker`` (the same as ``celery -A gonghui.celery worker``). Jobs are sent by
:func:`gonghui.core.jobs.enqueue` when ``GONGHUI_JOB_BACKEND = "celery"``; every job travels as the one
task ``gonghui.run_job(dotted_path, *args)`` (:mod:`gonghui.core.tasks`).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")

app = Celery("gonghui")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

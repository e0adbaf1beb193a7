"""Job functions the job-runner tests run through each backend (not collected as tests)."""

import os
import pathlib


def write_file(path, text):
    """Write ``text`` and who ran it ("pid@host" or "celery:<task>@host") into ``path``."""
    from gonghui.core import jobs

    tmp = pathlib.Path(path + ".tmp")
    tmp.write_text(f"{text}\n{jobs.worker_id()}\n{os.getpid()}\n", encoding="utf-8")
    tmp.rename(path)  # atomic: the test never reads a half-written file


def touch_job(job_pk, message):
    """Write on an ImportJob row: proves the job process reached the same database."""
    from gonghui.core import jobs
    from gonghui.imports.models import ImportJob

    ImportJob.objects.filter(pk=job_pk).update(worker=jobs.worker_id(), message=message)


def fail():
    raise RuntimeError("this job fails")

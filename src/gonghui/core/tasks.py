"""The one Celery task every background job travels as: ``gonghui.run_job(dotted_path, *args)``."""

from celery import shared_task

from . import jobs


@shared_task(name=jobs.CELERY_TASK_NAME, bind=True, ignore_result=True)
def run_job(self, dotted_path, *args):
    return jobs.run_in_celery_task(self.request.id, dotted_path, args, self.request.hostname)


@shared_task(name="gonghui.run_daily", bind=True, ignore_result=True)
def run_daily(self):
    """Each area's step is claimed per slot (``core.daily``): two beats, or a delivery twice, run it once."""
    from .daily import run_daily as run

    jobs._local.celery_task_id, jobs._local.celery_node = self.request.id, self.request.hostname
    try:
        run()
    finally:
        jobs._local.celery_task_id = jobs._local.celery_node = None

"""The one Celery task every background job travels as: ``gonghui.run_job(dotted_path, *args)``."""

from celery import shared_task

from . import jobs


@shared_task(name=jobs.CELERY_TASK_NAME, bind=True, ignore_result=True)
def run_job(self, dotted_path, *args):
    return jobs.run_in_celery_task(self.request.id, dotted_path, args)


@shared_task(name="gonghui.run_daily", ignore_result=True)
def run_daily():
    from .daily import run_daily as run

    run()

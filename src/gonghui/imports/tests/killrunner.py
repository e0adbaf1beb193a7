"""Run in a subprocess by test_kill: ``python killrunner.py resume JOB_PK`` (Django set up from the environment)."""

import json
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from gonghui.imports import services
    from gonghui.imports.models import ImportJob

    action, pk = sys.argv[1], int(sys.argv[2])
    if action == "resume":
        stale = services.mark_stale_jobs_failed(max_silence_seconds=0)
        failed = ImportJob.objects.get(pk=pk)
        job = services.run_import(pk)
        print(json.dumps({"stale": stale, "failed_status": failed.status, "failed_message": failed.message,
                          "status": job.status, "created": job.created, "skipped": job.skipped,
                          "rows_committed": job.rows_committed, "message": job.message}))


if __name__ == "__main__":
    main()

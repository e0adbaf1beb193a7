"""One step of the import benchmark, run in its own process: ``python -m gonghui.tools.bench.worker TASK.json``.

The parent (:mod:`gonghui.tools.bench.importbench`) sets ``DATABASE_URL``, ``GONGHUI_DATA_DIR``, the keys and
``DJANGO_SETTINGS_MODULE`` in the environment; the task file says what to do and where to write the result
(JSON). Steps:

- ``prepare``: migrate a fresh database and seed the organisation tree, units and the importing user once
  (the template every method's database is copied from); writes the manifest the sheet is generated from.
- ``ours`` / ``import_export`` / ``raw``: import the sheet into this process's (fresh) database and time it;
  peak memory is this process's high-water mark right after the import; then collect what was stored for
  the parent's check.

This module imports nothing that needs Django set up; the steps are in :mod:`gonghui.tools.bench.steps`.
"""

import json
import os
import sys
from pathlib import Path

import django
from django.utils import translation


def main(argv):
    task = json.loads(Path(argv[1]).read_text())
    django.setup()
    translation.activate("zh-hans")
    from gonghui.tools.bench import steps  # imports models: only once Django is set up

    out = steps.run(task)
    out["pid"] = os.getpid()
    Path(task["result"]).write_text(json.dumps(out, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(sys.argv)

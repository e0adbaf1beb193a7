"""Job functions of the import app that are not the engine itself (run through gonghui.core.jobs)."""

from . import services


def housekeeping():
    """Fail jobs whose worker died and remove uploaded files past their retention (periodic, cheap)."""
    services.mark_stale_jobs_failed()
    services.purge_expired_files()

"""Job functions of the import app that are not the engine itself (run through gonghui.core.jobs)."""

from . import services


def housekeeping():
    """Fail jobs whose worker died, remove uploaded files past their retention and old job claims (periodic, cheap)."""
    from gonghui.core import claims

    services.mark_stale_jobs_failed()
    services.purge_expired_files()
    claims.purge()

"""Writes of rights protection, by sub-domain: intake from every channel (``intake``), the workers of a case and
the privacy rule (``workers``), the case's steps under the statutory clock (``workflow``), documents
(``documents``), legal aid (``legal_aid``), the worker's side in the portal (``portal``) and early warnings
(``early_warnings``).

Every function checks the right at the union holding the case, validates (ValidationError naming the field),
writes the change log in the same transaction and returns the object. Workflow steps go through
``gonghui.core.workflow.transition`` on the transitions ``Case.workflow`` and ``EarlyWarning.workflow`` declare.
``now`` can be given (tests, the daily round); it defaults to the clock. The names below are the public ones:
``from gonghui.rights.services import accept_case`` and ``services.accept_case`` keep working.
"""

from .common import FOLLOW_CODE_CHARS, MAX_FACTS, MAX_WORKERS, notify_worker, worker_phone
from .documents import add_document, check_document, store_document
from .early_warnings import (
    acknowledge_warning,
    close_warning,
    escalate_warning,
    may_acknowledge,
    raise_warning,
)
from .intake import (
    check_follow_code,
    clean_is_group,
    clean_workers,
    file_anonymous_case,
    file_case,
    file_member_case,
    file_public_case,
    find_duplicate,
    group_threshold,
    intake_org,
    nearest_live,
)
from .legal_aid import record_legal_aid_result, refer_legal_aid
from .portal import add_information, rate_case
from .workers import import_workers, may_see_identity, reveal_worker_id
from .workflow import (
    CLOSE_SOURCES,
    ROUTE_KINDS,
    accept_case,
    close_case,
    extend_deadline,
    record_recovery,
    record_session,
    reopen_case,
    route_case,
    start_mediation,
)

__all__ = [
    "CLOSE_SOURCES", "FOLLOW_CODE_CHARS", "MAX_FACTS", "MAX_WORKERS", "ROUTE_KINDS",
    "accept_case", "acknowledge_warning", "add_document", "add_information", "check_document", "check_follow_code",
    "clean_is_group", "clean_workers", "close_case", "close_warning", "escalate_warning", "extend_deadline",
    "file_anonymous_case", "file_case", "file_member_case", "file_public_case", "find_duplicate", "group_threshold",
    "import_workers", "intake_org", "may_acknowledge", "may_see_identity", "nearest_live", "notify_worker",
    "raise_warning", "rate_case", "record_legal_aid_result", "record_recovery", "record_session", "refer_legal_aid",
    "reopen_case", "reveal_worker_id", "route_case", "start_mediation", "store_document", "worker_phone",
]

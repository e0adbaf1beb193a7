"""Writes of hardship aid, by sub-domain: income thresholds and tier rules (``thresholds``), filing archives
(``archives``), the archive's steps (``steps``), campaigns and recipients (``campaigns``), visits (``visits``) and
the fund ledger (``funds``). Every public name is importable from here.

Every function checks rights (``assist`` for anything that touches a household, ``change`` to write), validates
(ValidationError naming the field), writes the change log in the same transaction and returns the object.
Workflow steps go through ``core.workflow.transition`` (the source states in the UPDATE's WHERE clause, a
WorkflowConflict when no row changed).

The rules "one open archive per person" and "once per campaign" are checked here for a clear message and
enforced by partial unique indexes (see models), so two unions racing cannot both succeed.
"""

from ..selectors import archive_qualifies, participant_for
from .archives import (
    ARCHIVE_FIELDS,
    HOUSEHOLD_FIELDS,
    ONE_ARCHIVE_RULE,
    apply_in_portal,
    create_archive,
    next_archive_no,
    reveal_archive_pii,
    update_archive,
)
from .campaigns import (
    CAMPAIGN_FIELDS,
    approve_recipient,
    close_campaign,
    open_campaign,
    propose_recipient,
    record_payment,
    reject_recipient,
)
from .common import add_working_days, add_year, level_above, require_assist, require_level_above, setting
from .funds import allocate_funds, approve_overdraft, overdraft_limit, post_entry, record_income
from .steps import (
    approve_archive,
    close_archive,
    complete_verification,
    end_notice,
    notice_required,
    record_home_visit,
    reject_archive,
    review_archive,
    submit_archive,
)
from .thresholds import compute_income, income_figures, propose_tier, set_threshold, threshold_for
from .visits import add_pairing, record_occasion, record_visit

__all__ = [
    "ARCHIVE_FIELDS", "CAMPAIGN_FIELDS", "HOUSEHOLD_FIELDS", "ONE_ARCHIVE_RULE", "add_pairing", "add_working_days",
    "add_year", "allocate_funds", "apply_in_portal", "approve_archive", "approve_overdraft", "approve_recipient",
    "archive_qualifies", "close_archive", "close_campaign", "complete_verification", "compute_income",
    "create_archive", "end_notice", "income_figures", "level_above", "next_archive_no", "notice_required",
    "open_campaign", "overdraft_limit", "participant_for", "post_entry", "propose_recipient", "propose_tier",
    "record_home_visit", "record_income", "record_occasion", "record_payment", "record_visit", "reject_archive",
    "reject_recipient", "require_assist", "require_level_above", "review_archive", "reveal_archive_pii",
    "set_threshold", "setting", "submit_archive", "threshold_for", "update_archive",
]

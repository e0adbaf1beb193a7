"""Workers in hardship (困难职工帮扶): archives (建档立卡), verification, campaigns, visits and the fund ledger.

The models by sub-domain: ``archives`` (thresholds, archives, households, home visits, reviews), ``campaigns``
(campaigns, recipients, payments), ``visits`` and ``funds``. Every name is importable from here.
"""

from .archives import (
    ArchiveCause,
    ArchiveReview,
    HardshipArchive,
    HomeVisit,
    HomeVisitPhoto,
    HouseholdMember,
    IncomeThreshold,
    _photo_upload_to,
    notice_over,
    photo_storage,
)
from .campaigns import AidCampaign, AidPayment, AidRecipient, CampaignParticipant
from .common import MONEY, level_above, may_assist, may_decide_above, only_above
from .funds import FundBalance, FundLedgerEntry, Overdraft
from .visits import Pairing, Visit, VisitTask

__all__ = [
    "MONEY", "AidCampaign", "AidPayment", "AidRecipient", "ArchiveCause", "ArchiveReview", "CampaignParticipant",
    "FundBalance", "FundLedgerEntry", "HardshipArchive", "HomeVisit", "HomeVisitPhoto", "HouseholdMember",
    "IncomeThreshold", "Overdraft", "Pairing", "Visit", "VisitTask", "_photo_upload_to", "level_above",
    "may_assist", "may_decide_above", "notice_over", "only_above", "photo_storage",
]

"""Pages of hardship aid (困难职工帮扶), by sub-domain: ``archives`` (thresholds, archives and their steps),
``campaigns`` (campaigns, recipients, payments), ``visits`` and ``funds``. Every view is importable from here.

Privacy: archives, recipients, visits and payments are listed only where the user may ``assist``; a viewer
finds an archive (it is in scope, so no 404) but its page answers 403 and the overview shows counts only.
"""

from .archives import (
    ArchiveApproveView,
    ArchiveCloseView,
    ArchiveDetailView,
    ArchiveEditView,
    ArchiveListView,
    ArchivePrintView,
    ArchiveRejectView,
    ArchiveRevealView,
    ArchiveReviewView,
    ArchiveSubmitView,
    EndNoticeView,
    HomeVisitView,
    OccasionView,
    PairingView,
    PhotoDownloadView,
    ThresholdEditView,
    ThresholdListView,
    VerifyView,
    VisitView,
)
from .campaigns import (
    CampaignCloseView,
    CampaignDetailView,
    CampaignEditView,
    CampaignListView,
    ForgottenView,
    PaymentListPrintView,
    PaymentListView,
    PayView,
    ProposeView,
    RecipientApproveView,
    RecipientDetailView,
    RecipientListView,
    RecipientRejectView,
)
from .common import NAV, AssistMixin, OverviewView
from .funds import AllocationEditView, EntryDetailView, IncomeEditView, LedgerView, OverdraftEditView
from .visits import TaskListView, VisitListView

__all__ = [
    "NAV", "AllocationEditView", "ArchiveApproveView", "ArchiveCloseView", "ArchiveDetailView", "ArchiveEditView",
    "ArchiveListView", "ArchivePrintView", "ArchiveRejectView", "ArchiveRevealView", "ArchiveReviewView",
    "ArchiveSubmitView",
    "AssistMixin", "CampaignCloseView", "CampaignDetailView", "CampaignEditView", "CampaignListView", "EndNoticeView",
    "EntryDetailView", "ForgottenView", "HomeVisitView", "IncomeEditView", "LedgerView", "OccasionView",
    "OverdraftEditView", "OverviewView", "PairingView", "PayView", "PaymentListPrintView", "PaymentListView",
    "PhotoDownloadView",
    "ProposeView", "RecipientApproveView", "RecipientDetailView", "RecipientListView", "RecipientRejectView",
    "TaskListView", "ThresholdEditView", "ThresholdListView", "VerifyView", "VisitListView", "VisitView",
]

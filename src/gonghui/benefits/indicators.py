"""Member benefits in the statistics: cards issued, activated and used with the three rates (发送率, 激活率,
使用率), dormant cards, merchants with a contract in force, mutual-aid enrolment, claims paid and the payout ratio,
micro-loans issued, their amounts and repayment. Stocks are counted now whatever the period; payments and
disbursals in the period they were made. Each figure opens the records it counts."""

import dataclasses
from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RatioIndicator, RecordIndicator, register, register_section

from . import selectors
from .choices import LIVE_CARD_STATUSES, CardStatus, ClaimStatus, InsuranceClaimStatus, LoanStatus

SECTION = "benefits"
register_section(SECTION, _("Member benefits"))


@dataclasses.dataclass(eq=False)
class TodayIndicator(RecordIndicator):
    """A stock whose condition depends on today's date (a contract in force, a dormant card)."""

    today_where: Callable | None = None

    def records(self, period):
        return super().records(period).filter(self.today_where(timezone.localdate()))


LIVE = Q(status__in=LIVE_CARD_STATUSES)
ACTIVE = Q(status=CardStatus.ACTIVE)
USED = ACTIVE & Q(last_used_on__isnull=False)

register(RecordIndicator(
    "benefits_cards_issued", _("Service cards issued"), unit=_("cards"), section=SECTION, target=True,
    help=_("Service cards issued to members and not cancelled."), model="benefits.ServiceCard", where=LIVE,
    list_url_name="benefits:card_list", list_params={"live": "yes"}))
register(RecordIndicator(
    "benefits_cards_activated", _("Service cards activated"), unit=_("cards"), section=SECTION,
    help=_("Service cards activated by their members."), model="benefits.ServiceCard", where=ACTIVE,
    list_url_name="benefits:card_list", list_params={"status": CardStatus.ACTIVE}))
register(RecordIndicator(
    "benefits_cards_used", _("Service cards used"), unit=_("cards"), section=SECTION,
    help=_("Activated service cards used at least once."), model="benefits.ServiceCard", where=USED,
    list_url_name="benefits:card_list", list_params={"status": CardStatus.ACTIVE, "used": "yes"}))
register(TodayIndicator(
    "benefits_cards_dormant", _("Dormant service cards (睡眠卡)"), unit=_("cards"), section=SECTION,
    help=_("Cards not cancelled, issued more than 180 days ago and not used in the last 180 days."),
    model="benefits.ServiceCard", today_where=selectors.dormant_q, list_url_name="benefits:card_list",
    list_params={"dormant": "yes"}))
register(RatioIndicator(
    "benefits_card_issue_rate", _("Card issue rate (发送率)"), section=SECTION, target=True,
    numerator="benefits_cards_issued", denominator="members", help=_("Service cards issued ÷ members.")))
register(RatioIndicator(
    "benefits_card_activation_rate", _("Card activation rate (激活率)"), section=SECTION, target=True,
    numerator="benefits_cards_activated", denominator="benefits_cards_issued",
    help=_("Service cards activated ÷ cards issued.")))
register(RatioIndicator(
    "benefits_card_use_rate", _("Card use rate (使用率)"), section=SECTION, target=True,
    numerator="benefits_cards_used", denominator="benefits_cards_activated",
    help=_("Service cards used ÷ cards activated.")))

register(TodayIndicator(
    "benefits_merchants_in_force", _("Merchants with a contract in force"), unit=_("merchants"), section=SECTION,
    help=_("Discount merchants whose signed contract is in its term today: the discounts members see."),
    model="benefits.Merchant", today_where=selectors.in_force_q, list_url_name="benefits:merchant_list",
    list_params={"in_force": "yes"}))

register(RecordIndicator(
    "benefits_aid_enrolled", _("Members enrolled in mutual medical aid"), unit=_("people"), section=SECTION,
    help=_("Enrolments in mutual aid rounds covering the period."), model="benefits.AidEnrolment",
    org_field="round__org", date_field="round__ends_on", list_url_name="benefits:round_list",
    period_params=("ends_from", "ends_to")))
register(RecordIndicator(
    "benefits_aid_raised", _("Mutual aid contributions raised"), unit=_("yuan"), section=SECTION,
    help=_("Contributions remitted for the members enrolled in rounds covering the period."),
    model="benefits.AidEnrolment", org_field="round__org", date_field="round__ends_on",
    sum_field="contribution", list_url_name="benefits:round_list", period_params=("ends_from", "ends_to")))
register(RecordIndicator(
    "benefits_claims_paid", _("Mutual aid claims paid"), unit=_("claims"), section=SECTION,
    help=_("Claims paid in the period."), model="benefits.AidClaim", date_field="paid_on",
    where=Q(status=ClaimStatus.PAID), list_url_name="benefits:claim_list",
    list_params={"status": ClaimStatus.PAID}))
register(RecordIndicator(
    "benefits_claims_paid_amount", _("Mutual aid paid out"), unit=_("yuan"), section=SECTION,
    help=_("Amounts of the claims paid in the period."), model="benefits.AidClaim", date_field="paid_on",
    where=Q(status=ClaimStatus.PAID), sum_field="approved_amount", list_url_name="benefits:claim_list",
    list_params={"status": ClaimStatus.PAID}))
register(RatioIndicator(
    "benefits_payout_ratio", _("Mutual aid payout ratio"), section=SECTION,
    numerator="benefits_claims_paid_amount", denominator="benefits_aid_raised",
    help=_("Paid out ÷ contributions raised.")))

DISBURSED = Q(status__in=[LoanStatus.DISBURSED, LoanStatus.REPAID, LoanStatus.DEFAULTED])
register(RecordIndicator(
    "benefits_loans_issued", _("Micro-loans disbursed"), unit=_("loans"), section=SECTION,
    help=_("Micro-loans disbursed in the period."), model="benefits.LoanApplication", date_field="disbursed_on",
    where=DISBURSED, list_url_name="benefits:loan_list"))
register(RecordIndicator(
    "benefits_loans_amount", _("Micro-loan amounts disbursed"), unit=_("yuan"), section=SECTION,
    help=_("Amounts of the micro-loans disbursed in the period."), model="benefits.LoanApplication",
    date_field="disbursed_on", where=DISBURSED, sum_field="amount", list_url_name="benefits:loan_list"))
register(RecordIndicator(
    "benefits_loans_repaid", _("Micro-loan amounts repaid"), unit=_("yuan"), section=SECTION,
    help=_("Repaid so far on the micro-loans disbursed in the period."), model="benefits.LoanApplication",
    date_field="disbursed_on", where=DISBURSED, sum_field="repaid", list_url_name="benefits:loan_list"))
register(RatioIndicator(
    "benefits_loan_repayment_rate", _("Micro-loan repayment rate"), section=SECTION,
    numerator="benefits_loans_repaid", denominator="benefits_loans_amount",
    help=_("Repaid ÷ disbursed, for the loans disbursed in the period.")))

register(RecordIndicator(
    "benefits_insured", _("Members enrolled in group insurance"), unit=_("people"), section=SECTION,
    help=_("Members enrolled in group insurance (e.g. women workers' 安康保险) whose cover ends in the period."),
    model="benefits.InsuranceEnrolment", org_field="plan__org", date_field="plan__ends_on",
    list_url_name="benefits:plan_list", period_params=("ends_from", "ends_to")))
register(RecordIndicator(
    "benefits_insurance_paid", _("Group insurance claims paid"), unit=_("yuan"), section=SECTION,
    help=_("Amounts the insurers paid on members' claims in the period."), model="benefits.InsuranceClaim",
    date_field="paid_on", where=Q(status=InsuranceClaimStatus.PAID), sum_field="paid_amount",
    list_url_name="benefits:iclaim_list", list_params={"status": InsuranceClaimStatus.PAID},
    period_params=("paid_from", "paid_to")))

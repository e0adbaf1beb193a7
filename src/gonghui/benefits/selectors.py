"""Reads of member benefits, scoped to the user; what members see in the portal."""

import datetime
import math

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.workbench import todo_item
from gonghui.members.choices import MemberStatus
from gonghui.members.selectors import members_for
from gonghui.orgs.selectors import live_orgs_for

from .choices import (
    LIVE_CARD_STATUSES,
    CardStatus,
    ClaimStatus,
    InsuranceClaimStatus,
    LoanStatus,
    dormant_days,
    merchant_expiring_days,
)
from .models import (
    AidClaim,
    AidRound,
    InsuranceClaim,
    InsuranceEnrolment,
    InsurancePlan,
    LoanApplication,
    LoanQuota,
    Merchant,
    MerchantReport,
    PayoutRate,
    ServiceCard,
)


def cards_for(user):
    return ServiceCard.objects.for_user(user).select_related("org", "member")


def merchants_for(user):
    return Merchant.objects.for_user(user).select_related("org")


def rounds_for(user):
    return AidRound.objects.for_user(user).select_related("org")


def claims_for(user):
    return AidClaim.objects.for_user(user).select_related("org", "member", "round", "rate")


def loans_for(user):
    return LoanApplication.objects.for_user(user).select_related("org", "member")


def quotas_for(user):
    return LoanQuota.objects.for_user(user).select_related("org")


def plans_for(user):
    return InsurancePlan.objects.for_user(user).select_related("org")


def iclaims_for(user):
    return InsuranceClaim.objects.for_user(user).select_related("org", "member", "plan")


def open_reports_q():
    """Merchants with a member's report of a discount not honoured that the union has not followed up."""
    return Q(Exists(MerchantReport.objects.filter(merchant=OuterRef("pk"), honoured=False,
                                                  followed_up_on__isnull=True)))


def in_force_q(today):
    """Merchants whose contract is signed and in its term on ``today``: the only discounts members see."""
    return Q(contract_signed_on__isnull=False, contract_starts_on__lte=today, contract_ends_on__gte=today)


def dormant_q(today):
    """睡眠卡: a card not cancelled, issued more than the dormant period ago, never used or not used since."""
    cutoff = today - datetime.timedelta(days=dormant_days())
    return (Q(status__in=[CardStatus.ISSUED, CardStatus.DELIVERED, CardStatus.ACTIVE], issued_on__lt=cutoff)
            & (Q(last_used_on__isnull=True) | Q(last_used_on__lt=cutoff)))


def expiring(qs, today):
    return qs.filter(in_force_q(today), contract_ends_on__lte=today + datetime.timedelta(
        days=merchant_expiring_days()))


# --- the member portal --------------------------------------------------------------------------------------------

def member_card(member):
    return ServiceCard.objects.filter(member=member).exclude(status=CardStatus.CANCELLED).first()


def member_merchants(member, today, q=""):
    """Merchants with a contract in force of the member's union or a union above it."""
    path = member.org.path
    ancestors = [path[:i] for i in range(4, len(path) + 1, 4)]
    qs = Merchant.objects.filter(in_force_q(today), org__path__in=ancestors).select_related("org")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q) | Q(discount__icontains=q))
    return qs.order_by("category", "name")


def distance_km(lat1, lng1, lat2, lng2):
    """The great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lng2 - lng1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def by_distance(merchants, lat, lng):
    """Merchants nearest first, each with ``distance`` (km, None without a location); those without one last."""
    for m in merchants:
        m.distance = (round(distance_km(lat, lng, float(m.latitude), float(m.longitude)), 1)
                      if m.latitude is not None and m.longitude is not None else None)
    return sorted(merchants, key=lambda m: (m.distance is None, m.distance or 0, m.name))


def member_rounds(member):
    return AidRound.objects.filter(enrolments__member=member).select_related("org").order_by("-year")


def member_rates(member):
    return PayoutRate.objects.filter(round__enrolments__member=member).select_related("round").order_by(
        "-round__year", "id")


def member_claims(member):
    return AidClaim.objects.filter(member=member).select_related("round", "rate").order_by("-created_at")


def member_insurance(member):
    """The member's own group-insurance enrolments, newest cover first."""
    return InsuranceEnrolment.objects.filter(member=member).select_related("plan").order_by("-plan__starts_on",
                                                                                              "-id")


def member_insurance_claims(member):
    return InsuranceClaim.objects.filter(member=member).select_related("plan").prefetch_related(
        "documents").order_by("-created_at", "-id")


def workbench_todo(user, today):
    from django.urls import reverse

    return [
        todo_item("benefits_claims_waiting", _("Mutual aid claims waiting for a decision"),
                  AidClaim.objects.for_user(user).filter(status=ClaimStatus.SUBMITTED),
                  f"{reverse('benefits:claim_list')}?status={ClaimStatus.SUBMITTED}", urgency="open"),
        todo_item("benefits_claims_to_pay", _("Approved mutual aid claims to pay"),
                  AidClaim.objects.for_user(user).filter(status=ClaimStatus.APPROVED),
                  f"{reverse('benefits:claim_list')}?status={ClaimStatus.APPROVED}", urgency="due"),
        todo_item("benefits_loans_waiting", _("Micro-loan applications waiting for the bank"),
                  LoanApplication.objects.for_user(user).filter(status=LoanStatus.APPLIED),
                  f"{reverse('benefits:loan_list')}?status={LoanStatus.APPLIED}", urgency="open"),
        todo_item("benefits_reports_to_follow_up", _("Discounts not honoured to follow up"),
                  Merchant.objects.for_user(user).filter(open_reports_q()),
                  f"{reverse('benefits:merchant_list')}?open_reports=yes", urgency="open"),
        todo_item("benefits_insurance_claims_waiting", _("Insurance claims waiting for the insurer"),
                  InsuranceClaim.objects.for_user(user).filter(status=InsuranceClaimStatus.SUBMITTED),
                  f"{reverse('benefits:iclaim_list')}?status={InsuranceClaimStatus.SUBMITTED}", urgency="open"),
        todo_item("benefits_merchants_expiring", _("Merchant contracts expiring within 30 days"),
                  expiring(Merchant.objects.for_user(user), today),
                  f"{reverse('benefits:merchant_list')}?expiring=yes", urgency="due"),
    ]


def roster_union(user, code=None):
    """The union whose roster goes to the bank: the one of that code in the user's scope, else the user's own."""
    unions = live_orgs_for(user)
    if code:
        return unions.filter(code=code).first()
    return unions.filter(pk=user.home_org_id).first() if user.home_org_id else None


def members_without_card(user, union):
    """Active members of the union's subtree who hold no live service card: the bank makes their cards."""
    carded = ServiceCard.objects.filter(status__in=LIVE_CARD_STATUSES).values("member_id")
    return (members_for(user).filter(org__path__startswith=union.path, status=MemberStatus.ACTIVE)
            .exclude(pk__in=carded).order_by("org__path", "name", "pk"))

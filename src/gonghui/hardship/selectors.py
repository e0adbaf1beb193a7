"""Reads of hardship aid, always through the user's scope.

Household, health and income details are read only where the user may ``assist`` (staff and above at the
archive's union or above); viewers get counts (``archive_counts``) and the statistics dashboard.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.workbench import todo_item
from gonghui.orgs.models import Organisation

from .choices import (
    DEFAULT_MIN_VISITS_PER_UNION,
    HOLDING_RECIPIENT_STATUSES,
    ArchiveStatus,
    Category,
    RecipientStatus,
    Relation,
    Tier,
)
from .models import (
    AidCampaign,
    AidPayment,
    AidRecipient,
    CampaignParticipant,
    FundBalance,
    FundLedgerEntry,
    HardshipArchive,
    IncomeThreshold,
    Overdraft,
    Visit,
    VisitTask,
)


def thresholds_for(user):
    return IncomeThreshold.objects.for_user(user).select_related("org")


def archives_visible(user):
    """Archives in the user's scope: found (not 404), but their details need ``assist``."""
    return HardshipArchive.objects.for_user(user).select_related("org")


def archives_for(user):
    """Archives whose details the user may read (``assist`` at the archive's union or above)."""
    return (HardshipArchive.objects.filter(scope.action_filter(user, "assist", "org"))
            .select_related("org", "member", "approved_by"))


def archive_counts(user):
    """Counts by status and by tier over the user's whole scope (what a viewer gets)."""
    qs = HardshipArchive.objects.for_user(user)
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    by_tier = dict(qs.filter(status=ArchiveStatus.ACTIVE).values_list("tier").annotate(n=Count("id")).order_by())
    return {
        "statuses": [(label, by_status.get(value, 0)) for value, label in ArchiveStatus.choices],
        "tiers": [(label, by_tier.get(value, 0)) for value, label in Tier.choices],
        "total": sum(by_status.values()),
    }


def reviews_due(user, today=None, within_days=30):
    """Active archives whose yearly review is due within ``within_days`` (or overdue)."""
    today = today or timezone.localdate()
    return archives_for(user).filter(status=ArchiveStatus.ACTIVE,
                                     next_review_due__lte=today + datetime.timedelta(days=within_days))


def _ancestor_or_self_paths(paths):
    out = set()
    for p in paths:
        out.update(p[:i] for i in range(4, len(p) + 1, 4))
    return out


def campaigns_for(user):
    """Campaigns opened in the user's scope, and campaigns the user's organisations take part in."""
    if scope.is_unrestricted(user):
        return AidCampaign.objects.select_related("org")
    paths = scope.scope_paths(user)
    part = CampaignParticipant.objects.filter(campaign=OuterRef("pk")).filter(
        Q(org__path__in=_ancestor_or_self_paths(paths)) | scope.scope_filter(user, "org"))
    return AidCampaign.objects.filter(scope.scope_filter(user, "org") | Q(Exists(part))).select_related("org")


def recipients_for(user):
    """Recipients whose details the user may read (``assist`` at the proposing union or above)."""
    return (AidRecipient.objects.filter(scope.action_filter(user, "assist", "org"))
            .select_related("campaign", "org", "archive", "decided_by"))


def recipients_visible(user):
    """Recipients in the user's scope: found (not 404), but their details need ``assist``."""
    return AidRecipient.objects.for_user(user).select_related("campaign", "org", "archive")


def payments_for(user):
    return (AidPayment.objects.filter(scope.action_filter(user, "assist", "recipient__org"))
            .select_related("recipient", "recipient__campaign", "recipient__org", "recipient__archive", "fund_org"))


def visits_for(user):
    return Visit.objects.filter(scope.action_filter(user, "assist", "org")).select_related("org", "archive")


def tasks_for(user):
    return VisitTask.objects.filter(scope.action_filter(user, "assist", "org")).select_related("org", "archive")


def entries_for(user):
    return FundLedgerEntry.objects.for_user(user).select_related("org", "counterpart", "payment__recipient")


def overdrafts_for(user):
    return Overdraft.objects.for_user(user).select_related("org")


def balance_of(org):
    row = FundBalance.objects.filter(org=org).first()
    return row.balance if row else Decimal("0")


def campaign_progress(campaign, user):
    """Budget vs paid at every level: per participant (its subtree) and each organisation with recipients below it,
    for the organisations in the user's scope only (a level above the user's would sum others' figures)."""
    recipients = AidRecipient.objects.filter(campaign=campaign, status__in=HOLDING_RECIPIENT_STATUSES)
    approved = Q(status__in=[RecipientStatus.APPROVED, RecipientStatus.PAID])
    by_org = {r["org__path"]: r for r in recipients.values("org__path").annotate(
        proposed=Count("id"), approved=Count("id", filter=approved), planned=Sum("amount")).order_by()}
    paid = dict(AidPayment.objects.filter(recipient__campaign=campaign).values_list("recipient__org__path")
                .annotate(s=Sum("amount")).order_by())
    rows = []
    paths = set(by_org) | set(paid)
    levels = {}
    for path in paths:
        for anc in _ancestor_or_self_paths([path]):
            levels.setdefault(anc, None)
    budgets = {p.org.path: p.budget for p in campaign.participants.select_related("org")}
    levels.update(dict.fromkeys(budgets))
    orgs = {o.path: o for o in Organisation.objects.filter(path__in=list(levels), path__startswith=campaign.org.path)}
    for path in sorted(orgs):
        sub = [v for p, v in by_org.items() if p.startswith(path)]
        if not scope.in_scope(user, orgs[path]):  # an aggregate is scoped too: no other district's unions or figures
            continue
        rows.append({
            "org": orgs[path], "depth": orgs[path].depth - campaign.org.depth, "budget": budgets.get(path),
            "proposed": sum(v["proposed"] for v in sub), "approved": sum(v["approved"] for v in sub),
            "planned": sum((v["planned"] or 0 for v in sub), Decimal("0")),
            "paid": sum((v for p, v in paid.items() if p.startswith(path)), Decimal("0")),
        })
    return rows


def participant_for(campaign, org):
    """The participant whose subtree holds ``org`` (the nearest one), or None."""
    parts = [p for p in campaign.participants.select_related("org") if org.path.startswith(p.org.path)]
    return max(parts, key=lambda p: p.org.depth) if parts else None


def archive_qualifies(campaign, archive, *, today=None):
    """Does an archive meet the campaign's eligibility (active, tier, categories, a student of the entry year)?"""
    if archive.status != ArchiveStatus.ACTIVE:
        return False
    if campaign.eligible_tiers and archive.tier not in campaign.eligible_tiers:
        return False
    cats = campaign.eligible_categories
    if cats and not ((Category.MODEL_WORKER in cats and archive.model_worker)
                     or (Category.MIGRANT in cats and archive.migrant_worker)):
        return False
    if campaign.is_school_aid:
        return any(h.school_entry_year == campaign.school_entry_year
                   and h.relation in (Relation.CHILD, Relation.GRANDCHILD) for h in archive.household.all())
    return True


def forgotten(user, campaign):
    """Active archives (in the user's assist scope, in the campaign's participants) that qualify but got nothing."""
    part_paths = [p.org.path for p in campaign.participants.select_related("org")]
    if not part_paths:
        return []
    inside = Q()
    for p in part_paths:
        inside |= Q(org__path__startswith=p)
    held = AidRecipient.objects.filter(campaign=campaign, status__in=HOLDING_RECIPIENT_STATUSES).filter(
        Q(archive=OuterRef("pk")) | Q(worker_hash=OuterRef("id_hash")))
    qs = (archives_for(user).filter(inside, status=ArchiveStatus.ACTIVE).exclude(Exists(held))
          .prefetch_related("household").order_by("org__path", "name"))
    if campaign.eligible_tiers:
        qs = qs.filter(tier__in=campaign.eligible_tiers)
    return [a for a in qs if archive_qualifies(campaign, a)]


def min_visits():
    return int(getattr(settings, "GONGHUI_MIN_VISITS_PER_UNION", DEFAULT_MIN_VISITS_PER_UNION))


def visit_shortfall(user, year):
    """Unions with active archives that visited fewer households in ``year`` than the rule asks.

    The rule: at least ``GONGHUI_MIN_VISITS_PER_UNION`` households a year (or all of them, if it has fewer).
    """
    need = min_visits()
    active = dict(archives_for(user).filter(status=ArchiveStatus.ACTIVE).values_list("org_id")
                  .annotate(n=Count("id")).order_by())
    visited = dict(visits_for(user).filter(date__year=year).values_list("org_id")
                   .annotate(n=Count("archive_id", distinct=True)).order_by())
    orgs = Organisation.objects.in_bulk(list(active))
    rows = []
    for org_id, n in active.items():
        required = min(need, n)
        done = visited.get(org_id, 0)
        if done < required:
            rows.append({"org": orgs[org_id], "households": n, "required": required, "visited": done,
                         "missing": required - done})
    return sorted(rows, key=lambda r: r["org"].path)


def portal_archives(member):
    return HardshipArchive.objects.filter(id_hash=member.id_hash).select_related("org").order_by("-created_at")


def portal_aid(member):
    return (AidRecipient.objects.filter(worker_hash=member.id_hash).exclude(status=RecipientStatus.REJECTED)
            .select_related("campaign").order_by("-created_at"))


def workbench_todo(user, today, within_days=30):
    """Yearly reviews (动态管理) due within a month, overdue ones first; for those who may open archives."""
    due = reviews_due(user, today, within_days).order_by("next_review_due")
    by = today + datetime.timedelta(days=within_days)
    url = f"{reverse('hardship:archive_list')}?status=active&review_due_by={by:%Y-%m-%d}"
    overdue = due.filter(next_review_due__lt=today).exists()
    return [todo_item("reviews_due", _("Archives due for their yearly review"), due, url,
                      urgency="overdue" if overdue else "due", when="next_review_due")]

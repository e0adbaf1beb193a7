"""Filters shared by the pages and the API; the statistics' drilldowns link here with the same parameters."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core import pii, scope
from gonghui.core.fields import CodeSuggestInput
from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, date_range
from gonghui.core.validators import normalise_id_number

from .choices import (
    ArchiveStatus,
    CampaignKind,
    CampaignStatus,
    Cause,
    EntryKind,
    IncomeSource,
    Occasion,
    PaymentKind,
    RecipientStatus,
    TaskStatus,
    Tier,
)
from .models import (
    AidCampaign,
    AidPayment,
    AidRecipient,
    ArchiveCause,
    FundLedgerEntry,
    HardshipArchive,
    IncomeThreshold,
    Visit,
    VisitTask,
)


class ThresholdFilterSet(ScopedFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    within = WithinFilter("org")
    q = SearchFilter(("org__name__icontains", "org__code__istartswith", "note__icontains"))

    class Meta:
        model = IncomeThreshold
        fields = ["year", "within", "q"]


class ArchiveSearchFilter(django_filters.CharFilter):
    """``q``: an ID number (found by its keyed hash), an archive number (KN…) or part of the name."""

    def __init__(self, **kwargs):
        super().__init__(label=_("Search"), **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        ident = normalise_id_number(value)
        if len(ident) == 18 and ident[:17].isdigit():
            return qs.filter(id_hash=pii.id_hash(ident))
        if value.upper().startswith("KN"):
            return qs.filter(archive_no__istartswith=value)
        return qs.filter(name__icontains=value)


def active_on(qs, day, prefix=""):
    """Archives active on ``day``: approved by then and not closed by then (the 'active archives' stock)."""
    return qs.filter(**{f"{prefix}approved_on__lte": day}).filter(
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})).exclude(
        **{f"{prefix}status__in": [ArchiveStatus.REJECTED]})


class ArchiveFilterSet(ScopedFilterSet):
    """Serves the archive list and ``/api/v1/hardship-archives/``."""

    q = ArchiveSearchFilter()
    status = django_filters.ChoiceFilter(choices=ArchiveStatus.choices, label=_("Status"))
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("Tier"))
    cause = django_filters.ChoiceFilter(choices=Cause.choices, method="filter_cause", label=_("Cause"))
    within = WithinFilter("org")
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Active on"))
    approved_from, approved_to = date_range("approved_on", _("Approved from"), _("Approved to"))
    closed_from, closed_to = date_range("closed_on", _("Closed from"), _("Closed to"))
    review_due_by = django_filters.DateFilter(field_name="next_review_due", lookup_expr="lte", label=_("Review due by"))

    class Meta:
        model = HardshipArchive
        fields = ["q", "status", "tier", "cause", "within", "active_on", "approved_from", "approved_to", "closed_from",
                  "closed_to", "review_due_by"]

    def filter_cause(self, qs, name, value):
        return qs.filter(Exists(ArchiveCause.objects.filter(archive=OuterRef("pk"), cause=value)))

    def filter_active_on(self, qs, name, value):
        return active_on(qs, value)


class CampaignFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains",))
    kind = django_filters.ChoiceFilter(choices=CampaignKind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=CampaignStatus.choices, label=_("Status"))
    within = WithinFilter("org")

    class Meta:
        model = AidCampaign
        fields = ["q", "kind", "year", "status", "within"]


def _with_payment(qs, **lookup):
    """Recipients with a payment matching ``lookup`` (``paid_on__gte=...``)."""
    return qs.filter(Exists(AidPayment.objects.filter(recipient=OuterRef("pk"), **lookup)))


class RecipientFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "student_name__icontains", "campaign__name__icontains"))
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("Campaign (id)"))
    kind = django_filters.ChoiceFilter(field_name="campaign__kind", choices=CampaignKind.choices,
                                       label=_("Campaign kind"))
    status = django_filters.ChoiceFilter(choices=RecipientStatus.choices, label=_("Status"))
    within = WithinFilter("org")
    paid_from = django_filters.DateFilter(method="filter_paid_from", label=_("Paid from"))
    paid_to = django_filters.DateFilter(method="filter_paid_to", label=_("Paid to"))

    class Meta:
        model = AidRecipient
        fields = ["q", "campaign", "kind", "status", "within", "paid_from", "paid_to"]

    def filter_paid_from(self, qs, name, value):
        return _with_payment(qs, paid_on__gte=value)

    def filter_paid_to(self, qs, name, value):
        return _with_payment(qs, paid_on__lte=value)


class PaymentFilterSet(ScopedFilterSet):
    campaign = django_filters.NumberFilter(field_name="recipient__campaign_id", label=_("Campaign (id)"))
    campaign_kind = django_filters.ChoiceFilter(field_name="recipient__campaign__kind", choices=CampaignKind.choices,
                                                label=_("Campaign kind"))
    kind = django_filters.ChoiceFilter(choices=PaymentKind.choices, label=_("Kind"))
    within = WithinFilter("recipient__org")
    paid_from, paid_to = date_range("paid_on", _("Paid from"), _("Paid to"))

    class Meta:
        model = AidPayment
        fields = ["campaign", "campaign_kind", "kind", "within", "paid_from", "paid_to"]


class VisitFilterSet(ScopedFilterSet):
    q = SearchFilter(("archive__name__icontains", "visitors__icontains"))
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices, label=_("Occasion"))
    within = WithinFilter("org")
    date_from, date_to = date_range("date", _("From"), _("To"))

    class Meta:
        model = Visit
        fields = ["q", "occasion", "within", "date_from", "date_to"]


class TaskFilterSet(ScopedFilterSet):
    q = SearchFilter(("archive__name__icontains",))
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices, label=_("Occasion"))
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label=_("Status"))
    within = WithinFilter("org")
    due_by = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due by"))

    class Meta:
        model = VisitTask
        fields = ["q", "occasion", "status", "within", "due_by"]


class EntryFilterSet(ScopedFilterSet):
    q = SearchFilter(("memo__icontains", "donor__icontains", "org__name__icontains"))
    org = django_filters.CharFilter(method="filter_org", label=_("Organisation (code)"),
                                    widget=CodeSuggestInput("orgs:org_autocomplete"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=_("Kind"))
    source = django_filters.ChoiceFilter(choices=IncomeSource.choices, label=_("Source"))
    date_from, date_to = date_range("date", _("From"), _("To"))

    class Meta:
        model = FundLedgerEntry
        fields = ["q", "org", "within", "kind", "source", "date_from", "date_to"]

    def filter_org(self, qs, name, value):
        """One organisation's own ledger (not its subtree's)."""
        org = scope.org_by_code(self.user, value)
        return qs.filter(org=org) if org is not None else qs.none()

"""Filters shared by the pages and the API; the statistics' drilldowns link here with the same parameters."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeSuggestInput
from gonghui.members.filtersets import StyledFilterMixin, WithinFilterMixin, _user

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

WITHIN_LABEL = _("Within union (code)")


def _within():
    return django_filters.CharFilter(method="filter_within", label=WITHIN_LABEL,
                                     widget=CodeSuggestInput("orgs:org_autocomplete"))


class ThresholdFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    within = _within()
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = IncomeThreshold
        fields = ["year", "within", "q"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(org__name__icontains=value) | Q(org__code__istartswith=value) | Q(note__icontains=value))


class ArchiveFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    """Serves the archive list and ``/api/v1/hardship-archives/``."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ArchiveStatus.choices, label=_("Status"))
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("Tier"))
    cause = django_filters.ChoiceFilter(choices=Cause.choices, method="filter_cause", label=_("Cause"))
    within = _within()
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Active on"))
    approved_from = django_filters.DateFilter(field_name="approved_on", lookup_expr="gte", label=_("Approved from"))
    approved_to = django_filters.DateFilter(field_name="approved_on", lookup_expr="lte", label=_("Approved to"))
    closed_from = django_filters.DateFilter(field_name="closed_on", lookup_expr="gte", label=_("Closed from"))
    closed_to = django_filters.DateFilter(field_name="closed_on", lookup_expr="lte", label=_("Closed to"))
    review_due_by = django_filters.DateFilter(field_name="next_review_due", lookup_expr="lte", label=_("Review due by"))

    class Meta:
        model = HardshipArchive
        fields = ["q", "status", "tier", "cause", "within", "active_on", "approved_from", "approved_to", "closed_from",
                  "closed_to", "review_due_by"]

    def filter_q(self, qs, name, value):
        from gonghui.core import pii
        from gonghui.core.validators import normalise_id_number

        value = value.strip()
        ident = normalise_id_number(value)
        if len(ident) == 18 and ident[:17].isdigit():
            return qs.filter(id_hash=pii.id_hash(ident))
        if value.upper().startswith("KN"):
            return qs.filter(archive_no__istartswith=value)
        return qs.filter(name__icontains=value)

    def filter_cause(self, qs, name, value):
        return qs.filter(Exists(ArchiveCause.objects.filter(archive=OuterRef("pk"), cause=value)))

    def filter_active_on(self, qs, name, value):
        return active_on(qs, value)


def active_on(qs, day, prefix=""):
    """Archives active on ``day``: approved by then and not closed by then (the 'active archives' stock)."""
    return qs.filter(**{f"{prefix}approved_on__lte": day}).filter(
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})).exclude(
        **{f"{prefix}status__in": [ArchiveStatus.REJECTED]})


class CampaignFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=CampaignKind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=CampaignStatus.choices, label=_("Status"))
    within = _within()

    class Meta:
        model = AidCampaign
        fields = ["q", "kind", "year", "status", "within"]


class RecipientFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("Campaign (id)"))
    kind = django_filters.ChoiceFilter(field_name="campaign__kind", choices=CampaignKind.choices, label=_("Campaign kind"))
    status = django_filters.ChoiceFilter(choices=RecipientStatus.choices, label=_("Status"))
    within = _within()
    paid_from = django_filters.DateFilter(method="filter_paid_from", label=_("Paid from"))
    paid_to = django_filters.DateFilter(method="filter_paid_to", label=_("Paid to"))

    class Meta:
        model = AidRecipient
        fields = ["q", "campaign", "kind", "status", "within", "paid_from", "paid_to"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(student_name__icontains=value) | Q(campaign__name__icontains=value))

    def _paid(self, qs, **lookup):
        return qs.filter(Exists(AidPayment.objects.filter(recipient=OuterRef("pk"), **lookup)))

    def filter_paid_from(self, qs, name, value):
        return self._paid(qs, paid_on__gte=value)

    def filter_paid_to(self, qs, name, value):
        return self._paid(qs, paid_on__lte=value)


class PaymentFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    within_field = "recipient__org"
    campaign = django_filters.NumberFilter(field_name="recipient__campaign_id", label=_("Campaign (id)"))
    campaign_kind = django_filters.ChoiceFilter(field_name="recipient__campaign__kind", choices=CampaignKind.choices,
                                                label=_("Campaign kind"))
    kind = django_filters.ChoiceFilter(choices=PaymentKind.choices, label=_("Kind"))
    within = _within()
    paid_from = django_filters.DateFilter(field_name="paid_on", lookup_expr="gte", label=_("Paid from"))
    paid_to = django_filters.DateFilter(field_name="paid_on", lookup_expr="lte", label=_("Paid to"))

    class Meta:
        model = AidPayment
        fields = ["campaign", "campaign_kind", "kind", "within", "paid_from", "paid_to"]


class VisitFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices, label=_("Occasion"))
    within = _within()
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Visit
        fields = ["q", "occasion", "within", "date_from", "date_to"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(archive__name__icontains=value) | Q(visitors__icontains=value))


class TaskFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="archive__name", lookup_expr="icontains", label=_("Search"))
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices, label=_("Occasion"))
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label=_("Status"))
    within = _within()
    due_by = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due by"))

    class Meta:
        model = VisitTask
        fields = ["q", "occasion", "status", "within", "due_by"]


class EntryFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    org = django_filters.CharFilter(method="filter_org", label=_("Organisation (code)"),
                                    widget=CodeSuggestInput("orgs:org_autocomplete"))
    within = _within()
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=_("Kind"))
    source = django_filters.ChoiceFilter(choices=IncomeSource.choices, label=_("Source"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = FundLedgerEntry
        fields = ["q", "org", "within", "kind", "source", "date_from", "date_to"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(memo__icontains=value) | Q(donor__icontains=value) | Q(org__name__icontains=value))

    def filter_org(self, qs, name, value):
        from gonghui.orgs.selectors import orgs_for

        code = (value or "").strip()
        if code.endswith(")") and "(" in code:
            code = code.rsplit("(", 1)[1][:-1].strip()
        org = orgs_for(_user(self)).filter(code=code).first()
        return qs.filter(org=org) if org is not None else qs.none()

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from .choices import ApprovalKind, ApprovalStatus, ArchiveKind, CadrePosition, ElectionStatus, Engagement
from .models import Approval, ArchiveDocument, Cadre, Election, Term


class CadreFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "org__name__icontains"), label=_("Name or union"))
    within = WithinFilter("org", label=_("Within (organisation code)"))
    position = django_filters.ChoiceFilter(choices=CadrePosition.choices, label=_("Position"))
    engagement = django_filters.ChoiceFilter(choices=Engagement.choices, label=_("Full-time or part-time"))
    in_post = YesNoFilter(Q(left_on__isnull=True), label=_("In post"))
    grassroots = YesNoFilter(Q(org__level=6, org__status__in=("preparing", "active")),
                             label=_("At a live grassroots union"))
    appointed_from, appointed_to = date_range("appointed_on", _("Appointed from"), _("Appointed to"))
    left_from, left_to = date_range("left_on", _("Left from"), _("Left to"))

    class Meta:
        model = Cadre
        fields = ["q", "within", "position", "engagement", "in_post", "grassroots", "appointed_from", "appointed_to",
                  "left_from", "left_to"]


class TermFilterSet(ScopedFilterSet):
    q = SearchFilter(("org__name__icontains", "note__icontains"), label=_("Union or note"))
    within = WithinFilter("org", label=_("Within (organisation code)"))
    open = YesNoFilter(Q(closed_on__isnull=True), label=_("Current term"))
    ends_before = django_filters.DateFilter(field_name="ends_on", lookup_expr="lte", label=_("Ends by"))

    class Meta:
        model = Term
        fields = ["q", "within", "open", "ends_before"]


class ElectionFilterSet(ScopedFilterSet):
    q = SearchFilter(("org__name__icontains", "title__icontains"), label=_("Union or title"))
    within = WithinFilter("org", label=_("Within (organisation code)"))
    status = django_filters.ChoiceFilter(choices=ElectionStatus.choices, label=_("Status"))
    waiting = YesNoFilter(Q(status__in=[ElectionStatus.REVIEW, ElectionStatus.HELD]),
                          label=_("Waiting for the level above"))
    held_from, held_to = date_range("held_on", _("Held from"), _("Held to"))

    class Meta:
        model = Election
        fields = ["q", "within", "status", "waiting", "held_from", "held_to"]


class ApprovalFilterSet(ScopedFilterSet):
    q = SearchFilter(("subject__icontains", "doc_no__icontains", "org__name__icontains"),
                     label=_("Subject, number or union"))
    within = WithinFilter("org", label=_("Within (organisation code)"))
    approver_within = WithinFilter("approver", label=_("Approved within (organisation code)"))
    kind = django_filters.ChoiceFilter(choices=ApprovalKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ApprovalStatus.choices, label=_("Status"))
    decided_from, decided_to = date_range("decided_on", _("Decided from"), _("Decided to"))

    class Meta:
        model = Approval
        fields = ["q", "within", "approver_within", "kind", "status", "decided_from", "decided_to"]


class DocumentFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "number__icontains", "org__name__icontains"),
                     label=_("Title, number or union"))
    within = WithinFilter("org", label=_("Within (organisation code)"))
    kind = django_filters.ChoiceFilter(choices=ArchiveKind.choices, label=_("Kind"))

    class Meta:
        model = ArchiveDocument
        fields = ["q", "within", "kind"]

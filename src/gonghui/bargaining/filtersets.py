import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.filtersets import (
    ScopedFilterSet,
    SearchFilter,
    WithinFilter,
    YesNoFilter,
    date_range,
    filterset_for,
)

from .choices import CampaignStatus, Coverage, OfferStatus, Reply, Topic
from .models import Instructor, NegotiationRound, Offer, OfferCampaign
from .selectors import due_q, overdue_q


class OfferSearch(SearchFilter):
    """Also by an employer's name, in a subquery so an offer to several employers is listed once."""

    def query(self, value):
        named = Offer.employers.through.objects.filter(employerunit__name__icontains=value).values("offer_id")
        return super().query(value) | Q(pk__in=named)


WAITING = (("due", _("Reply due soon")), ("overdue", _("Past the reply date")))


class OfferFilterSet(ScopedFilterSet):
    """Serves the offer list and ``/api/v1/bargaining-offers/``."""

    q = OfferSearch(("reference_no__iexact", "org__name__icontains", "on_behalf_of__name__icontains",
                     "content__icontains"))
    within = WithinFilter("org")
    status = django_filters.ChoiceFilter(choices=OfferStatus.choices, label=_("Status"))
    coverage = django_filters.ChoiceFilter(choices=Coverage.choices, label=_("Coverage"))
    topic = django_filters.ChoiceFilter(choices=Topic.choices, method="filter_topic",
                                        label=pgettext_lazy("bargaining", "Topic"))
    reply = django_filters.ChoiceFilter(choices=Reply.choices, label=pgettext_lazy("bargaining", "Reply"))
    acting = YesNoFilter(Q(on_behalf_of__isnull=False), label=_("On another union's behalf"))
    answered = YesNoFilter(Q(status=OfferStatus.ANSWERED), label=pgettext_lazy("bargaining", "Answered"))
    waiting = django_filters.ChoiceFilter(choices=WAITING, method="filter_waiting", label=_("Waiting for a reply"))
    campaign = django_filters.NumberFilter(field_name="campaign", widget=django_filters.widgets.forms.HiddenInput)
    sent_from, sent_to = date_range("sent_on", _("Sent on or after"), _("Sent on or before"))

    class Meta:
        model = Offer
        fields = ["q", "within", "status", "coverage", "topic", "reply", "acting", "answered", "waiting",
                  "campaign", "sent_from", "sent_to"]

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topic_codes__contains=f",{value},")

    def filter_waiting(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(overdue_q(today) if value == "overdue" else due_q(today))


class CampaignFilterSet(ScopedFilterSet):
    """Serves the campaign list and ``/api/v1/bargaining-campaigns/``."""

    q = SearchFilter(("name__icontains", "org__name__icontains", "content__icontains"))
    within = WithinFilter("org")
    status = django_filters.ChoiceFilter(choices=CampaignStatus.choices, label=_("Status"))
    starts_from, starts_to = date_range("starts_on", _("Starts on or after"), _("Starts on or before"))

    class Meta:
        model = OfferCampaign
        fields = ["q", "within", "status", "starts_from", "starts_to"]


class RoundFilterSet(ScopedFilterSet):
    q = SearchFilter(("offer__reference_no__iexact", "union_side__icontains", "employer_side__icontains",
                      "agreed__icontains", "open_points__icontains", "instructor__name__icontains"))
    within = WithinFilter("offer__org")
    minutes = YesNoFilter(~Q(file=""), label=_("With minutes"))
    held_from, held_to = date_range("held_on", _("Held on or after"), _("Held on or before"))

    class Meta:
        model = NegotiationRound
        fields = ["q", "within", "minutes", "held_from", "held_to"]


InstructorFilterSet = filterset_for(Instructor, search=("name__icontains", "expertise__icontains"), within="org",
                                    fields=("active",))

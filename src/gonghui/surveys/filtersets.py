"""The survey list's filters, shared by the page and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from . import selectors
from .choices import HELD_STATUSES, SurveyStatus
from .models import Survey


class SurveyFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "org__name__icontains", "org__code"))
    status = django_filters.ChoiceFilter(choices=SurveyStatus.choices, label=_("Status"))
    within = WithinFilter("org")
    held = YesNoFilter(Q(status__in=HELD_STATUSES), label=_("Sent to members"))
    opens_from, opens_to = date_range("opens_on", _("Opening from"), _("Opening to"))
    closing_soon = YesNoFilter(lambda: selectors.closing_soon_q(timezone.localdate()),
                               label=_("Closing soon with few responses"))

    class Meta:
        model = Survey
        fields = ["q", "status", "within", "held", "opens_from", "opens_to", "closing_soon"]

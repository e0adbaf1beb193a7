import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from .choices import ANSWERED_STATUSES, DUE_AFTER_DAYS, OVERDUE_AFTER_DAYS, Category, SuggestionStatus
from .models import Suggestion

WAITING = (("new", _("Recently")), ("due", _("Due for an answer")), ("overdue", _("Overdue")))


class SuggestionFilterSet(ScopedFilterSet):
    """Serves the suggestion list and ``/api/v1/suggestions/``. The search never looks at who wrote a suggestion."""

    q = SearchFilter(("reference_no__iexact", "subject__icontains", "text__icontains"))
    within = WithinFilter("org")
    status = django_filters.ChoiceFilter(choices=SuggestionStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    anonymous = YesNoFilter(Q(anonymous=True), label=_("Anonymous"))
    answered = YesNoFilter(Q(status__in=ANSWERED_STATUSES), label=_("Answered"))
    waiting = django_filters.ChoiceFilter(choices=WAITING, method="filter_waiting", label=_("Unanswered for"))
    submitted_from, submitted_to = date_range("submitted_on", _("Submitted from"), _("Submitted to"))

    class Meta:
        model = Suggestion
        fields = ["q", "within", "status", "category", "anonymous", "answered", "waiting", "submitted_from",
                  "submitted_to"]

    def filter_waiting(self, queryset, name, value):
        now = timezone.now()
        due = now - datetime.timedelta(days=DUE_AFTER_DAYS)
        overdue = now - datetime.timedelta(days=OVERDUE_AFTER_DAYS)
        qs = queryset.filter(status=SuggestionStatus.SUBMITTED)
        if value == "new":
            return qs.filter(submitted_at__gte=due)
        if value == "due":
            return qs.filter(submitted_at__lt=due, submitted_at__gte=overdue)
        return qs.filter(submitted_at__lt=overdue)

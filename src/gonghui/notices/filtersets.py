import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from .choices import Audience, NoticeStatus
from .models import Notice


def _live():
    now = timezone.now()
    return Q(status=NoticeStatus.PUBLISHED, publish_from__lte=now) & (
        Q(publish_until__isnull=True) | Q(publish_until__gt=now))


class NoticeFilterSet(ScopedFilterSet):
    """Serves the notice list and ``/api/v1/notices/``."""

    q = SearchFilter(("title__icontains", "body__icontains", "org__name__icontains"))
    within = WithinFilter("org", label=_("Published within (code)"))
    status = django_filters.ChoiceFilter(choices=NoticeStatus.choices, label=_("Status"))
    audience = django_filters.ChoiceFilter(choices=Audience.choices, label=_("Audience"))
    live = YesNoFilter(_live, label=_("Shown to members now"))
    published_from, published_to = date_range("published_on", _("Published from"), _("Published to"))

    class Meta:
        model = Notice
        fields = ["q", "within", "status", "audience", "live", "published_from", "published_to"]

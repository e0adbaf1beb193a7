import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, AuditLog


class AuditLogFilterSet(django_filters.FilterSet):
    """Serves the audit log page and ``/api/v1/audit-log/``."""

    q = django_filters.CharFilter(field_name="object_repr", lookup_expr="icontains", label=_("Object"))
    user_name = django_filters.CharFilter(lookup_expr="icontains", label=_("User"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    since = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__gte", label=_("From"))
    until = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__lte", label=_("To"))
    content_type = django_filters.CharFilter(method="filter_content_type", label=_("Record type (app.model)"))
    object_id = django_filters.CharFilter(label=_("Record ID"))

    class Meta:
        model = AuditLog
        fields = ["q", "user_name", "action", "since", "until", "content_type", "object_id"]

    def filter_content_type(self, queryset, name, value):
        app_label, _sep, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)

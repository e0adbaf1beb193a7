"""One filterset per list, serving the page and the API alike."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter

from .choices import Role
from .models import RoleAssignment, User

ORG_SUBTREE = _("Organisation (with its subtree)")


class UserFilterSet(ScopedFilterSet):
    """Serves the users page and ``/api/v1/users/``."""

    q = SearchFilter(("username__icontains", "full_name__icontains", "email__icontains", "phone__startswith"),
                     widget=forms.TextInput(attrs={"placeholder": _("User name, name, e-mail or phone")}))
    org = WithinFilter("home_org", label=ORG_SUBTREE)
    role = django_filters.ChoiceFilter(choices=Role.choices, method="filter_role", label=_("Role"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "org", "role", "is_active"]

    def filter_role(self, queryset, name, value):
        assignments = RoleAssignment.objects.filter(user=OuterRef("pk"), role=value)
        if self.user is not None:
            assignments = assignments.filter(scope.scope_filter(self.user, "org"))
        return queryset.filter(Exists(assignments))


class RoleAssignmentFilterSet(ScopedFilterSet):
    """Serves ``/api/v1/role-assignments/``."""

    user = django_filters.NumberFilter(field_name="user_id", label=_("User"))
    org = WithinFilter("org", label=ORG_SUBTREE)
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))

    class Meta:
        model = RoleAssignment
        fields = ["user", "org", "role"]

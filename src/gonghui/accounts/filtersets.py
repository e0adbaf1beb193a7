"""One filterset per list, serving the page and the API alike."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeSuggestInput

from .choices import Role
from .models import RoleAssignment, User


class BootstrapFilterSet(django_filters.FilterSet):
    """Filter forms styled for the list pages (the API ignores the widgets)."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
        return form


class OrgSubtreeFilterMixin:
    """``org``: an organisation code (or ``Name (CODE)``); keeps rows whose organisation is in its subtree.

    The code is looked up among the organisations the requesting user may see, so a code outside the scope
    simply matches nothing.
    """

    org_path_field = "org__path"

    def filter_org_subtree(self, queryset, name, value):
        from gonghui.orgs.selectors import orgs_for

        code = value.strip()
        if code.endswith(")") and "(" in code:
            code = code.rsplit("(", 1)[1][:-1].strip()
        user = getattr(self.request, "user", None)
        org = orgs_for(user).filter(code=code).first() if user is not None else None
        if org is None:
            return queryset.none()
        return queryset.filter(**{f"{self.org_path_field}__startswith": org.path})


class UserFilterSet(OrgSubtreeFilterMixin, BootstrapFilterSet):
    """Serves the users page and ``/api/v1/users/``."""

    org_path_field = "home_org__path"

    q = django_filters.CharFilter(method="filter_q", label=_("Search"),
                                  widget=forms.TextInput(attrs={"placeholder": _("User name, name, e-mail or phone")}))
    org = django_filters.CharFilter(
        method="filter_org_subtree", label=_("Organisation (with its subtree)"),
        widget=CodeSuggestInput("orgs:org_autocomplete"),
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, method="filter_role", label=_("Role"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "org", "role", "is_active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value) | Q(full_name__icontains=value) | Q(email__icontains=value) | Q(phone__startswith=value)
        )

    def filter_role(self, queryset, name, value):
        from gonghui.core import scope

        user = getattr(self.request, "user", None)
        assignments = RoleAssignment.objects.filter(user=OuterRef("pk"), role=value)
        if user is not None:
            assignments = assignments.filter(scope.scope_filter(user, "org"))
        return queryset.filter(Exists(assignments))


class RoleAssignmentFilterSet(OrgSubtreeFilterMixin, BootstrapFilterSet):
    """Serves ``/api/v1/role-assignments/``."""

    user = django_filters.NumberFilter(field_name="user_id", label=_("User"))
    org = django_filters.CharFilter(method="filter_org_subtree", label=_("Organisation (with its subtree)"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))

    class Meta:
        model = RoleAssignment
        fields = ["user", "org", "role"]

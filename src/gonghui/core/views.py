"""Generic views every app builds on (in the manner of NetBox): list, detail, edit and action views.

Each view reads through a scoped selector (``selector(user) -> QuerySet``), so an object outside the
user's subtree is simply not found (404). Writes go through services; a service's ValidationError lands
on the form next to the field, a WorkflowConflict becomes a message, and nothing is half-written.
"""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from urllib.parse import unquote_plus

from . import audit, pii, scope
from .exceptions import WorkflowConflict
from .exports import can_reveal_in_export, export_table, may_reveal_everywhere
from .filtersets import AuditLogFilterSet
from .forms import apply_validation_error
from .models import AuditAction
from .selectors import audit_log_for
from .tables import AuditLogTable, keep_stable_order


class OfficialRequiredMixin(AccessMixin):
    """Signed in as an official with a role somewhere (or a superuser). Members go to their portal."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not (scope.is_unrestricted(user) or scope.scope_paths(user)):
            if getattr(user, "is_member_account", False):
                return redirect("portal:home")
            raise PermissionDenied(_("Your account has no role in any organisation."))
        return super().dispatch(request, *args, **kwargs)


class ScopedObjectMixin(OfficialRequiredMixin):
    selector = None  # callable(user) -> scoped queryset
    model = None

    def get_queryset(self):
        return self.selector(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def org_of(self, obj):
        return obj.audit_org() if hasattr(obj, "audit_org") else None

    def require(self, action, org):
        if not scope.can(self.request.user, action, org):
            raise PermissionDenied(_("Your role does not allow this."))


class ObjectListView(ScopedObjectMixin, SingleTableMixin, FilterView):
    """A filtered, sorted, paged list with CSV/XLSX export of the shown columns."""

    template_name = "core/object_list.html"
    table_class = None
    filterset_class = None
    title = ""
    add_url_name = None
    add_action = "change"
    export_name = "export"
    paginate_by = 50
    actions_template = None

    def get_queryset(self):
        return self.selector(self.request.user)

    def get_paginate_by(self, queryset):
        """None: the table pages itself (``get_table_pagination``). Paging the queryset as well (ListView's
        ``paginate_by``) counted it twice and answered 404 for page 2 of a smaller ``per_page``."""
        return None

    def get_table(self, **kwargs):
        table = keep_stable_order(self.get_table_class()(data=self.get_table_data(), **kwargs))
        return RequestConfig(self.request, paginate=self.get_table_pagination(table)).configure(table)

    def get_table_pagination(self, table):
        try:
            per_page = min(int(self.request.GET.get("per_page", self.paginate_by)), 500)
        except ValueError:
            per_page = self.paginate_by
        return {"per_page": per_page}

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            return self.export(request, fmt)
        return super().get(request, *args, **kwargs)

    def export(self, request, fmt):
        """The filtered, sorted list as CSV/XLSX, streamed (see gonghui.core.exports).

        ``?reveal=1`` asks for ID numbers in clear: only for tables that offer it and users who may reveal
        personal data throughout their scope; such an export is audited as "unmasked".
        ``?encoding=gbk`` writes the CSV in GB18030 instead of UTF-8.
        """
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        table = keep_stable_order(self.get_table_class()(queryset, request=request))
        RequestConfig(request, paginate=False).configure(table)
        reveal = request.GET.get("reveal") in ("1", "true", "yes") and can_reveal_in_export(table)
        if reveal and not may_reveal_everywhere(request.user):
            raise PermissionDenied(_("Your role does not allow exporting personal data in clear."))
        query = pii.redact(unquote_plus(request.GET.urlencode()))  # a search may hold an ID number
        audit.record(
            AuditAction.EXPORT, None, user=request.user, model=queryset.model, count=queryset.count(),
            note=(f"unmasked {fmt} {query}" if reveal else f"{fmt} {query}")[:500],
        )
        return export_table(table, fmt, self.export_name, reveal=reveal, encoding=request.GET.get("encoding", "utf-8"))

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "object-list":
            return ["core/partials/object_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        ctx["add_url_name"] = self.add_url_name if scope.can(self.request.user, self.add_action, None) else None
        ctx["actions_template"] = self.actions_template
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        query.pop("reveal", None)
        ctx["export_query"] = query.urlencode()
        ctx["can_export_unmasked"] = can_reveal_in_export(ctx["table"]) and may_reveal_everywhere(self.request.user)
        return ctx


class ObjectDetailView(ScopedObjectMixin, TemplateView):
    template_name = None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.get_object()
        org = self.org_of(obj)
        ctx.update(
            object=obj,
            history=audit.history_for(obj)[:100],
            can_change=scope.can(self.request.user, "change", org),
            can_manage=scope.can(self.request.user, "manage_orgs", org),
            can_reveal=scope.can(self.request.user, "reveal_pii", org),
        )
        return ctx


class ObjectEditView(ScopedObjectMixin, View):
    """Create (no pk) or edit (pk) through a form whose ``save`` calls the service."""

    form_class = None
    template_name = "core/object_edit.html"
    action = "change"
    title_add = gettext_lazy("Add")
    title_edit = gettext_lazy("Edit")

    def get_form_kwargs(self, obj):
        return {"user": self.request.user, "instance": obj}

    def get_object_or_none(self):
        if "pk" not in self.kwargs:
            return None
        obj = self.get_object()
        self.require(self.action, self.org_of(obj))
        return obj

    def get_initial(self):
        return {}

    def render_form(self, form, obj):
        return render(
            self.request,
            self.template_name,
            {"form": form, "object": obj, "title": self.title_edit if obj else self.title_add, "cancel_url": self.cancel_url(obj)},
        )

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else self.request.GET.get("next", "/")

    def get(self, request, *args, **kwargs):
        if "pk" not in kwargs:
            self.require(self.action, None)
        obj = self.get_object_or_none()
        form = self.form_class(initial=self.get_initial(), **self.get_form_kwargs(obj))
        return self.render_form(form, obj)

    def post(self, request, *args, **kwargs):
        if "pk" not in kwargs:
            self.require(self.action, None)
        obj = self.get_object_or_none()
        form = self.form_class(request.POST, request.FILES, **self.get_form_kwargs(obj))
        if form.is_valid():
            try:
                saved = form.save()
            except ValidationError as e:
                apply_validation_error(form, e)
            except WorkflowConflict as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(saved.get_absolute_url())
        return self.render_form(form, obj)


class ObjectActionView(ScopedObjectMixin, View):
    """A workflow step on one object: GET asks to confirm (with a reason if needed), POST performs it."""

    form_class = None  # optional form (e.g. ReasonForm); None means a plain confirmation
    template_name = "core/confirm_action.html"
    action = "change"
    title = ""
    message = ""
    danger = False
    success_message = gettext_lazy("Done.")

    def get_form(self, data=None):
        return self.form_class(data) if self.form_class else None

    def perform(self, obj, form):
        raise NotImplementedError

    def success_url(self, obj, result):
        return obj.get_absolute_url()

    def check(self, obj):
        self.require(self.action, self.org_of(obj))

    def context(self, obj, form):
        return {"object": obj, "form": form, "title": self.title, "message": self.message, "danger": self.danger}

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check(obj)
        return render(request, self.template_name, self.context(obj, self.get_form()))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check(obj)
        form = self.get_form(request.POST)
        if form is not None and not form.is_valid():
            return render(request, self.template_name, self.context(obj, form))
        try:
            result = self.perform(obj, form)
        except WorkflowConflict as e:
            messages.error(request, str(e))
            return HttpResponseRedirect(obj.get_absolute_url())
        except ValidationError as e:
            if form is None:
                messages.error(request, " ".join(e.messages))
                return HttpResponseRedirect(obj.get_absolute_url())
            apply_validation_error(form, e)
            return render(request, self.template_name, self.context(obj, form))
        messages.success(request, self.success_message)
        return HttpResponseRedirect(self.success_url(obj, result))


class HomeView(OfficialRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from gonghui.members.selectors import home_counts

        ctx = super().get_context_data(**kwargs)
        ctx.update(home_counts(self.request.user))
        return ctx


class AuditLogListView(ObjectListView):
    title = gettext_lazy("Audit log")
    export_name = "audit-log"
    selector = staticmethod(audit_log_for)
    filterset_class = AuditLogFilterSet
    table_class = AuditLogTable


def healthz(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

"""Generic views every app builds on (in the manner of NetBox): list, detail, edit and action views.

Each view reads through a scoped selector (``selector(user) -> QuerySet``), so an object outside the
user's subtree is simply not found (404). Writes go through services; a service's ValidationError lands
on the form next to the field, a WorkflowConflict becomes a message, and nothing is half-written.
"""

import hashlib
from urllib.parse import unquote_plus

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.forms import modelform_factory
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from . import audit, generation, paging, pii, scope, search, services, workbench
from .exceptions import WorkflowConflict
from .exports import can_reveal_in_export, export_table, may_reveal_everywhere
from .filtersets import AuditLogFilterSet
from .forms import ScopedModelForm, apply_validation_error
from .models import AuditAction
from .registry import registry, resolve
from .selectors import audit_log_for, capped
from .tables import AuditLogTable, keep_stable_order
from .workflow import available


def save_valid(form, save=None, conflict=False):
    """Runs ``save()`` (the form's own by default) when the form is valid: ``(True, its result)``. Otherwise
    ``(False, None)``: the form is not valid, or the service refused it (its ValidationError lands next to the
    fields it names; with ``conflict``, a WorkflowConflict becomes an error of the whole form)."""
    if not form.is_valid():
        return False, None
    try:
        return True, (save or form.save)()
    except ValidationError as e:
        apply_validation_error(form, e)
    except WorkflowConflict as e:
        if not conflict:
            raise
        form.add_error(None, str(e))
    return False, None


HISTORY_SHOWN = 100  # a record's change-log panel; the rest is in the audit log (``history_url``)


def history_url(obj):
    """The audit log filtered to one record: where its change-log panel's "see them all" leads."""
    ct = ContentType.objects.get_for_model(obj)
    return f"{reverse('core:auditlog_list')}?content_type={ct.app_label}.{ct.model}&object_id={obj.pk}"


class HtmxPartialMixin:
    """An htmx request aimed at ``htmx_target`` gets ``partial_template`` instead of the whole page."""

    htmx_target = ""
    partial_template = ""

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == self.htmx_target:
            return [self.partial_template]
        return [self.template_name]


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
    """Reads through ``selector(user)`` (a scoped queryset), or ``model.objects.for_user(user)`` without one."""

    selector = None  # callable(user) -> scoped queryset
    model = None
    list_url_name = None  # where the record's list is (cancel and after delete)

    def get_queryset(self):
        if self.selector is None:
            return self.model.objects.for_user(self.request.user)
        return self.selector(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def org_of(self, obj):
        return obj.audit_org() if hasattr(obj, "audit_org") else None

    def require(self, action, org):
        scope.require(self.request.user, action, org)

    def list_url(self):
        return reverse(self.list_url_name) if self.list_url_name else self.request.GET.get("next", "/")


class _WithQuery:
    """The request with another query (``GET``), for django-tables2's configuration."""

    def __init__(self, request, query):
        self._request, self.GET = request, query

    def __getattr__(self, name):
        return getattr(self._request, name)


class ObjectListView(HtmxPartialMixin, ScopedObjectMixin, SingleTableMixin, FilterView):
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
    htmx_target, partial_template = "object-list", "core/partials/object_table.html"
    replica_reads = True  # the list and its export may read from a replica (gonghui.core.dbrouting)

    def get_paginate_by(self, queryset):
        """None: the table pages itself (``get_table_pagination``). Paging the queryset as well (ListView's
        ``paginate_by``) counted it twice and answered 404 for page 2 of a smaller ``per_page``."""
        return None

    def get_table(self, **kwargs):
        table = keep_stable_order(self.get_table_class()(data=self.get_table_data(), **kwargs))
        paginate = self.get_table_pagination(table)
        # django-tables2 reads per_page from the query itself: it sees the clamped size.
        query = self.request.GET.copy()
        query[table.prefixed_per_page_field] = str(paginate["per_page"])
        RequestConfig(_WithQuery(self.request, query), paginate=False).configure(table)  # the sort
        table.request = self.request
        paging.paginate_table(table, self.request, paginate["per_page"])
        return table

    def get_table_pagination(self, table):
        try:
            per_page = max(1, min(int(self.request.GET.get("per_page", self.paginate_by)), 500))
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
        table = keep_stable_order(self.get_table_class()(queryset, request=request, **self.get_table_kwargs()))
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

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        ctx["add_url_name"] = self.add_url_name if scope.can(self.request.user, self.add_action, None) else None
        ctx["actions_template"] = self.actions_template
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        query.pop("reveal", None)
        query.pop(paging.CURSOR_PARAM, None)  # an export is the whole filtered list, not the rest of it
        ctx["export_query"] = query.urlencode()
        ctx["can_export_unmasked"] = can_reveal_in_export(ctx["table"]) and may_reveal_everywhere(self.request.user)
        return ctx


class ObjectDetailView(ScopedObjectMixin, TemplateView):
    """A record's page. ``fields`` (names, or (label, accessor) pairs) lay it out in the generic template
    ``core/object_detail.html``; a page of its own sets ``template_name``. The context holds the record, its
    change log, the user's rights at its organisation and ``transitions``: the workflow steps the user may take
    now (``{% workflow_buttons object %}`` renders them)."""

    template_name = "core/object_detail.html"
    fields = ()
    edit_url_name = None
    delete_url_name = None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.get_object()
        org = self.org_of(obj)
        user = self.request.user
        self.context = ctx
        ctx.update(
            object=obj,
            history=capped(audit.history_for(obj, user), HISTORY_SHOWN, url=history_url(obj)),
            can_change=scope.can(user, "change", org),
            can_manage=scope.can(user, "manage_orgs", org),
            can_reveal=scope.can(user, "reveal_pii", org),
            transitions=available(obj, user) if hasattr(type(obj), "workflow") else [],
            title=str(obj),
            rows=self.detail_rows(obj),
            list_url=reverse(self.list_url_name) if self.list_url_name else None,
            edit_url_name=self.edit_url_name,
            delete_url_name=self.delete_url_name,
        )
        ctx.update(self.get_object_context(obj))
        return ctx

    def get_object_context(self, obj):
        """What a page of its own shows besides the record: a dict added to the context (``self.context`` holds
        the rest, e.g. ``can_reveal``)."""
        return {}

    def detail_rows(self, obj):
        """(label, value) of the declared ``fields``: choices by their label, personal data masked."""
        rows = []
        for item in self.fields:
            label, accessor = item if isinstance(item, tuple) else (None, item)
            field = _model_field(type(obj), accessor)
            if label is None:
                label = field.verbose_name if field is not None else accessor
            if isinstance(field, pii.PersonalDataField):
                value = getattr(obj, f"{accessor}_masked")
            elif field is not None and field.choices:
                value = getattr(obj, f"get_{accessor}_display")()
            else:
                value = obj
                for part in accessor.split("__"):
                    value = getattr(value, part, None) if value is not None else None
                value = value() if callable(value) else value
            if isinstance(value, bool):
                value = _("yes") if value else _("no")
            rows.append((label, value))
        return rows


class PrintView(ObjectDetailView):
    """A record's paper form (会员登记表, 调解协议书...), laid out for A4 by ``print/base.html``: the union's name
    above, the print date and signature lines below; static JS opens the browser's print dialog.

    An area declares one per form by subclassing the record's own detail view
    (``class MemberPrintView(PrintView, MemberDetailView)``) with a ``template_name`` extending
    ``print/base.html`` and a ``form_title``: the form is then found, refused (404 out of scope) and filled
    exactly as the detail page is, with the same context. Personal data stay masked as on the page (revealing
    is the audited step), so printing is, like the page, a read that is not audited."""

    template_name = None
    form_title = ""

    def print_org(self, obj):
        """The union whose name heads the form: the record's own organisation."""
        return self.org_of(obj)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = ctx["object"]
        ctx.update(form_title=self.form_title, print_org=self.print_org(obj), printed_on=timezone.localdate(),
                   back_url=obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None)
        return ctx


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:  # a property or a path, not a field
        return None


class ObjectEditView(ScopedObjectMixin, View):
    """Create (no pk) or edit (pk) through a form whose ``save`` calls the service. Without a ``form_class``, the
    form is a ``ScopedModelForm`` of the model's ``fields`` (saved by ``services.save_object``)."""

    form_class = None
    fields = ()
    template_name = "core/object_edit.html"
    action = "change"
    title_add = gettext_lazy("Add")
    title_edit = gettext_lazy("Edit")

    def get_form_class(self):
        if self.form_class is not None:
            return self.form_class
        return modelform_factory(self.model, form=ScopedModelForm, fields=list(self.fields))

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
            {"form": form, "object": obj, "title": self.title_edit if obj else self.title_add,
             "cancel_url": self.cancel_url(obj)},
        )

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else self.list_url()

    def get(self, request, *args, **kwargs):
        if "pk" not in kwargs:
            self.require(self.action, None)
        obj = self.get_object_or_none()
        form = self.get_form_class()(initial=self.get_initial(), **self.get_form_kwargs(obj))
        return self.render_form(form, obj)

    def post(self, request, *args, **kwargs):
        if "pk" not in kwargs:
            self.require(self.action, None)
        obj = self.get_object_or_none()
        form = self.get_form_class()(request.POST, request.FILES, **self.get_form_kwargs(obj))
        ok, saved = save_valid(form, conflict=True)
        if ok:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(saved.get_absolute_url())
        return self.render_form(form, obj)


class ObjectActionView(ScopedObjectMixin, View):
    """A step on one record: GET asks to confirm (with a form if the step needs one), POST performs it.

    ``transition`` names a step of the model's workflow: the user needs the right the table declares for it
    (403 otherwise). Without one, ``action`` is the right needed at the record's organisation. The form gets the
    POSTed data and files and ``initial(obj)``; a service's ValidationError lands next to the fields it names,
    a WorkflowConflict (someone was quicker) becomes a message on the record's page.
    """

    form_class = None  # optional form (e.g. ReasonForm); None means a plain confirmation
    template_name = "core/confirm_action.html"
    transition = ""
    action = "change"
    title = ""
    message = ""
    danger = False
    success_message = gettext_lazy("Done.")
    service = None  # callable(user, obj, **kwargs): the step, when it only takes the form's values
    service_fields = ()  # the form's fields passed to ``service``: "name", or "keyword=name"

    def form_kwargs(self, obj):
        return {}

    def initial(self, obj):
        return {}

    def get_form(self, data=None, files=None, obj=None):
        if self.form_class is None:
            return None
        kwargs = self.form_kwargs(obj)
        if data is None:
            return self.form_class(initial=self.initial(obj), **kwargs)
        return self.form_class(data, files, initial=self.initial(obj), **kwargs)

    def service_kwargs(self, form):
        data = form.cleaned_data if form is not None else {}
        return {kw: data.get(name) for kw, _sep, name in
                (item.partition("=") if "=" in item else (item, "", item) for item in self.service_fields)}

    def perform(self, obj, form):
        """The step itself: ``service`` called with the user, the record and ``service_fields``; without a service,
        the declared transition with nothing more to it."""
        if self.service is not None:
            return type(self).service(self.request.user, obj, **self.service_kwargs(form))
        if not self.transition:
            raise NotImplementedError(f"{type(self).__name__} declares no transition and no perform()")
        return services.make_transition(self.request.user, obj, self.transition)

    def success_url(self, obj, result):
        return obj.get_absolute_url()

    def check(self, obj):
        if self.transition:
            type(obj).workflow.require(obj, self.request.user, self.transition)
        else:
            self.require(self.action, self.org_of(obj))

    def context(self, obj, form):
        title = self.title or (type(obj).workflow[self.transition].button if self.transition else "")
        return {"object": obj, "form": form, "title": title, "message": self.message, "danger": self.danger}

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check(obj)
        return render(request, self.template_name, self.context(obj, self.get_form(obj=obj)))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check(obj)
        form = self.get_form(request.POST, request.FILES, obj=obj)
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


class ObjectDeleteView(ObjectActionView):
    """Delete a record after the user confirms (it cannot be undone); audited, refused while others refer to it."""

    danger = True
    title = gettext_lazy("Delete")
    message = gettext_lazy("This cannot be undone.")
    success_message = gettext_lazy("Deleted.")

    def perform(self, obj, form):
        if self.service is not None:  # a delete with rules of its own
            return super().perform(obj, form)
        return services.delete_object(self.request.user, obj, action=self.action)

    def success_url(self, obj, result):
        return self.list_url()


class RevealView(ScopedObjectMixin, View):
    """POST (htmx): the record's personal data in clear replaces the masked values; each reveal is audited.

    The fields and the rights come from the model (``reveal_fields``, ``reveal_actions``; see
    ``gonghui.core.services.reveal``); the first value carries ``id="id-number"`` (``element_id``). A page
    revealing something else (a child record's number) overrides ``reveal(obj)``: the values to show.
    """

    fields = None
    element_id = "id-number"

    def get(self, request, *args, **kwargs):
        self.get_object()  # out of scope: 404 like every other page, whatever the method
        return HttpResponseNotAllowed(["POST"])

    def reveal(self, obj):
        return list(services.reveal(self.request.user, obj, self.fields).values())

    def post(self, request, *args, **kwargs):
        values = self.reveal(self.get_object())
        first, rest = values[0], [v for v in values[1:] if v]
        if self.element_id:
            html = format_html('<span class="masked text-danger-emphasis" id="{}">{}</span>', self.element_id, first)
        else:
            html = format_html('<span class="masked text-danger-emphasis">{}</span>', first)
        if rest:
            html += " " + format_html_join(" ", '· <span class="masked text-danger-emphasis">{}</span>',
                                           ((v,) for v in rest))
        response = HttpResponse(html)
        response["Cache-Control"] = "no-store"
        return response


class DownloadView(ScopedObjectMixin, View):
    """GET: a file of the record as a download (never inline; type and size found at upload, see
    ``gonghui.core.attachments``). The record itself is the file, or ``file_model`` names a child whose pk is the
    URL's ``file_kwarg`` and whose ``file_parent`` is the record; ``check(obj, file)`` may refuse (403)."""

    file_model = None
    file_kwarg = "file"
    file_parent = None

    def get_file(self, obj):
        if self.file_model is None:
            return obj
        return get_object_or_404(self.file_model, pk=self.kwargs[self.file_kwarg], **{self.file_parent: obj})

    def check(self, obj, file):
        pass

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        file = self.get_file(obj)
        self.check(obj, file)
        return file.download()


class HomeView(OfficialRequiredMixin, TemplateView):
    """The workbench: the waiting work of every area (``AreaConfig.todo``), most urgent first, the figures every
    area contributes (``AreaConfig.key_figures`` with their trend, ``AreaConfig.home_cards``) and the latest
    changes, all in the user's scope."""

    template_name = "core/home.html"
    replica_reads = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        # Some eighty counts over the user's subtree: kept until anything is written (gonghui.core.generation),
        # for the user's roles of the day.
        roles = hashlib.sha256(repr((user.is_superuser, scope._assignments(user))).encode()).hexdigest()[:16]
        ctx.update(generation.cached(f"workbench:{user.pk}:{today}:{roles}", lambda: self.workbench(user, today)))
        ctx["urgency"] = workbench.urgency_counts(ctx["todo"])
        ctx["activity"] = workbench.recent_activity(user)
        return ctx

    @staticmethod
    def workbench(user, today):
        out, cards = {}, []
        for card in sorted(registry.home_cards, key=lambda c: c.order):
            value = resolve(card.count)(user)
            query = card.query(today) if callable(card.query) else card.query
            url = reverse(card.url_name) + (f"?{query}" if query else "")
            cards.append({"label": card.label, "value": value, "url": url,
                          "warn": card.warn_when_positive and value > 0})
            out[card.key] = value
        out["cards"] = cards
        out["figures"] = workbench.key_figures(user, today)
        out["todo"] = workbench.todo(user, today)
        return out


class AuditLogListView(ObjectListView):
    title = gettext_lazy("Audit log")
    export_name = "audit-log"
    selector = staticmethod(audit_log_for)
    filterset_class = AuditLogFilterSet
    table_class = AuditLogTable


class SearchView(OfficialRequiredMixin, TemplateView):
    """The header's search box: members, organisations, units and cases at once, in the user's scope
    (``gonghui.core.search``)."""

    template_name = "core/search.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The header's box sends ``query`` (a list page's own filter is ``q``); this page's own box sends ``q``.
        ctx["query"] = search.clean_query(self.request.GET.get("q") or self.request.GET.get("query"))
        ctx["groups"] = search.search(self.request, ctx["query"])
        ctx["title"] = gettext_lazy("Search")
        return ctx


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

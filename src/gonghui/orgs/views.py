"""Pages for organisations (组织) and employer units (单位). Reads go through selectors, writes through services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from gonghui.core import scope
from gonghui.core.views import (
    HtmxPartialMixin,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OfficialRequiredMixin,
    ScopedObjectMixin,
)

from . import selectors, services
from .choices import MEMBER_HOLDING_TYPES
from .filtersets import EmployerUnitFilterSet, OrganisationFilterSet
from .forms import (
    ActivateForm,
    CommitteeFormSet,
    DissolveForm,
    EmployerUnitForm,
    MergeForm,
    MoveForm,
    OrganisationForm,
    ScopedFormMixin,
    committee_seats,
)
from .tables import EmployerUnitTable, OrganisationTable

TREE_PAGE = 100


def _include_closed(request):
    return request.GET.get("closed") in ("1", "on", "true")


# --- tree -----------------------------------------------------------------------------------------

class OrgTreeView(HtmxPartialMixin, OfficialRequiredMixin, TemplateView):
    """The union tree from the user's scope roots; children load one level at a time."""

    template_name = "orgs/tree.html"
    htmx_target, partial_template = "tree-body", "orgs/partials/tree_body.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        include_closed = _include_closed(self.request)
        q = self.request.GET.get("q", "").strip()
        ctx.update(q=q, include_closed=include_closed, title=_("Organisations"),
                   can_add=scope.can(user, "manage_orgs", None))
        if q:
            ctx["results"], ctx["more_results"] = selectors.search_tree(user, q, include_closed=include_closed)
        else:
            roots = list(selectors.tree_nodes(selectors.scope_roots(user), include_closed))
            counts = selectors.subtree_counts(roots, all_orgs=include_closed)  # "orgs" is shown only then
            ctx["nodes"] = [(n, counts[n.pk]) for n in roots]
        return ctx


class OrgTreeChildrenView(OfficialRequiredMixin, View):
    """htmx fragment: one page of a node's children (with counts) for the tree browser."""

    def get(self, request, pk):
        parent = get_object_or_404(selectors.orgs_for(request.user), pk=pk)
        try:
            offset = max(int(request.GET.get("offset", 0)), 0)
        except ValueError:
            offset = 0
        include_closed = _include_closed(request)
        children, counts, has_more = selectors.tree_children(
            request.user, parent, include_closed=include_closed, offset=offset, limit=TREE_PAGE
        )
        return render(request, "orgs/partials/tree_children.html", {
            "parent": parent,
            "nodes": [(c, counts[c.pk]) for c in children],
            "has_more": has_more,
            "next_offset": offset + TREE_PAGE,
            "include_closed": include_closed,
            "is_more": offset > 0,
        })


# --- organisations --------------------------------------------------------------------------------

class OrgListView(ObjectListView):
    title = gettext_lazy("Organisations")
    selector = staticmethod(selectors.org_list_for)
    filterset_class = OrganisationFilterSet
    table_class = OrganisationTable
    add_url_name = "orgs:org_add"
    add_action = "manage_orgs"
    export_name = "organisations"
    actions_template = "imports/partials/actions_orgs.html"  # the tree-view button plus import / template


def _join_links(org):
    """The public join URL and QR image URL for a member-holding union (None while the members app lacks them)."""
    if org.org_type not in MEMBER_HOLDING_TYPES or not org.is_live:
        return None, None
    try:
        join_path = reverse("members:join", args=[org.code])
    except NoReverseMatch:
        return None, None
    try:
        qr = reverse("members:join_qr", args=[org.code])
    except NoReverseMatch:
        qr = None
    base = getattr(settings, "GONGHUI_PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}{join_path}", qr


class OrgDetailView(ObjectDetailView):
    template_name = "orgs/org_detail.html"
    selector = staticmethod(selectors.org_detail_for)

    def get_object_context(self, org):
        join_url, join_qr_url = _join_links(org)
        return {**selectors.org_overview(self.request.user, org), "join_url": join_url, "join_qr_url": join_qr_url,
                "title": org.name, "today": timezone.localdate()}


class InitialOrgEditView(ObjectEditView):
    """An add page takes ``?<initial_org>=<pk>``: a live organisation in the user's scope, filled in."""

    initial_org = None

    def get_initial(self):
        pk = self.request.GET.get(self.initial_org)
        if pk and pk.isdigit() and "pk" not in self.kwargs:
            found = selectors.live_orgs_for(self.request.user).filter(pk=pk).first()
            if found is not None:
                return {self.initial_org: found}
        return {}


class OrgEditView(InitialOrgEditView):
    selector = staticmethod(selectors.orgs_for)
    form_class = OrganisationForm
    template_name = "orgs/org_edit.html"
    action = "manage_orgs"
    title_add = gettext_lazy("Add organisation")
    title_edit = gettext_lazy("Edit organisation")

    list_url_name = "orgs:org_tree"

    initial_org = "parent"


class OrgActionView(ObjectActionView):
    """A step of the organisation's workflow (``transition``: its right comes from ``Organisation.workflow``)."""

    selector = staticmethod(selectors.org_detail_for)
    template_name = "orgs/org_action.html"

    def form_kwargs(self, obj):
        return {"user": self.request.user} if issubclass(self.form_class, ScopedFormMixin) else {}

    def context(self, obj, form):
        ctx = super().context(obj, form)
        ctx["ancestors"] = selectors.breadcrumbs(self.request.user, [obj])[obj.pk]
        ctx["counts"] = selectors.subtree_counts([obj])[obj.pk]
        return ctx


class OrgMoveView(OrgActionView):
    transition = "move"
    form_class = MoveForm
    title = gettext_lazy("Move organisation")
    message = gettext_lazy("The organisation moves with all its sub-organisations and their members to the new parent.")
    success_message = gettext_lazy("The organisation has been moved.")
    service, service_fields = services.move_org, ("new_parent=parent",)


class OrgDissolveView(OrgActionView):
    transition = "dissolve"
    form_class = DissolveForm
    danger = True
    title = gettext_lazy("Dissolve organisation")
    message = gettext_lazy(
        "A union can be dissolved only when it and its sub-organisations hold no members and no active "
        "sub-organisations remain."
    )
    success_message = gettext_lazy("The organisation has been dissolved.")
    service, service_fields = services.dissolve_org, ("reason", "date")


class OrgMergeView(OrgActionView):
    transition = "merge"
    form_class = MergeForm
    danger = True
    title = gettext_lazy("Merge organisation")
    message = gettext_lazy(
        "Its members, sub-organisations, employer units and pending transfers move to the union it merges into; "
        "this union is then closed as merged."
    )
    success_message = gettext_lazy("The organisation has been merged.")
    service, service_fields = services.merge_org, ("target", "reason", "date")

    def success_url(self, obj, result):
        return result.merged_into.get_absolute_url()


class OrgActivateView(OrgActionView):
    transition = "activate"
    form_class = ActivateForm
    title = gettext_lazy("Establish organisation")
    message = gettext_lazy("The union in preparation is formally established and becomes active.")
    success_message = gettext_lazy("The organisation is now active.")
    service, service_fields = services.activate_org, ("date",)


class OrgCommitteeView(ScopedObjectMixin, View):
    """Edit the committee seats (union committee and special committees) as one inline formset."""

    selector = staticmethod(selectors.orgs_for)
    template_name = "orgs/committee_edit.html"

    def dispatch_object(self):
        obj = self.get_object()
        self.require("change", obj)
        return obj

    def render_formset(self, obj, formset):
        return render(self.request, self.template_name, {
            "object": obj, "formset": formset, "title": _("Committee"),
        })

    def get(self, request, pk):
        obj = self.dispatch_object()
        formset = CommitteeFormSet(queryset=obj.committee_members.all(), prefix="seats")
        return self.render_formset(obj, formset)

    def post(self, request, pk):
        obj = self.dispatch_object()
        formset = CommitteeFormSet(request.POST, queryset=obj.committee_members.all(), prefix="seats")
        if formset.is_valid():
            try:
                services.set_committee(request.user, obj, committee_seats(formset))
            except ValidationError as e:
                formset._non_form_errors = formset.error_class(e.messages)
            else:
                messages.success(request, _("Saved."))
                if request.POST.get("more"):
                    return HttpResponseRedirect(reverse("orgs:org_committee", args=[obj.pk]))
                return HttpResponseRedirect(obj.get_absolute_url())
        return self.render_formset(obj, formset)


# --- employer units -------------------------------------------------------------------------------

class UnitListView(ObjectListView):
    title = gettext_lazy("Employer units")
    selector = staticmethod(selectors.units_for)
    filterset_class = EmployerUnitFilterSet
    table_class = EmployerUnitTable
    add_url_name = "orgs:unit_add"
    export_name = "employer-units"
    actions_template = "imports/partials/actions_units.html"


class UnitDetailView(ObjectDetailView):
    template_name = "orgs/unit_detail.html"
    selector = staticmethod(selectors.unit_detail_for)

    def get_object_context(self, unit):
        return {"title": unit.name, "area_in_scope": scope.in_scope(self.request.user, unit.area_org),
                "union_in_scope": scope.in_scope(self.request.user, unit.union)}


class UnitEditView(InitialOrgEditView):
    selector = staticmethod(selectors.units_for)
    form_class = EmployerUnitForm
    title_add = gettext_lazy("Add employer unit")
    title_edit = gettext_lazy("Edit employer unit")

    list_url_name = "orgs:unit_list"

    initial_org = "area_org"


# --- type-ahead -----------------------------------------------------------------------------------

def _query(request):
    """The text typed: ``?q=`` or the single parameter the code picker sends (named after its input)."""
    if "q" in request.GET:
        return request.GET["q"]
    for value in request.GET.values():
        return value
    return ""


def _options(rows):
    return HttpResponse(format_html_join("", '<option value="{}">{}</option>', rows),
                        content_type="text/html; charset=utf-8")


class OrgAutocompleteView(OfficialRequiredMixin, View):
    def get(self, request):
        q = _query(request).strip()
        if q.endswith(")") and "(" in q:
            q = q.rsplit("(", 1)[1][:-1].strip()
        return _options((o.code, o.name) for o in selectors.search_orgs(request.user, q, limit=20))


class UnitAutocompleteView(OfficialRequiredMixin, View):
    def get(self, request):
        q = _query(request).strip()
        return _options((u.credit_code, u.name) for u in selectors.search_units(request.user, q, limit=20))

"""Pages: targets (指标下达), the hand-down grid, the progress board and responsibility letters (责任状)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.core import scope
from gonghui.core.forms import apply_validation_error
from gonghui.core.views import (
    DownloadView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedObjectMixin,
)
from gonghui.orgs.selectors import scope_roots

from . import selectors, services
from .filtersets import LetterFilterSet, TargetFilterSet
from .forms import LetterForm, TargetForm, TargetGridForm
from .tables import LetterTable, TargetTable


class IssuerRightsMixin:
    """The right to change a target or a letter is held at the issuer (the union that hands it down)."""

    def org_of(self, obj):
        return obj.rights_org()


def _year(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    try:
        return services.check_year(year), None
    except ValidationError as e:
        return timezone.localdate().year, " ".join(m for ms in e.message_dict.values() for m in ms)


def _default_org(user):
    return scope_roots(user).first()


def _year_choices():
    this = timezone.localdate().year
    return list(range(this + 1, this - 6, -1))


# --- targets --------------------------------------------------------------------------------------------


class TargetListView(ObjectListView):
    title = gettext_lazy("Targets")
    export_name = "targets"
    selector = staticmethod(selectors.targets_for)
    filterset_class = TargetFilterSet
    table_class = TargetTable
    add_url_name = "targets:target_add"
    actions_template = "targets/partials/list_actions.html"


class TargetDetailView(IssuerRightsMixin, ObjectDetailView):
    template_name = "targets/target_detail.html"
    selector = staticmethod(selectors.targets_for)

    def get_object_context(self, target):
        board = selectors.own_progress(self.request.user, target.org, target.year)
        return {"row": next((r for s in board["sections"] if s["key"] == target.indicator for r in s["rows"]), None),
                "issuer_in_scope": scope.in_scope(self.request.user, target.issuer)}


class TargetEditView(IssuerRightsMixin, ObjectEditView):
    selector = staticmethod(selectors.targets_for)
    form_class = TargetForm
    list_url_name = "targets:target_list"
    title_add = gettext_lazy("Add target")
    title_edit = gettext_lazy("Edit target")

    def get_initial(self):
        initial = {}
        org = scope.org_by_code(self.request.user, self.request.GET.get("issuer"))
        if org is not None:
            initial["issuer"] = org
        return initial


class TargetDeleteView(IssuerRightsMixin, ObjectDeleteView):
    selector = staticmethod(selectors.targets_for)
    list_url_name = "targets:target_list"
    title = gettext_lazy("Delete target")
    message = gettext_lazy("The target is removed. The change is kept in the audit log.")
    success_message = gettext_lazy("The target has been deleted.")
    service = services.delete_target


class TargetGridView(ScopedObjectMixin, View):
    """Hand down targets (指标下达): rows are the issuer's live direct children, columns the target indicators."""

    selector = staticmethod(selectors.targets_for)
    template_name = "targets/target_grid.html"

    def _setup(self, request):
        user = request.user
        code = request.GET.get("issuer")
        issuer = scope.org_by_code(user, code) if code else _default_org(user)
        if issuer is None:
            raise Http404
        year, year_error = _year(request)
        children = selectors.live_children(issuer)
        indicators = list(services.target_indicator_map().values())
        existing = {(t.org_id, t.indicator): t
                    for t in selectors.targets_for(user).filter(issuer=issuer, year=year)}
        return issuer, year, year_error, children, indicators, existing

    def _render(self, request, form, issuer, year, year_error, children, indicators):
        return render(request, self.template_name, {
            "form": form, "issuer": issuer, "year": year, "year_error": year_error, "children": children,
            "indicators": indicators, "years": _year_choices(),
            "can_change": scope.can(request.user, "change", issuer),
        })

    def get(self, request, *args, **kwargs):
        issuer, year, year_error, children, indicators, existing = self._setup(request)
        form = TargetGridForm(user=request.user, issuer=issuer, year=year, children=children,
                              indicators=indicators, existing=existing)
        return self._render(request, form, issuer, year, year_error, children, indicators)

    def post(self, request, *args, **kwargs):
        issuer, year, year_error, children, indicators, existing = self._setup(request)
        self.require("change", issuer)
        form = TargetGridForm(request.POST, user=request.user, issuer=issuer, year=year, children=children,
                              indicators=indicators, existing=existing)
        if year_error or not form.is_valid() or request.POST.get("grid") != "1":
            if not year_error and request.POST.get("grid") != "1":
                form.add_error(None, _("Nothing was sent. Fill in the grid and save."))
            return self._render(request, form, issuer, year, year_error, children, indicators)
        try:
            form.save()
        except ValidationError as e:
            apply_validation_error(form, e)
            return self._render(request, form, issuer, year, year_error, children, indicators)
        messages.success(request, _("The targets have been saved."))
        return HttpResponseRedirect(f"{reverse('targets:target_grid')}?issuer={issuer.code}&year={year}")


class ProgressView(ScopedObjectMixin, View):
    """Progress board (完成进度): the issuer's children ranked per indicator, or an organisation's own targets."""

    selector = staticmethod(selectors.targets_for)
    template_name = "targets/progress.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        year, year_error = _year(request)
        if request.GET.get("org"):
            org = scope.org_by_code(user, request.GET["org"])
            if org is None:
                raise Http404
            data = selectors.own_progress(user, org, year)
        else:
            code = request.GET.get("issuer")
            issuer = scope.org_by_code(user, code) if code else _default_org(user)
            if issuer is None:
                raise Http404
            data = selectors.progress_board(user, issuer, year)
        own = _default_org(user)
        data.update(year_error=year_error, years=_year_choices(), own=own,
                    elapsed_percent=round(data["elapsed_share"] * 100, 1))
        return render(request, self.template_name, data)


# --- responsibility letters -------------------------------------------------------------------------------


class LetterListView(ObjectListView):
    title = gettext_lazy("Responsibility letters")
    export_name = "responsibility-letters"
    selector = staticmethod(selectors.letters_for)
    filterset_class = LetterFilterSet
    table_class = LetterTable
    add_url_name = "targets:letter_add"
    actions_template = "targets/partials/list_actions.html"


class LetterDetailView(IssuerRightsMixin, ObjectDetailView):
    template_name = "targets/letter_detail.html"
    selector = staticmethod(selectors.letters_for)

    def get_object_context(self, letter):
        return {"targets": selectors.targets_for(self.request.user).filter(org=letter.org, year=letter.year),
                "issuer_in_scope": scope.in_scope(self.request.user, letter.issuer)}


class LetterEditView(IssuerRightsMixin, ObjectEditView):
    selector = staticmethod(selectors.letters_for)
    form_class = LetterForm
    list_url_name = "targets:letter_list"
    title_add = gettext_lazy("Record a responsibility letter")
    title_edit = gettext_lazy("Edit responsibility letter")


class LetterDeleteView(IssuerRightsMixin, ObjectDeleteView):
    selector = staticmethod(selectors.letters_for)
    list_url_name = "targets:letter_list"
    title = gettext_lazy("Delete responsibility letter")
    message = gettext_lazy("The letter and its scan are removed. The change is kept in the audit log.")
    success_message = gettext_lazy("The responsibility letter has been deleted.")
    service = services.delete_letter


class LetterDownloadView(DownloadView):
    """The scan as a download (never shown inline), with the type found at upload."""

    selector = staticmethod(selectors.letters_for)

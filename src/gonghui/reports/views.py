"""Pages of the annual statistical report (统计年报): rounds with their progress board, reports, workflow."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.core import scope
from gonghui.core.forms import ReasonForm
from gonghui.core.selectors import capped
from gonghui.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedObjectMixin,
    save_valid,
)

from . import export, selectors, services
from . import indicators as ri
from .filtersets import ReportFilterSet, ReportRoundFilterSet
from .forms import ReportValuesForm, RoundForm
from .tables import ReportRoundTable, ReportTable


class RoundListView(ObjectListView):
    title = gettext_lazy("Reporting rounds")
    export_name = "report-rounds"
    selector = staticmethod(selectors.rounds_for)
    filterset_class = ReportRoundFilterSet
    table_class = ReportRoundTable
    add_url_name = "reports:round_add"


class RoundAddView(ObjectEditView):
    selector = staticmethod(selectors.rounds_for)
    form_class = RoundForm
    title_add = gettext_lazy("Open a reporting round")
    list_url_name = "reports:round_list"


class RoundDetailView(ObjectDetailView):
    template_name = "reports/round_detail.html"
    selector = staticmethod(selectors.rounds_for)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rnd = ctx["object"]
        within = None
        code = (self.request.GET.get("within") or "").strip()
        if code:
            within = scope.orgs_for(self.request.user).filter(code=code, path__startswith=rnd.org.path).first()
            if within is None:
                messages.warning(self.request, _("No union with this code in the round and your scope."))
        elif not scope.in_scope(self.request.user, rnd.org):
            # a round opened above the user: start the board at the user's own unions
            paths = scope.scope_paths(self.request.user)
            within = scope.orgs_for(self.request.user).filter(path=paths[0]).first() if paths else None
        ctx["board"] = selectors.progress(self.request.user, rnd, within)
        ctx["within_code"] = code
        return ctx


class RoundCloseView(ObjectActionView):
    selector = staticmethod(selectors.rounds_for)
    transition = "close"
    title = gettext_lazy("Close the reporting round")
    message = gettext_lazy("No report can be submitted once the round is closed.")
    danger = True
    success_message = gettext_lazy("The round is closed.")
    service = services.close_round


class ReportListView(ObjectListView):
    title = gettext_lazy("Annual reports")
    export_name = "annual-reports"
    selector = staticmethod(selectors.reports_for)
    filterset_class = ReportFilterSet
    table_class = ReportTable
    actions_template = "reports/partials/list_actions.html"


def report_tables(report, fig, live):
    """Rows of the detail page and the xlsx export, by table."""
    data = report.data or {}
    out = []
    for key, label, inds in ri.tables():
        rows = []
        for ind in inds:
            entry = data.get(ind.key) or {}
            derived = None if ind.is_ratio else ri.to_number(ind, entry.get("d"))
            now = live.get(ind.key) if live is not None else None
            rows.append({
                "ind": ind, "derived": derived, "entered": None if ind.is_ratio else ri.to_number(ind, entry.get("v")),
                "reason": entry.get("r", ""), "figure": fig.get(ind.key), "live": now,
                "diff": (now - derived) if (now is not None and derived is not None and now != derived) else None,
            })
        out.append({"key": key, "label": label, "rows": rows})
    return out


class ReportDetailView(ObjectDetailView):
    template_name = "reports/report_detail.html"
    selector = staticmethod(selectors.reports_for)

    def get_object_context(self, report):
        fig = services.reported(report)
        frozen = report.final is not None
        live = services.live_values(report)
        return {
            "tables": report_tables(report, fig, live), "frozen": frozen,
            "warnings": services.warnings_for(report, fig), "errors": services.check(fig) if not frozen else {},
            "missing": services.missing_children(report) if report.is_editable else [],
            "children": (capped(services.child_reports(report).order_by("org__path"), 500)
                         if not report.is_grassroots else []),
            "can_edit": report.is_editable and scope.can(self.request.user, "change", report.org),
        }


class ReportEditView(ObjectEditView):
    selector = staticmethod(selectors.reports_for)
    form_class = ReportValuesForm
    template_name = "reports/report_edit.html"
    title_edit = gettext_lazy("Edit the report's figures")

    def render_form(self, form, obj):
        warnings = services.warnings_for(obj) if obj is not None else []
        return render(self.request, self.template_name, {
            "form": form, "object": obj, "title": self.title_edit, "cancel_url": self.cancel_url(obj),
            "warnings": warnings})

    def post(self, request, *args, **kwargs):
        obj = self.get_object_or_none()
        form = self.form_class(request.POST, **self.get_form_kwargs(obj))
        ok, saved = save_valid(form, conflict=True)
        if ok:
            messages.success(request, _("Saved."))
            for w in form.warnings:
                messages.warning(request, w["message"])
            return HttpResponseRedirect(saved.get_absolute_url())
        return self.render_form(form, obj)


class ReportStepView(ObjectActionView):
    """A step of the report's review (``Report.workflow``)."""

    selector = staticmethod(selectors.reports_for)


class ReportSubmitView(ReportStepView):
    transition = "submit"
    title = gettext_lazy("Submit the report")
    message = gettext_lazy("The report goes to the union above for review and can no longer be edited.")
    success_message = gettext_lazy("The report has been submitted.")
    service = services.submit_report


class ReportRefreshView(ReportStepView):
    transition = "refresh"
    title = gettext_lazy("Refresh the figures from the records")
    message = gettext_lazy("The figures “from the records” are taken again from today's statistics; figures you "
                           "entered and corrections with their reasons stay. A submitted report can no longer be "
                           "refreshed.")
    success_message = gettext_lazy("The figures have been taken again from the records.")
    service = services.refresh_figures


class ReportReturnView(ReportStepView):
    transition = "return"
    title = gettext_lazy("Return the report")
    message = gettext_lazy("The union corrects the report and submits it again.")
    danger = True
    success_message = gettext_lazy("The report has been returned.")

    form_class = ReasonForm

    def form_kwargs(self, obj):
        return {"label": _("What must be corrected")}

    service, service_fields = services.return_report, ("comment=reason",)


class ReportAcceptView(ReportStepView):
    transition = "accept"
    title = gettext_lazy("Accept the report")
    message = gettext_lazy("The accepted report is frozen: later changes to the records do not alter it.")
    success_message = gettext_lazy("The report has been accepted.")

    form_class = ReasonForm

    def form_kwargs(self, obj):
        return {"required": False, "label": _("Comment")}

    service, service_fields = services.accept_report, ("comment=reason",)


class ReportXlsxView(ScopedObjectMixin, View):
    """The report as a printable workbook, one sheet per table."""

    selector = staticmethod(selectors.reports_for)
    replica_reads = True

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        return export.report_xlsx_response(request.user, report)

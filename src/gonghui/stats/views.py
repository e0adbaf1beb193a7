"""The statistics dashboard: figures of an organisation's subtree for a period, charts, drill-down, export."""

import io

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gonghui.core import audit, exports, generation
from gonghui.core.models import AuditAction
from gonghui.core.views import OfficialRequiredMixin

from . import selectors
from .forms import DashboardForm
from .periods import Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DashboardView(OfficialRequiredMixin, TemplateView):
    template_name = "stats/dashboard.html"
    replica_reads = True  # figures and their workbook may read from a replica (gonghui.core.dbrouting)

    def get(self, request, *args, **kwargs):
        form = DashboardForm(request.GET)
        ctx = self.get_context_data(form=form, title=_("Statistics"))
        valid = form.is_valid()
        code = form.cleaned_data.get("org") if "org" in form.cleaned_data else ""
        org = selectors.dashboard_org(request.user, code)
        if org is None:
            raise Http404(_("No organisation with this code in your part of the union tree."))
        ctx["org"] = org
        if not valid or "period_obj" not in form.cleaned_data:
            ctx["period"] = None
            return self.render_to_response(ctx, status=200)
        period = form.cleaned_data["period_obj"]
        data = selectors.cached_dashboard_data(org, period)
        sort = selectors.sort_children(data, request.GET.get("sort", ""))
        if request.GET.get("export") == "xlsx":
            # Figures only, no personal data; still logged like every export, with the period asked for.
            audit.record(AuditAction.EXPORT, org, user=request.user, org=org, count=1,
                         note=f"xlsx dashboard {period.token}")
            return xlsx_response(data)
        charts = selectors.chart_data(data)
        charts["sort"] = sort
        query = request.GET.copy()
        query.pop("export", None)
        query.pop("sort", None)
        query = query.urlencode()
        ctx.update(has_coverage=any(n["units_required"] for n in data["coverage"]),
                   data=data, period=period, sort=sort, query=query,
                   charts=charts, quick_periods=quick_periods(period))
        # A township's table has hundreds of rows (a third of a second to write): kept with the figures.
        ctx["children_table"] = mark_safe(generation.cached(  # our template's HTML, kept as written
            f"stats:children-table:{org.pk}:{period.token}:{sort}:{query}",
            lambda: children_table(data, period, sort, query))) if data["children"] else ""
        return self.render_to_response(ctx)


def children_table(data, period, sort, query):
    for row in data["children"]:
        row["cells"] = [{"key": i["key"], "kind": i["kind"], "value": row["values"][i["key"]],
                         "url": row["urls"][i["key"]]} for i in data["child_indicators"]]
    return render_to_string("stats/partials/children_table.html",
                            {"data": data, "period": period, "sort": sort, "query": query})


def quick_periods(period: Period):
    """Links to the year of the period, its quarters and the previous year."""
    y = period.end.year
    return [(str(y - 1), str(y - 1)), (str(y), str(y))] + [(f"{y}-Q{q}", f"Q{q}") for q in range(1, 5)]


def xlsx_response(data):
    """The dashboard as a workbook: figures, compositions, children (names written inert: core.exports)."""
    buf = io.BytesIO()
    book = exports.workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True})
    org, period = data["org"], data["period"]

    sheet = book.add_worksheet(_("Figures")[:31])
    sheet.write_row(0, 0, [f"{org.name} ({org.code})", period.label], bold)
    sheet.write_row(1, 0, [_("Section"), _("Indicator"), _("Value"), _("Unit"), _("Key")], bold)
    for n, f in enumerate(data["figures"], 2):
        sheet.write_row(n, 0, [f["section_label"], f["name"], selectors.plain(f["value"]), f["unit"], f["key"]])
    sheet.set_column(0, 1, 28)

    sheet = book.add_worksheet(_("Compositions")[:31])
    sheet.write_row(0, 0, [_("Composition"), _("Item"), _("Members")], bold)
    n = 1
    for b in data["breakdowns"]:
        for item in b["items"]:
            sheet.write_row(n, 0, [b["name"], item["label"], item["value"]])
            n += 1
    sheet.set_column(0, 1, 24)

    sheet = book.add_worksheet(_("Children")[:31])
    inds = data["child_indicators"]
    sheet.write_row(0, 0, [_("Rank"), _("Code"), _("Organisation")] + [i["name"] for i in inds], bold)
    for n, r in enumerate(data["children"], 1):
        sheet.write_row(n, 0, [r["rank"], r["code"], r["name"]]
                        + [selectors.plain(r["values"][i["key"]]) for i in inds])
    sheet.set_column(2, 2, 30)
    book.close()

    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="stats-{org.code}-{period.token.replace("~", "_")}.xlsx"'
    return response

"""Officials' pages: inspections (list, page with the checklist and the problems found, form, closing) and the
problems and hazards (list with the overdue and due filters, page, form, response, re-inspection, arrears
recovered, the step to a rights case)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.views import ObjectActionView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from . import forms, selectors, services
from .choices import CHECKLISTS, OPEN_STATUSES, InspectionStatus
from .filtersets import AgreementFilterSet, FindingFilterSet, InspectionFilterSet, StationFilterSet
from .models import RestStation
from .tables import AgreementTable, FindingTable, InspectionTable, StationTable


class InspectionListView(ObjectListView):
    selector = staticmethod(selectors.inspections_for)
    table_class, filterset_class = InspectionTable, InspectionFilterSet
    title, add_url_name, export_name = gettext_lazy("Inspections"), "protection:inspection_add", "inspections"


class InspectionDetailView(ObjectDetailView):
    template_name = "protection/inspection_detail.html"
    selector = staticmethod(selectors.inspections_for)
    list_url_name, edit_url_name = "protection:inspection_list", "protection:inspection_edit"
    delete_url_name = "protection:inspection_delete"
    fields = ("org", "unit", "kind", "campaign", "inspected_on", "inspectors", "summary", "closed_on")

    def get_object_context(self, inspection):
        findings = list(inspection.findings.select_related("rights_case").order_by("item", "id"))
        by_item = {}
        for f in findings:
            by_item.setdefault(f.item, []).append(f)
        checklist = [(item, item.label, by_item.get(item, [])) for item in CHECKLISTS.get(inspection.kind, ())]
        return {"findings": findings, "checklist": checklist,
                "open_count": sum(1 for f in findings if f.status in OPEN_STATUSES),
                "may_add_finding": self.context["can_change"] and inspection.status == InspectionStatus.OPEN}


class InspectionEditView(ObjectEditView):
    selector = staticmethod(selectors.inspections_for)
    form_class, list_url_name = forms.InspectionForm, "protection:inspection_list"
    title_add, title_edit = gettext_lazy("Record an inspection"), gettext_lazy("Edit the inspection")

    def get_initial(self):
        return {"inspected_on": timezone.localdate()}


class InspectionDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.inspections_for)
    list_url_name = "protection:inspection_list"
    message = gettext_lazy("The inspection and the problems recorded at it are deleted. This cannot be undone.")


class InspectionCloseView(ObjectActionView):
    selector = staticmethod(selectors.inspections_for)
    transition = "close"
    message = gettext_lazy("Every problem found has been fixed; the inspection is closed.")
    success_message = gettext_lazy("The inspection has been closed.")
    service = services.close_inspection


class FindingListView(ObjectListView):
    selector = staticmethod(selectors.findings_for)
    table_class, filterset_class = FindingTable, FindingFilterSet
    title, export_name = gettext_lazy("Hazards and problems"), "hazards"


class FindingDetailView(ObjectDetailView):
    template_name = "protection/finding_detail.html"
    selector = staticmethod(selectors.findings_for)
    list_url_name, edit_url_name = "protection:finding_list", "protection:finding_edit"
    delete_url_name = "protection:finding_delete"
    fields = ("inspection", "unit", "item", "description", "severity", "fix_mode", "found_on", "deadline",
              "overdue_on", "escalated_to", "response", "responded_on", "reinspected_on", "reinspections", "fixed_on",
              "arrears_workers", "arrears_amount", "recovered_workers", "amount_recovered")

    def get_object_context(self, finding):
        return {"arrears_list": list(finding.arrears_list.all()),
                "days_overdue": finding.days_overdue(timezone.localdate())}


class FindingEditView(ObjectEditView):
    selector = staticmethod(selectors.findings_for)
    form_class, list_url_name = forms.FindingForm, "protection:finding_list"
    title_add, title_edit = gettext_lazy("Record a problem found"), gettext_lazy("Edit the problem found")

    def get_initial(self):
        return {"inspection": self.request.GET.get("inspection")}


class FindingDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.findings_for)
    list_url_name = "protection:finding_list"


class FindingStepView(ObjectActionView):
    selector = staticmethod(selectors.findings_for)


class RespondView(FindingStepView):
    transition, form_class = "respond", forms.RespondForm
    title = gettext_lazy("Record the employer's response")
    success_message = gettext_lazy("The response has been recorded; re-inspect to close the problem.")
    service, service_fields = services.respond, ("responded_on", "response")

    def initial(self, obj):
        return {"responded_on": timezone.localdate()}


class FixView(FindingStepView):
    transition, form_class = "fix", forms.FixForm
    title = gettext_lazy("Re-inspection: the problem is fixed")
    success_message = gettext_lazy("The problem has been recorded as fixed.")
    service, service_fields = services.fix, ("reinspected_on", "note")

    def initial(self, obj):
        return {"reinspected_on": timezone.localdate()}


class RefixView(FindingStepView):
    transition, form_class = "refix", forms.RefixForm
    title = gettext_lazy("Re-inspection: the problem is not fixed")
    message = gettext_lazy("Set a new deadline; the problem is reported to the union above if it passes too.")
    danger = True
    success_message = gettext_lazy("The new deadline has been recorded.")
    service, service_fields = services.refix, ("reinspected_on", "deadline", "note")

    def initial(self, obj):
        return {"reinspected_on": timezone.localdate()}


class OpenCaseView(FindingStepView):
    transition = "open_case"
    title = gettext_lazy("Open a rights case for the wage arrears")
    message = gettext_lazy("A wage-arrears case is filed with the workers named and the amounts owed, at the union "
                           "covering the employer.")
    success_message = gettext_lazy("The rights case has been opened.")
    service = services.open_rights_case


class RecoverView(FindingStepView):
    transition, form_class = "recover", forms.RecoveryForm
    title = gettext_lazy("Record the arrears recovered")
    success_message = gettext_lazy("The arrears recovered have been recorded.")
    service, service_fields = services.record_recovery, ("recovered_workers", "amount_recovered")

    def initial(self, obj):
        return {"recovered_workers": obj.recovered_workers, "amount_recovered": obj.amount_recovered}


class AgreementListView(ObjectListView):
    selector = staticmethod(selectors.agreements_for)
    table_class, filterset_class = AgreementTable, AgreementFilterSet
    title, add_url_name, export_name = (gettext_lazy("Safety and health agreements"), "protection:agreement_add",
                                        "safety-agreements")


class AgreementDetailView(ObjectDetailView):
    selector = staticmethod(selectors.agreements_for)
    list_url_name, edit_url_name = "protection:agreement_list", "protection:agreement_edit"
    delete_url_name = "protection:agreement_delete"
    fields = ("unit", "org", "signed_on", "ends_on", "committee", "one_law_three_cards", "notes")


class AgreementEditView(ObjectEditView):
    selector = staticmethod(selectors.agreements_for)
    form_class, list_url_name = forms.AgreementForm, "protection:agreement_list"
    title_add = gettext_lazy("Record an employer's safety agreement and committee")
    title_edit = gettext_lazy("Edit the safety agreement")


class AgreementDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.agreements_for)
    list_url_name = "protection:agreement_list"


STATION_FIELDS = ("org", "name", "address", "services", "opening_hours", "map_url", "opened_on", "active")


class StationListView(ObjectListView):
    selector = staticmethod(selectors.stations_for)
    table_class, filterset_class = StationTable, StationFilterSet
    title, add_url_name, export_name = gettext_lazy("Rest stations (安康驿站)"), "protection:station_add", "stations"


class StationDetailView(ObjectDetailView):
    model, list_url_name, edit_url_name = RestStation, "protection:station_list", "protection:station_edit"
    delete_url_name = "protection:station_delete"
    fields = STATION_FIELDS


class StationEditView(ObjectEditView):
    model, fields, list_url_name = RestStation, STATION_FIELDS, "protection:station_list"
    title_add, title_edit = gettext_lazy("Add a rest station"), gettext_lazy("Edit the rest station")


class StationDeleteView(ObjectDeleteView):
    model, list_url_name = RestStation, "protection:station_list"

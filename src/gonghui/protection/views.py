"""Officials' pages: inspections (list, page with the checklist and the problems found, form, closing) and the
problems and hazards (list with the overdue and due filters, page, form, response, re-inspection, arrears
recovered, the step to a rights case)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.selectors import capped
from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from . import forms, selectors, services
from .choices import CHECKLISTS, FOUR_NOT_LET_GO, OPEN_STATUSES, AwardCategory, InspectionStatus
from .filtersets import (
    AccidentFilterSet,
    AgreementFilterSet,
    AwardFilterSet,
    EnrolmentFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
    InspectorFilterSet,
    RoundFilterSet,
    StationFilterSet,
)
from .models import FindingPhoto, RestStation
from .tables import (
    AccidentTable,
    AgreementTable,
    AwardTable,
    EnrolmentTable,
    FindingTable,
    InspectionTable,
    InspectorTable,
    RoundTable,
    StationTable,
)


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
        return {"arrears_list": list(finding.arrears_list.all()), "photos": list(finding.photos.all()),
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


class PhotoView(FindingStepView):
    transition, form_class = "photo", forms.PhotoForm
    title = gettext_lazy("Add a photo of the hazard")
    message = gettext_lazy("The photo is kept with the problem and can only be downloaded.")
    success_message = gettext_lazy("The photo has been added.")
    service, service_fields = services.add_photo, ("photo",)


class PhotoDownloadView(DownloadView):
    selector = staticmethod(selectors.findings_for)
    file_model, file_parent = FindingPhoto, "finding"


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


# --- 安康杯 ------------------------------------------------------------------------------------------------------

class RoundListView(ObjectListView):
    selector = staticmethod(selectors.rounds_for)
    table_class, filterset_class = RoundTable, RoundFilterSet
    title, add_url_name, export_name = gettext_lazy("安康杯 rounds"), "protection:round_add", "ankang-rounds"


class RoundDetailView(ObjectDetailView):
    template_name = "protection/round_detail.html"
    selector = staticmethod(selectors.rounds_for)
    list_url_name, edit_url_name = "protection:round_list", "protection:round_edit"
    delete_url_name = "protection:round_delete"
    fields = ("org", "year", "title", "criteria")

    def get_object_context(self, record):
        awards = list(record.awards.select_related("enrolment__unit").order_by("category", "id"))
        given = {c: sum(1 for a in awards if a.category == c) for c in AwardCategory.values}
        quotas = [(label, record.quota(value), given[value]) for value, label in AwardCategory.choices]
        enrolments = capped(selectors.enrolments_for(self.request.user).filter(round=record)
                            .order_by("-score", "id"), 200,
                            url=reverse("protection:enrolment_list") + f"?round={record.pk}")
        return {"awards": awards, "quotas": quotas, "enrolments": enrolments,
                "criteria": services.parse_criteria(record.criteria)}


class RoundEditView(ObjectEditView):
    selector = staticmethod(selectors.rounds_for)
    form_class, list_url_name = forms.RoundForm, "protection:round_list"
    title_add, title_edit = gettext_lazy("Organise a 安康杯 round"), gettext_lazy("Edit the round")

    def get_initial(self):
        return {"year": timezone.localdate().year}


class RoundDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.rounds_for)
    list_url_name = "protection:round_list"


class RoundCloseView(ObjectActionView):
    selector = staticmethod(selectors.rounds_for)
    transition = "close"
    message = gettext_lazy("The awards are announced; enrolments, scores and awards no longer change.")
    success_message = gettext_lazy("The round has been closed.")
    service = services.close_round


class AwardView(ObjectActionView):
    selector = staticmethod(selectors.rounds_for)
    transition, form_class = "award", forms.AwardForm
    message = gettext_lazy("Within the round's quota of the category.")
    success_message = gettext_lazy("The award has been given.")
    service, service_fields = services.give_award, ("category", "enrolment", "org", "name")

    def form_kwargs(self, obj):
        return {"round": obj, "user": self.request.user}


class AwardListView(ObjectListView):
    selector = staticmethod(selectors.awards_for)
    table_class, filterset_class = AwardTable, AwardFilterSet
    title, export_name = gettext_lazy("安康杯 awards"), "ankang-awards"


class EnrolmentListView(ObjectListView):
    selector = staticmethod(selectors.enrolments_for)
    table_class, filterset_class = EnrolmentTable, EnrolmentFilterSet
    title, add_url_name, export_name = (gettext_lazy("安康杯 enrolments"), "protection:enrolment_add",
                                        "ankang-enrolments")


class EnrolmentDetailView(ObjectDetailView):
    template_name = "protection/enrolment_detail.html"
    selector = staticmethod(selectors.enrolments_for)
    list_url_name, edit_url_name = "protection:enrolment_list", "protection:enrolment_edit"
    delete_url_name = "protection:enrolment_delete"
    fields = ("round", "unit", "org", "enrolled_on", "workers", "score")

    def get_object_context(self, enrolment):
        criteria = services.parse_criteria(enrolment.round.criteria)
        return {"points": [(name, full, enrolment.scores.get(name)) for name, full in criteria]}


class EnrolmentEditView(ObjectEditView):
    selector = staticmethod(selectors.enrolments_for)
    form_class, list_url_name = forms.EnrolmentForm, "protection:enrolment_list"
    title_add, title_edit = gettext_lazy("Enrol an employer"), gettext_lazy("Edit the enrolment")

    def get_initial(self):
        return {"enrolled_on": timezone.localdate(), "round": self.request.GET.get("round")}


class EnrolmentDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.enrolments_for)
    list_url_name = "protection:enrolment_list"


class ScoreView(ObjectActionView):
    selector = staticmethod(selectors.enrolments_for)
    transition, form_class = "score", forms.ScoreForm
    title = gettext_lazy("Score the employer")
    message = gettext_lazy("Points on each criterion of the round, up to its full points.")
    success_message = gettext_lazy("The score has been recorded.")

    def form_kwargs(self, obj):
        return {"enrolment": obj}

    def perform(self, obj, form):
        return services.score_enrolment(self.request.user, obj, form.points())


# --- 群监员 ------------------------------------------------------------------------------------------------------

class InspectorListView(ObjectListView):
    selector = staticmethod(selectors.inspectors_for)
    table_class, filterset_class = InspectorTable, InspectorFilterSet
    title, add_url_name, export_name = (gettext_lazy("Safety inspectors (群监员)"), "protection:inspector_add",
                                        "safety-inspectors")


class InspectorDetailView(ObjectDetailView):
    template_name = "protection/inspector_detail.html"
    selector = staticmethod(selectors.inspectors_for)
    list_url_name, edit_url_name = "protection:inspector_list", "protection:inspector_edit"
    delete_url_name = "protection:inspector_delete"
    fields = ("member", "org", "trained_on", "certificate_no", "active", "problems_found", "violations_stopped")

    def get_object_context(self, inspector):
        return {"reports": capped(inspector.reports.all(), 100)}


class InspectorEditView(ObjectEditView):
    selector = staticmethod(selectors.inspectors_for)
    form_class, list_url_name = forms.InspectorForm, "protection:inspector_list"
    title_add, title_edit = gettext_lazy("Add a safety inspector"), gettext_lazy("Edit the safety inspector")


class InspectorDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.inspectors_for)
    list_url_name = "protection:inspector_list"


class ReportView(ObjectActionView):
    selector = staticmethod(selectors.inspectors_for)
    transition, form_class = "report", forms.ReportForm
    success_message = gettext_lazy("The report has been recorded.")
    service = services.record_report
    service_fields = ("reported_on", "problems_found", "violations_stopped", "description")

    def initial(self, obj):
        return {"reported_on": timezone.localdate()}


# --- accident investigations -------------------------------------------------------------------------------------

class AccidentListView(ObjectListView):
    selector = staticmethod(selectors.accidents_for)
    table_class, filterset_class = AccidentTable, AccidentFilterSet
    title, add_url_name, export_name = (gettext_lazy("Accident investigations"), "protection:accident_add",
                                        "accident-investigations")


class AccidentDetailView(ObjectDetailView):
    selector = staticmethod(selectors.accidents_for)
    list_url_name, edit_url_name = "protection:accident_list", "protection:accident_edit"
    delete_url_name = "protection:accident_delete"
    fields = ("org", "unit", "occurred_on", "description", "deaths", "injuries", *FOUR_NOT_LET_GO, "union_findings",
              "closed_on")


class AccidentEditView(ObjectEditView):
    selector = staticmethod(selectors.accidents_for)
    form_class, list_url_name = forms.AccidentForm, "protection:accident_list"
    title_add = gettext_lazy("Record an accident investigation")
    title_edit = gettext_lazy("Edit the accident investigation")


class AccidentDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.accidents_for)
    list_url_name = "protection:accident_list"


class AccidentCloseView(ObjectActionView):
    selector = staticmethod(selectors.accidents_for)
    transition = "close"
    message = gettext_lazy("The cause, the responsibility, the measures and the education (四不放过) are recorded; "
                           "the investigation is closed.")
    success_message = gettext_lazy("The investigation has been closed.")
    service = services.close_accident

"""Officials' pages: honour schemes, selection rounds (quotas), recommendations and their steps, the model-worker
registry, allowance rules and payment runs (with the bank file), rest-trip and health-check rounds (sign-up,
attendance), visits and grants."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, exports, scope
from gonghui.core.forms import ReasonForm
from gonghui.core.models import AuditAction
from gonghui.core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RevealView,
)

from . import forms, selectors, services
from .filtersets import (
    CareRoundFilterSet,
    RecommendationFilterSet,
    RoundFilterSet,
    RuleFilterSet,
    RunFilterSet,
    SchemeFilterSet,
    SupportFilterSet,
    WorkerFilterSet,
)
from .tables import (
    CareRoundTable,
    RecommendationTable,
    RoundTable,
    RuleTable,
    RunTable,
    SchemeTable,
    SupportTable,
    WorkerTable,
)

# Schemes --------------------------------------------------------------------------------------------------------


class SchemeListView(ObjectListView):
    selector = staticmethod(selectors.schemes_for)
    table_class, filterset_class = SchemeTable, SchemeFilterSet
    title, add_url_name, export_name = gettext_lazy("Honour schemes"), "honours:scheme_add", "honour-schemes"


class SchemeDetailView(ObjectDetailView):
    selector = staticmethod(selectors.schemes_for)
    list_url_name, edit_url_name = "honours:scheme_list", "honours:scheme_edit"
    delete_url_name = "honours:scheme_delete"
    fields = ("org", "name", "category", "level", "recipient", "cycle_years", "active", "notes")


class SchemeEditView(ObjectEditView):
    selector = staticmethod(selectors.schemes_for)
    form_class, list_url_name = forms.SchemeForm, "honours:scheme_list"
    title_add, title_edit = gettext_lazy("Add an honour scheme"), gettext_lazy("Edit the honour scheme")


class SchemeDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.schemes_for)
    list_url_name = "honours:scheme_list"


# Rounds ---------------------------------------------------------------------------------------------------------


class RoundListView(ObjectListView):
    selector = staticmethod(selectors.rounds_for)
    table_class, filterset_class = RoundTable, RoundFilterSet
    title, add_url_name, export_name = gettext_lazy("Selection rounds"), "honours:round_add", "selection-rounds"


class RoundDetailView(ObjectDetailView):
    template_name = "honours/round_detail.html"
    selector = staticmethod(selectors.rounds_for)
    list_url_name, edit_url_name = "honours:round_list", "honours:round_edit"
    fields = ("scheme", "scheme__level", "year", "org", "notice_days", "status")

    def get_object_context(self, rnd):
        quotas = list(rnd.quotas.select_related("org"))
        recs = list(selectors.recommendations_for(self.request.user).filter(round=rnd))
        used = {}
        for r in recs:
            if r.status != "rejected":
                used[r.org_id] = used.get(r.org_id, 0) + 1
        rows = [(q.org, q.quota, used.get(q.org_id, 0)) for q in quotas]
        return {"quota_rows": rows, "recommendations": recs}

    def detail_rows(self, obj):
        rows = super().detail_rows(obj)
        rows[1] = (_("level"), obj.scheme.get_level_display())
        return rows


class RoundEditView(ObjectEditView):
    selector = staticmethod(selectors.rounds_for)
    form_class, list_url_name = forms.RoundForm, "honours:round_list"
    title_add, title_edit = gettext_lazy("Open a selection round"), gettext_lazy("Edit the selection round")


class RoundStepView(ObjectActionView):
    selector = staticmethod(selectors.rounds_for)


class QuotaView(RoundStepView):
    transition = "quota"
    form_class = forms.QuotaForm
    title = gettext_lazy("Hand down a quota")
    message = gettext_lazy("How many the union may recommend in this round; setting it again changes it.")
    success_message = gettext_lazy("The quota has been set.")
    service, service_fields = services.set_quota, ("org", "quota")

    def form_kwargs(self, obj):
        return {"round": obj}


# Recommendations ------------------------------------------------------------------------------------------------


class RecommendationListView(ObjectListView):
    selector = staticmethod(selectors.recommendations_for)
    table_class, filterset_class = RecommendationTable, RecommendationFilterSet
    title, add_url_name = gettext_lazy("Recommendations"), "honours:recommendation_add"
    export_name = "honour-recommendations"


class RecommendationDetailView(ObjectDetailView):
    selector = staticmethod(selectors.recommendations_for)
    list_url_name, edit_url_name = "honours:recommendation_list", "honours:recommendation_edit"
    fields = ("round", "org", "nominee", "id_number", "employer", "deeds", "meeting", "meeting_on", "votes_for",
              "votes_total", "review_note", "notice_start", "notice_end", "objection", "objection_open",
              "objection_resolution", "approved_on", "certificate_no", "awarded_on", "worker")

    def get_object_context(self, obj):
        if obj.status != "recommended":
            self.context["edit_url_name"] = None
        return {}


class RecommendationEditView(ObjectEditView):
    selector = staticmethod(selectors.recommendations_for)
    form_class, list_url_name = forms.RecommendationForm, "honours:recommendation_list"
    title_add, title_edit = gettext_lazy("Recommend"), gettext_lazy("Edit the recommendation")

    def get_object_or_none(self):
        obj = super().get_object_or_none()
        if obj is not None and obj.status != "recommended":
            raise Http404
        return obj

    def get_initial(self):
        initial = {}
        rnd = self.request.GET.get("round")
        if rnd and rnd.isdigit():
            initial["round"] = int(rnd)
        return initial


class RecommendationStepView(ObjectActionView):
    selector = staticmethod(selectors.recommendations_for)


class ReviewView(RecommendationStepView):
    transition = "review"
    form_class = forms.NoteForm
    title = gettext_lazy("Pass the review above")
    success_message = gettext_lazy("The review has been recorded.")
    service, service_fields = services.review, ("note",)


class NoticeView(RecommendationStepView):
    transition = "notice"
    form_class = forms.NoticeForm
    title = gettext_lazy("Put on public notice")
    message = gettext_lazy("The notice lasts the round's number of days; objections are recorded while it runs, "
                           "and the recommendation is approved after it ends.")
    success_message = gettext_lazy("The public notice has started.")
    service, service_fields = services.put_on_notice, ("start",)

    def initial(self, obj):
        return {"start": timezone.localdate()}


class ObjectionView(RecommendationStepView):
    transition = "object"
    form_class = forms.ObjectionForm
    title = gettext_lazy("Record an objection")
    danger = True
    success_message = gettext_lazy("The objection has been recorded.")
    service, service_fields = services.record_objection, ("objection",)


class ResolveView(RecommendationStepView):
    transition = "resolve"
    form_class = forms.ResolveForm
    title = gettext_lazy("Resolve the objection")
    success_message = gettext_lazy("The objection has been resolved.")
    service, service_fields = services.resolve_objection, ("resolution",)


class ApproveView(RecommendationStepView):
    transition = "approve"
    form_class = forms.ApproveForm
    title = gettext_lazy("Approve")
    success_message = gettext_lazy("The recommendation has been approved.")
    service, service_fields = services.approve, ("on=approved_on",)

    def initial(self, obj):
        return {"approved_on": timezone.localdate()}


class AwardView(RecommendationStepView):
    transition = "award"
    form_class = forms.AwardForm
    title = gettext_lazy("Award")
    message = gettext_lazy("A person's title goes into the model-worker registry.")
    success_message = gettext_lazy("The honour has been awarded.")
    service, service_fields = services.award, ("certificate_no", "on=awarded_on")

    def initial(self, obj):
        return {"awarded_on": timezone.localdate()}


class RejectView(RecommendationStepView):
    transition = "reject"
    form_class = ReasonForm
    title = gettext_lazy("Not selected")
    danger = True
    success_message = gettext_lazy("Recorded as not selected.")
    service, service_fields = services.reject, ("reason",)


class RecommendationRevealView(RevealView):
    selector = staticmethod(selectors.recommendations_for)


# The registry ---------------------------------------------------------------------------------------------------


class WorkerListView(ObjectListView):
    selector = staticmethod(selectors.workers_for)
    table_class, filterset_class = WorkerTable, WorkerFilterSet
    title, add_url_name, export_name = gettext_lazy("Model workers"), "honours:worker_add", "model-workers"


class WorkerDetailView(ObjectDetailView):
    template_name = "honours/worker_detail.html"
    selector = staticmethod(selectors.workers_for)
    list_url_name, edit_url_name = "honours:worker_list", "honours:worker_edit"
    fields = ("org", "name", "id_number", "employer", "level", "status", "deceased_on", "bank_name", "bank_account",
              "census_year", "in_hardship", "hardship_archive_no", "notes")

    def get_object_context(self, worker):
        user = self.request.user
        return {"titles": list(worker.titles.all()),
                "payments": list(worker.allowances.select_related("run").order_by("-period", "kind")[:24]),
                "care": list(worker.care.filter(round__in=selectors.care_rounds_for(user))
                             .select_related("round").order_by("-round__starts_on")[:20]),
                "support": list(selectors.support_for(user).filter(worker=worker)[:20])}


class WorkerEditView(ObjectEditView):
    selector = staticmethod(selectors.workers_for)
    form_class, list_url_name = forms.WorkerForm, "honours:worker_list"
    title_add, title_edit = gettext_lazy("Add a model worker"), gettext_lazy("Edit the model worker's archive")


class WorkerStepView(ObjectActionView):
    selector = staticmethod(selectors.workers_for)


class CensusView(WorkerStepView):
    transition = "census"
    title = gettext_lazy("Confirm in this year's census")
    message = gettext_lazy("Confirm that the archive was checked this year: person, employer, status and contact.")
    success_message = gettext_lazy("The census has been confirmed.")
    service = services.confirm_census


class RetireView(WorkerStepView):
    transition = "retire"
    title = gettext_lazy("Record retirement")
    message = gettext_lazy("From the next payment run the retirement rules apply.")
    service = services.retire


class DeathView(WorkerStepView):
    transition = "decease"
    form_class = forms.DateForm
    title = gettext_lazy("Record death")
    danger = True
    message = gettext_lazy("No allowance is paid after this; unpaid runs drop the person when paid.")
    success_message = gettext_lazy("Recorded.")
    service, service_fields = services.record_death, ("on",)


class ReissueView(WorkerStepView):
    transition = "reissue"
    form_class = forms.ReissueForm
    title = gettext_lazy("Re-issue a lost certificate")
    success_message = gettext_lazy("The new certificate has been recorded.")
    service, service_fields = services.reissue_certificate, ("title", "certificate_no", "reason")

    def form_kwargs(self, obj):
        return {"worker": obj}


class WorkerRevealView(RevealView):
    selector = staticmethod(selectors.workers_for)


# Allowances -----------------------------------------------------------------------------------------------------


class RuleListView(ObjectListView):
    selector = staticmethod(selectors.rules_for)
    table_class, filterset_class = RuleTable, RuleFilterSet
    title, add_url_name, export_name = gettext_lazy("Allowance rules"), "honours:rule_add", "allowance-rules"


class RuleDetailView(ObjectDetailView):
    selector = staticmethod(selectors.rules_for)
    list_url_name, edit_url_name = "honours:rule_list", "honours:rule_edit"
    delete_url_name = "honours:rule_delete"
    fields = ("org", "level", "worker_status", "kind", "amount", "basis")


class RuleEditView(ObjectEditView):
    selector = staticmethod(selectors.rules_for)
    form_class, list_url_name = forms.RuleForm, "honours:rule_list"
    title_add, title_edit = gettext_lazy("Add an allowance rule"), gettext_lazy("Edit the allowance rule")


class RuleDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.rules_for)
    list_url_name = "honours:rule_list"


class RunListView(ObjectListView):
    selector = staticmethod(selectors.runs_for)
    table_class, filterset_class = RunTable, RunFilterSet
    title, add_url_name, export_name = gettext_lazy("Allowance payment runs"), "honours:run_add", "allowance-runs"


class RunDetailView(ObjectDetailView):
    template_name = "honours/run_detail.html"
    selector = staticmethod(selectors.runs_for)
    list_url_name = "honours:run_list"
    fields = ("org", "period", "memo", "people", "total", "paid_on", "status")

    def get_object_context(self, run):
        return {"lines": list(run.lines.select_related("worker").order_by("worker__name", "kind"))}

    def detail_rows(self, obj):
        rows = super().detail_rows(obj)
        rows[1] = (rows[1][0], f"{obj.period:%Y-%m}")
        return rows


class RunCreateView(ObjectEditView):
    selector = staticmethod(selectors.runs_for)
    form_class, list_url_name = forms.RunForm, "honours:run_list"
    title_add = gettext_lazy("Draw up a payment run")


class RunDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.runs_for)
    list_url_name = "honours:run_list"

    def check(self, obj):
        super().check(obj)
        if obj.status != "draft":
            raise PermissionDenied(_("A paid run cannot be deleted."))


class PayView(ObjectActionView):
    selector = staticmethod(selectors.runs_for)
    transition = "pay"
    form_class = forms.PayForm
    title = gettext_lazy("Record the payment")
    message = gettext_lazy("Lines of anyone who has died since the run was drawn up are removed before paying.")
    success_message = gettext_lazy("The payment has been recorded.")
    service, service_fields = services.pay_run, ("paid_on",)

    def initial(self, obj):
        return {"paid_on": timezone.localdate()}


class BankFileView(RunDetailView):
    """The run's lines as a bank transfer file: account numbers in clear, so only for those who may reveal."""

    def get(self, request, *args, **kwargs):
        run = self.get_object()
        if not scope.can(request.user, "reveal_pii", run.org):
            raise PermissionDenied(_("Your role does not allow exporting bank account numbers."))
        rows = [[_("account holder"), _("bank account number"), _("bank"), _("amount"), _("memo")]]
        for line in run.lines.select_related("worker").order_by("worker__name", "kind"):
            w = line.worker
            rows.append([w.name, w.bank_account, w.bank_name, f"{line.amount:.2f}",
                         f"{line.get_kind_display()} {run.period:%Y-%m}"])
        audit.record(AuditAction.EXPORT, None, user=request.user, model=type(run), count=len(rows) - 1,
                     note="unmasked bank transfer csv")
        response = HttpResponse(b"".join(exports.csv_stream(rows)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="allowances-{run.period:%Y-%m}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response


# Care: rest trips and health checks, visits and grants ---------------------------------------------------------


class CareRoundListView(ObjectListView):
    selector = staticmethod(selectors.care_rounds_for)
    table_class, filterset_class = CareRoundTable, CareRoundFilterSet
    title, add_url_name = gettext_lazy("Rest trips and health checks"), "honours:care_add"
    export_name = "model-worker-care-rounds"


class CareRoundDetailView(ObjectDetailView):
    template_name = "honours/care_detail.html"
    selector = staticmethod(selectors.care_rounds_for)
    list_url_name, edit_url_name = "honours:care_list", "honours:care_edit"
    fields = ("org", "kind", "name", "year", "place", "starts_on", "ends_on", "places", "signed_up", "attended",
              "status", "notes")

    def get_object_context(self, rnd):
        return {"participants": list(rnd.participants.select_related("worker", "worker__org"))}


class CareRoundEditView(ObjectEditView):
    selector = staticmethod(selectors.care_rounds_for)
    form_class, list_url_name = forms.CareRoundForm, "honours:care_list"
    title_add = gettext_lazy("Arrange a rest trip or health check")
    title_edit = gettext_lazy("Edit the rest trip or health check")


class CareStepView(ObjectActionView):
    selector = staticmethod(selectors.care_rounds_for)

    def form_kwargs(self, obj):
        return {"round": obj}


class EnrolView(CareStepView):
    transition = "enrol"
    form_class = forms.EnrolForm
    title = gettext_lazy("Sign up a model worker")
    message = gettext_lazy("Living model workers cared for by the organising union or below, within the places.")
    success_message = gettext_lazy("Signed up.")
    service, service_fields = services.enrol, ("worker",)

    def form_kwargs(self, obj):
        return {"round": obj, "user": self.request.user}


class WithdrawView(CareStepView):
    transition = "withdraw"
    form_class = forms.WithdrawForm
    title = gettext_lazy("Withdraw a sign-up")
    success_message = gettext_lazy("The sign-up has been withdrawn.")
    service, service_fields = services.withdraw, ("participant",)


class AttendanceView(CareStepView):
    transition = "attend"
    form_class = forms.AttendanceForm
    title = gettext_lazy("Record attendance")
    message = gettext_lazy("Once recorded, the round is done and counts in the statistics.")
    success_message = gettext_lazy("The attendance has been recorded.")
    service, service_fields = services.record_attendance, ("attended_ids=attended",)


class SupportListView(ObjectListView):
    selector = staticmethod(selectors.support_for)
    table_class, filterset_class = SupportTable, SupportFilterSet
    title, add_url_name = gettext_lazy("Visits and grants"), "honours:support_add"
    export_name = "model-worker-visits-grants"


class SupportDetailView(ObjectDetailView):
    selector = staticmethod(selectors.support_for)
    list_url_name, edit_url_name = "honours:support_list", "honours:support_edit"
    delete_url_name = "honours:support_delete"
    fields = ("org", "worker", "kind", "occasion", "given_on", "amount", "beneficiary", "notes", "created_by")


class SupportEditView(ObjectEditView):
    selector = staticmethod(selectors.support_for)
    form_class, list_url_name = forms.SupportForm, "honours:support_list"
    title_add, title_edit = gettext_lazy("Record a visit or grant"), gettext_lazy("Edit the visit or grant")

    def get_initial(self):
        initial = {}
        worker = self.request.GET.get("worker")
        if worker and worker.isdigit():
            initial["worker"] = int(worker)
        return initial


class SupportDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.support_for)
    list_url_name = "honours:support_list"

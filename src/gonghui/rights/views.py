"""Officials' pages: the case list and intake, the case page with its clock and path, the workflow steps,
the to-do list, and the early-warning board."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from gonghui.core.forms import ReasonForm
from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OfficialRequiredMixin,
    PrintView,
    RevealView,
)

from . import forms, selectors, services
from .filtersets import CaseFilterSet, LegalAidFilterSet, WarningFilterSet
from .models import CaseDocument, CaseWorker, LegalAidReferral
from .tables import CaseTable, LegalAidTable, WarningTable, complainant_text


class CaseListView(ObjectListView):
    title = gettext_lazy("Rights cases")
    export_name = "rights-cases"
    selector = staticmethod(selectors.cases_for)
    filterset_class = CaseFilterSet
    table_class = CaseTable
    add_url_name = "rights:case_add"
    actions_template = "rights/partials/list_actions.html"


class CaseIntakeView(ObjectEditView):
    selector = staticmethod(selectors.cases_for)
    form_class = forms.CaseIntakeForm
    title_add = gettext_lazy("Record a complaint")
    list_url_name = "rights:case_list"

    def get_object_or_none(self):
        return None


class CaseDetailView(ObjectDetailView):
    template_name = "rights/case_detail.html"
    selector = staticmethod(selectors.cases_for)

    def get_object_context(self, case):
        visible = bool(case.identity_visible)
        now = timezone.now()
        workers = list(selectors.case_workers(case)) if not case.anonymous else []
        return {
            "identity_visible": visible,
            "complainant": complainant_text(case),
            "workers": workers,
            "more_workers": max(0, case.worker_count - len(workers)),
            "path": selectors.routing_path(case),
            "sessions": selectors.case_sessions(case),
            "documents": selectors.case_documents(case),
            "events": selectors.case_events(case),
            "legal_aid": selectors.legal_aid_for(case),
            "days_left": case.days_left(now),
            "overdue": case.is_overdue(now),
            "due_soon": case.is_due_soon(now),
            "can_reveal": self.context["can_reveal"] and visible,
            "duplicate": (selectors.cases_for(self.request.user).filter(pk=case.duplicate_of_id).first()
                       if case.duplicate_of_id else None),
        }


class AgreementPrintView(PrintView, CaseDetailView):
    """The case's mediation agreement (调解协议书) for the parties to sign, with the terms once agreed (blank lines
    before); the complainant is named as on the case's page."""

    template_name = "rights/print/agreement.html"
    form_title = gettext_lazy("Mediation agreement")

    def print_org(self, case):
        return case.handling_org


class CaseActionView(ObjectActionView):
    selector = staticmethod(selectors.cases_for)


class AcceptView(CaseActionView):
    transition = "accept"
    title = gettext_lazy("Accept the case")
    message = gettext_lazy("Accepting starts the mediation clock: agreement is due within 15 days.")
    success_message = gettext_lazy("The case has been accepted.")
    service = services.accept_case


class RouteView(CaseActionView):
    transition = "route"
    form_class = forms.RouteForm
    title = gettext_lazy("Pass the case on")
    message = gettext_lazy("Hand it down (交办) to a union below, report it up (上报) or transfer it (转办) to another "
                           "union. The path is kept on the case.")
    success_message = gettext_lazy("The case has been passed on.")
    service, service_fields = services.route_case, ("kind", "to_org", "reason")

    def success_url(self, obj, result):
        if selectors.cases_for(self.request.user).filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return reverse("rights:case_list")


class StartMediationView(CaseActionView):
    transition = "start_mediation"
    form_class = forms.MediationForm
    title = gettext_lazy("Start mediation")
    success_message = gettext_lazy("Mediation has started.")
    service, service_fields = services.start_mediation, ("mediator",)

    def form_kwargs(self, obj):
        return {"case": obj}


class ExtendView(CaseActionView):
    transition = "extend"
    form_class = forms.ExtendForm
    title = gettext_lazy("Extend the mediation period")
    message = gettext_lazy("Only with the written consent of both the worker and the employer.")
    success_message = gettext_lazy("The mediation period has been extended.")
    service, service_fields = services.extend_deadline, ("new_deadline", "worker_consent", "employer_consent",
                                                         "consent_note", "document")


class SessionView(CaseActionView):
    transition = "session"
    form_class = forms.SessionForm
    title = gettext_lazy("Record a mediation session")
    success_message = gettext_lazy("The session has been recorded.")
    service, service_fields = services.record_session, ("held_on", "mediator", "notes", "participants")

    def initial(self, obj):
        return {"held_on": timezone.localdate(), "mediator": obj.mediator}

    def form_kwargs(self, obj):
        return {"case": obj}


class CloseView(CaseActionView):
    transition = "close"
    form_class = forms.CloseForm
    title = gettext_lazy("Close the case")
    message = gettext_lazy("调解成功: the agreement's amount and paying date; 调解不成: where the worker goes next; "
                           "不予受理: the reason.")
    success_message = gettext_lazy("The case has been closed.")
    service, service_fields = services.close_case, ("outcome", "reason", "agreement_amount", "paying_deadline",
                                                    "amount_recovered", "referred_to", "legal_aid_offered")


class RecoveryView(CaseActionView):
    transition = "recovery"
    form_class = forms.RecoveryForm
    title = gettext_lazy("Record the amount recovered")
    success_message = gettext_lazy("The amount recovered has been recorded.")
    service, service_fields = services.record_recovery, ("amount_recovered",)

    def initial(self, obj):
        return {"amount_recovered": obj.amount_recovered}


class ReopenView(CaseActionView):
    transition = "reopen"
    form_class = ReasonForm
    service, service_fields = services.reopen_case, ("reason",)
    title = gettext_lazy("Reopen the case")
    success_message = gettext_lazy("The case has been reopened.")


class DocumentView(CaseActionView):
    transition = "document"
    form_class = forms.DocumentForm
    service, service_fields = services.add_document, ("upload=document", "description")
    title = gettext_lazy("Add a document")
    success_message = gettext_lazy("The document has been added.")


class WorkersImportView(CaseActionView):
    form_class = forms.WorkersImportForm
    service, service_fields = services.import_workers, ("upload=file",)
    title = gettext_lazy("Import the workers of a group case")
    message = gettext_lazy("The whole list is checked first; nothing is added if a row is wrong.")
    success_message = gettext_lazy("The workers have been added.")


class LegalAidView(CaseActionView):
    transition = "legal_aid"
    form_class = forms.LegalAidForm
    service, service_fields = services.refer_legal_aid, ("provider_kind", "provider_name", "note")
    title = gettext_lazy("Refer for legal aid")
    success_message = gettext_lazy("The case has been referred for legal aid.")


class LegalAidResultView(CaseActionView):
    transition = "legal_aid_result"
    form_class = forms.LegalAidResultForm
    title = gettext_lazy("Record the legal aid result")
    success_message = gettext_lazy("The result has been recorded.")
    service_fields = ("result", "result_on", "amount_awarded", "amount_recovered", "note=result_note")

    def perform(self, obj, form):
        referral = get_object_or_404(LegalAidReferral, pk=self.kwargs["rid"], case=obj)
        return services.record_legal_aid_result(self.request.user, referral, **self.service_kwargs(form))


class LegalAidListView(ObjectListView):
    """法律援助: every referral in scope, tracked to its result; the complainant masked by the case's rule."""

    title = gettext_lazy("Legal aid referrals")
    export_name = "legal-aid-referrals"
    selector = staticmethod(selectors.legal_aid_referrals_for)
    filterset_class = LegalAidFilterSet
    table_class = LegalAidTable
    actions_template = "rights/partials/list_actions.html"


class DocumentDownloadView(DownloadView):
    selector = staticmethod(selectors.cases_for)
    file_model, file_kwarg, file_parent = CaseDocument, "doc", "case"

    def check(self, case, doc):
        if not case.identity_visible and doc.from_worker:
            raise PermissionDenied(_("Documents from the worker are shown only to the unions handling the case."))


class WorkerRevealView(RevealView):
    """POST (htmx): a worker's full ID number, for staff on the case's path; audited."""

    selector = staticmethod(selectors.cases_for)
    element_id = None

    def reveal(self, case):
        worker = get_object_or_404(CaseWorker, pk=self.kwargs["wid"], case=case)
        return [services.reveal_worker_id(self.request.user, case, worker)]


class TodoView(OfficialRequiredMixin, TemplateView):
    """The official's to-do list: new cases, mediations due soon, overdue ones, warnings to acknowledge."""

    template_name = "rights/todo.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.todo(self.request.user))
        return ctx


# --- early warnings -------------------------------------------------------------------------------------------


class WarningListView(ObjectListView):
    title = gettext_lazy("Early warning board")
    export_name = "early-warnings"
    selector = staticmethod(selectors.warnings_for)
    filterset_class = WarningFilterSet
    table_class = WarningTable
    add_url_name = "rights:warning_add"
    actions_template = "rights/partials/list_actions.html"


class WarningAddView(ObjectEditView):
    selector = staticmethod(selectors.warnings_for)
    form_class = forms.WarningForm
    title_add = gettext_lazy("Raise an early warning")
    list_url_name = "rights:warning_list"


class WarningDetailView(ObjectDetailView):
    template_name = "rights/warning_detail.html"
    selector = staticmethod(selectors.warnings_for)

    def get_object_context(self, warning):
        return {"late": warning.is_late()}


class WarningStepView(ObjectActionView):
    selector = staticmethod(selectors.warnings_for)
    form_class = forms.ResponseForm


class WarningAcknowledgeView(WarningStepView):
    transition = "acknowledge"
    title = gettext_lazy("Acknowledge the warning")
    success_message = gettext_lazy("The warning has been acknowledged.")
    service, service_fields = services.acknowledge_warning, ("response",)


class WarningResolveView(WarningStepView):
    transition = "resolve"
    title = gettext_lazy("Mark the warning resolved")
    success_message = gettext_lazy("The warning has been marked resolved.")
    service, service_fields = services.close_warning, ("response",)



"""Officials' pages: the contract list (with the renewal and submission filters), the contract page with its
employers, documents and performance checks, the draft form, the workflow steps, the restructuring of an employer,
and labour-contract coverage."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import FormView

from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OfficialRequiredMixin,
    save_valid,
)

from . import forms, selectors, services
from .filtersets import ContractFilterSet, LabourCoverageFilterSet
from .models import ContractDocument
from .tables import ContractTable, LabourCoverageTable


class ContractListView(ObjectListView):
    selector = staticmethod(selectors.contracts_for)
    table_class, filterset_class = ContractTable, ContractFilterSet
    title, add_url_name, export_name = gettext_lazy("Collective contracts"), "contracts:contract_add", "contracts"
    actions_template = "contracts/list_actions.html"


class ContractDetailView(ObjectDetailView):
    template_name = "contracts/contract_detail.html"
    selector = staticmethod(selectors.contracts_for)
    list_url_name, edit_url_name = "contracts:contract_list", "contracts:contract_edit"

    def get_object_context(self, contract):
        today = timezone.localdate()
        return {"units": selectors.contract_units(contract), "documents": list(contract.documents.all()),
                "checks": list(contract.checks.all()), "can_edit": contract.is_draft and self.context["can_change"],
                "days_to_expiry": contract.days_to_expiry(today),
                "submission_overdue": selectors.submission_overdue(
                    type(contract).objects.filter(pk=contract.pk), today).exists()}


class ContractEditView(ObjectEditView):
    selector = staticmethod(selectors.contracts_for)
    form_class, list_url_name = forms.ContractForm, "contracts:contract_list"
    title_add, title_edit = gettext_lazy("Draft a collective contract"), gettext_lazy("Edit the draft contract")

    def get_object_or_none(self):
        obj = super().get_object_or_none()
        if obj is not None and not obj.is_draft:
            raise Http404  # a signed contract is not edited
        return obj


class ContractStepView(ObjectActionView):
    selector = staticmethod(selectors.contracts_for)


class SignView(ContractStepView):
    transition = "sign"
    form_class = forms.SignForm
    title = gettext_lazy("Record the signing")
    message = gettext_lazy("Submit the signed contract to the labour department within 10 days of signing.")
    success_message = gettext_lazy("The signing has been recorded.")
    service, service_fields = services.sign_contract, ("signed_on", "document")

    def initial(self, obj):
        return {"signed_on": timezone.localdate()}


class SubmitView(ContractStepView):
    transition = "submit"
    form_class = forms.SubmitForm
    title = gettext_lazy("Record the submission to the labour department")
    message = gettext_lazy("The contract takes effect 15 days after submission unless the department objects.")
    success_message = gettext_lazy("The submission has been recorded.")
    service, service_fields = services.submit_contract, ("submitted_on",)

    def initial(self, obj):
        return {"submitted_on": timezone.localdate()}


class ObjectionView(ContractStepView):
    transition = "object"
    form_class = forms.ObjectForm
    title = gettext_lazy("Record the department's objection")
    danger = True
    success_message = gettext_lazy("The objection has been recorded.")
    service, service_fields = services.object_contract, ("objected_on", "objection")


class RedraftView(ContractStepView):
    transition = "redraft"
    title = gettext_lazy("Revise the draft")
    message = gettext_lazy("The contract goes back to draft; sign and submit it again after revising it.")
    service = services.redraft_contract


class PublishView(ContractStepView):
    transition = "publish"
    form_class = forms.PublishForm
    title = gettext_lazy("Record the publication to the workers")
    success_message = gettext_lazy("The publication has been recorded.")
    service, service_fields = services.publish_contract, ("published_on",)

    def initial(self, obj):
        return {"published_on": timezone.localdate()}


class TerminateView(ContractStepView):
    transition = "terminate"
    form_class = forms.TerminateForm
    title = gettext_lazy("Terminate the contract")
    danger = True
    success_message = gettext_lazy("The contract has been terminated.")
    service, service_fields = services.terminate_contract, ("ended_on", "reason")


class CheckView(ContractStepView):
    transition = "check"
    form_class = forms.CheckForm
    title = gettext_lazy("Record a performance check")
    message = gettext_lazy("One check a year: whether the contract was performed, what was found and what must be "
                           "fixed.")
    success_message = gettext_lazy("The performance check has been recorded.")
    service, service_fields = services.record_check, ("checked_on", "passed", "findings", "fixes")

    def initial(self, obj):
        return {"checked_on": timezone.localdate(), "passed": True}


class DocumentView(ContractStepView):
    transition = "document"
    form_class = forms.DocumentForm
    title = gettext_lazy("Add the signed contract")
    success_message = gettext_lazy("The document has been added.")
    service, service_fields = services.add_document, ("document",)


class DocumentDownloadView(DownloadView):
    selector = staticmethod(selectors.contracts_for)
    file_model, file_parent = ContractDocument, "contract"


class MoveCoverageView(OfficialRequiredMixin, FormView):
    """A restructured employer carries its contracts over to its successor."""

    template_name = "core/object_edit.html"
    form_class = forms.SuccessorForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=gettext_lazy("An employer restructured: move its contracts"),
                                        cancel_url=reverse("contracts:contract_list"), **kwargs)

    def form_valid(self, form):
        ok, moved = save_valid(form)
        if not ok:
            return self.form_invalid(form)
        messages.success(self.request, gettext("Contracts moved: %(n)d.") % {"n": len(moved)})
        return HttpResponseRedirect(reverse("contracts:contract_list"))


class LabourCoverageListView(ObjectListView):
    selector = staticmethod(selectors.coverage_for)
    table_class, filterset_class = LabourCoverageTable, LabourCoverageFilterSet
    title, add_url_name = gettext_lazy("Labour-contract coverage"), "contracts:coverage_add"
    export_name, actions_template = "labour-contract-coverage", "contracts/coverage_actions.html"


class LabourCoverageDetailView(ObjectDetailView):
    selector = staticmethod(selectors.coverage_for)
    list_url_name, edit_url_name = "contracts:coverage_list", "contracts:coverage_edit"
    fields = ("unit", "org", "year", "workers", "signed", "rate")


class LabourCoverageEditView(ObjectEditView):
    selector = staticmethod(selectors.coverage_for)
    form_class, list_url_name = forms.LabourCoverageForm, "contracts:coverage_list"
    title_add = gettext_lazy("Enter labour-contract coverage")
    title_edit = gettext_lazy("Edit labour-contract coverage")

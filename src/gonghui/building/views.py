"""Pages of organisation building: cadres, terms and elections, approvals, the organisation archive and the
census rule (with the employers and villages it flags)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from gonghui.core import scope
from gonghui.core.forms import ReasonForm
from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OfficialRequiredMixin,
)
from gonghui.orgs import census
from gonghui.orgs import services as org_services
from gonghui.orgs.models import EmployerUnit

from . import forms, selectors, services
from .filtersets import ApprovalFilterSet, CadreFilterSet, DocumentFilterSet, ElectionFilterSet, TermFilterSet
from .models import Candidate
from .tables import ApprovalTable, CadreTable, DocumentTable, ElectionTable, TermTable

# --- cadres -------------------------------------------------------------------------------------------------------


class CadreListView(ObjectListView):
    title = _("Union cadres")
    export_name = "union-cadres"
    selector = staticmethod(selectors.cadres_for)
    filterset_class, table_class = CadreFilterSet, CadreTable
    add_url_name = "building:cadre_add"


class CadreDetailView(ObjectDetailView):
    selector = staticmethod(selectors.cadres_for)
    list_url_name, edit_url_name = "building:cadre_list", "building:cadre_edit"
    delete_url_name = "building:cadre_delete"
    fields = ("org", "name", "position", "engagement", "rank", "on_party_committee", "member", "appointed_on",
              "left_on", "leave_reason")


class CadreEditView(ObjectEditView):
    selector = staticmethod(selectors.cadres_for)
    form_class, list_url_name = forms.CadreForm, "building:cadre_list"
    title_add, title_edit = _("Appoint a cadre"), _("Edit the cadre")


class CadreDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.cadres_for)
    list_url_name = "building:cadre_list"


# --- terms and elections ------------------------------------------------------------------------------------------


class TermListView(ObjectListView):
    title = _("Terms")
    export_name = "union-terms"
    selector = staticmethod(selectors.terms_for)
    filterset_class, table_class = TermFilterSet, TermTable
    add_url_name = "building:term_add"


class TermDetailView(ObjectDetailView):
    selector = staticmethod(selectors.terms_for)
    list_url_name, edit_url_name = "building:term_list", "building:term_edit"
    fields = ("org", "number", "started_on", "ends_on", "closed_on", "election", "note")


class TermEditView(ObjectEditView):
    selector = staticmethod(selectors.terms_for)
    form_class, list_url_name = forms.TermForm, "building:term_list"
    title_add, title_edit = _("Record a term"), _("Edit the term")


class OverdueView(OfficialRequiredMixin, TemplateView):
    """Unions whose term has run out."""

    template_name = "building/overdue.html"

    def get_context_data(self, **kwargs):
        rows = list(selectors.overdue_orgs(self.request.user)[:500])
        return {**super().get_context_data(**kwargs), "rows": rows, "title": _("Unions overdue for re-election")}


class ElectionListView(ObjectListView):
    title = _("Elections")
    export_name = "union-elections"
    selector = staticmethod(selectors.elections_for)
    filterset_class, table_class = ElectionFilterSet, ElectionTable
    add_url_name = "building:election_add"


class ElectionDetailView(ObjectDetailView):
    selector = staticmethod(selectors.elections_for)
    template_name = "building/election_detail.html"
    list_url_name, edit_url_name = "building:election_list", "building:election_edit"

    def get_object_context(self, election):
        editable = election.status in ("candidates", "returned") and scope.can(self.request.user, "change",
                                                                              election.org)
        return {"candidates": list(election.candidates.select_related("member")), "editable": editable,
                "approvals": list(election.approvals.all())}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = ctx.get("editable", False)
        return ctx


class ElectionEditView(ObjectEditView):
    selector = staticmethod(selectors.elections_for)
    form_class, list_url_name = forms.ElectionForm, "building:election_list"
    title_add, title_edit = _("Open an election"), _("Edit the election")


class CandidateAddView(ObjectActionView):
    selector = staticmethod(selectors.elections_for)
    form_class = forms.CandidateForm
    title = _("Propose a candidate")
    success_message = _("The candidate is proposed.")

    def form_kwargs(self, obj):
        return {"user": self.request.user, "election": obj}

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.add_candidate(self.request.user, obj, name=d["name"], position=d["position"],
                                      member=d.get("member"))

    def success_url(self, obj, result):
        return obj.get_absolute_url()


class CandidateRemoveView(ObjectActionView):
    selector = staticmethod(lambda user: Candidate.objects.for_user(user).select_related("election__org"))
    title = _("Withdraw the candidate")
    danger = True
    success_message = _("The candidate is withdrawn.")

    def perform(self, obj, form):
        return services.remove_candidate(self.request.user, obj)

    def success_url(self, obj, result):
        return obj.election.get_absolute_url()


class ElectionSubmitView(ObjectActionView):
    selector = staticmethod(selectors.elections_for)
    transition = "submit"
    message = _("The level above reviews the candidates before the election.")
    success_message = _("The candidates are submitted for review.")
    service = services.submit_election


class ElectionApproveCandidatesView(ObjectActionView):
    selector = staticmethod(selectors.elections_for)
    transition = "approve_candidates"
    form_class = forms.ReviewForm
    success_message = _("The candidates are approved.")
    service, service_fields = services.approve_candidates, ("note",)


class ElectionReturnView(ObjectActionView):
    selector = staticmethod(selectors.elections_for)
    transition = "return"
    form_class = ReasonForm
    danger = True
    success_message = _("The election is returned to the union.")
    service, service_fields = services.return_election, ("reason",)


class ElectionHoldView(ObjectActionView):
    selector = staticmethod(selectors.elections_for)
    transition = "hold"
    form_class = forms.HoldForm
    message = _("Two thirds of the voters must vote; a candidate with more than half of the voters' votes is "
                "elected.")
    success_message = _("The election is recorded.")

    def form_kwargs(self, obj):
        return {"election": obj}

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.hold_election(self.request.user, obj, held_on=d["held_on"], voters=d["voters"],
                                      voted=d["voted"], votes=form.votes())


class ElectionConfirmView(ObjectActionView):
    selector = staticmethod(selectors.elections_for)
    transition = "confirm"
    form_class = forms.ApprovalDecisionForm
    message = _("Approving the result records the new committee and term and closes the old term.")
    success_message = _("The result is approved: the new committee and term are recorded.")
    service, service_fields = services.confirm_election, ("doc_no", "decided_on")


# --- approvals and the archive --------------------------------------------------------------------------------------


class ApprovalListView(ObjectListView):
    title = _("Approvals")
    export_name = "union-approvals"
    selector = staticmethod(selectors.approvals_for)
    filterset_class, table_class = ApprovalFilterSet, ApprovalTable
    add_url_name = "building:approval_add"


class ApprovalDetailView(ObjectDetailView):
    selector = staticmethod(selectors.approvals_for)
    list_url_name, edit_url_name = "building:approval_list", "building:approval_edit"
    fields = ("org", "approver", "kind", "subject", "requested_on", "status", "doc_no", "decided_on", "election",
              "note")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = ctx["can_change"] and ctx["object"].status == "requested"
        return ctx


class ApprovalEditView(ObjectEditView):
    selector = staticmethod(selectors.approvals_for)
    form_class, list_url_name = forms.ApprovalForm, "building:approval_list"
    title_add, title_edit = _("Request an approval"), _("Edit the request")


class ApprovalApproveView(ObjectActionView):
    selector = staticmethod(selectors.approvals_for)
    transition = "approve"
    form_class = forms.ApprovalDecisionForm
    message = _("The approval and its document number go into the union's archive.")
    success_message = _("Approved.")
    service, service_fields = services.approve, ("doc_no", "decided_on")


class ApprovalRejectView(ObjectActionView):
    selector = staticmethod(selectors.approvals_for)
    transition = "reject"
    form_class = ReasonForm
    danger = True
    success_message = _("The request is not approved.")
    service, service_fields = services.reject, ("reason",)


class DocumentListView(ObjectListView):
    title = _("Organisation archive")
    export_name = "organisation-archive"
    selector = staticmethod(selectors.documents_for)
    filterset_class, table_class = DocumentFilterSet, DocumentTable
    add_url_name = "building:document_add"


class DocumentDetailView(ObjectDetailView):
    selector = staticmethod(selectors.documents_for)
    template_name = "building/document_detail.html"
    list_url_name, edit_url_name = "building:document_list", "building:document_edit"
    delete_url_name = "building:document_delete"


class DocumentEditView(ObjectEditView):
    selector = staticmethod(selectors.documents_for)
    form_class, list_url_name = forms.DocumentForm, "building:document_list"
    title_add, title_edit = _("Add to the archive"), _("Edit the archive document")


class DocumentDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.documents_for)
    list_url_name = "building:document_list"


class DocumentDownloadView(DownloadView):
    selector = staticmethod(selectors.documents_for)


# --- the census rule ----------------------------------------------------------------------------------------------


class CensusView(OfficialRequiredMixin, FormView):
    """The census rule (changed by an administrator at the top of the tree) and what it flags in the user's
    scope: small employers to bring into a regional or industry federation, villages to form a federation."""

    template_name = "building/census.html"
    form_class = forms.CensusRuleForm

    def get_initial(self):
        rule = census.current_rule()
        return {"min_employees": rule.min_employees, "min_years": rule.min_years,
                "require_operating": rule.require_operating}

    def get_context_data(self, **kwargs):
        units = EmployerUnit.objects.for_user(self.request.user)
        small = census.small_employers(units).select_related("area_org").order_by("-employee_count", "name")
        return {**super().get_context_data(**kwargs), "title": _("Census rule"), "rule": census.current_rule(),
                "small": small[:200], "small_total": small.count(),
                "villages": census.villages_to_organise(units),
                "may_change": scope.orgs_for(self.request.user).filter(depth=1).exists()}

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            org_services.set_census_rule(self.request.user, min_employees=d["min_employees"],
                                         min_years=d["min_years"], require_operating=d["require_operating"])
        except ValidationError as e:
            for field, errs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
            return self.form_invalid(form)
        except PermissionDenied as e:
            form.add_error(None, str(e))
            return self.form_invalid(form)
        messages.success(self.request, _("The census rule is changed; the figures follow."))
        return redirect("building:census")

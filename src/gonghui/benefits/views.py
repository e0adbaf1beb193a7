"""Officials' pages: service cards, merchants and their contracts, mutual-aid rounds and claims, micro-loans and
the county quotas; each list filters, sorts, pages and exports; each step is a page of its own."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views import View

from gonghui.core import audit, scope
from gonghui.core.exports import rows_response
from gonghui.core.models import AuditAction
from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OfficialRequiredMixin,
    ScopedObjectMixin,
)

from . import forms, selectors, services
from .filtersets import (
    CardFilterSet,
    ClaimFilterSet,
    InsuranceClaimFilterSet,
    LoanFilterSet,
    MerchantFilterSet,
    PlanFilterSet,
    QuotaFilterSet,
    RoundFilterSet,
)
from .models import InsuranceClaimDocument, MerchantContract
from .tables import (
    CardTable,
    ClaimTable,
    InsuranceClaimTable,
    LoanTable,
    MerchantTable,
    PlanTable,
    QuotaTable,
    RoundTable,
)


def _today(self, obj):
    return {"on": timezone.localdate()}


# --- cards --------------------------------------------------------------------------------------------------------

class CardListView(ObjectListView):
    selector = staticmethod(selectors.cards_for)
    table_class, filterset_class = CardTable, CardFilterSet
    actions_template = "benefits/partials/card_list_actions.html"
    title, add_url_name, export_name = gettext_lazy("Service cards"), "benefits:card_add", "service-cards"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        union = selectors.roster_union(self.request.user, self.request.GET.get("within"))
        ctx["may_export_roster"] = union is not None and scope.can(self.request.user, "reveal_pii", union)
        return ctx


class CardDetailView(ObjectDetailView):
    selector = staticmethod(selectors.cards_for)
    list_url_name, edit_url_name = "benefits:card_list", "benefits:card_edit"
    fields = ("member", "org", "card_number", "bank", "batch", "issued_on", "delivered_on", "activated_on",
              "last_used_on", "uses")


class CardEditView(ObjectEditView):
    selector = staticmethod(selectors.cards_for)
    form_class, list_url_name = forms.CardForm, "benefits:card_list"
    title_add, title_edit = gettext_lazy("Issue a service card"), gettext_lazy("Edit the service card")


class CardStepView(ObjectActionView):
    selector = staticmethod(selectors.cards_for)


class CardDeliverView(CardStepView):
    transition, form_class, initial = "deliver", forms.DateForm, _today
    title = gettext_lazy("Record the delivery of the card")
    service, service_fields = services.deliver_card, ("on",)


class CardActivateView(CardStepView):
    transition, form_class, initial = "activate", forms.DateForm, _today
    title = gettext_lazy("Record the activation of the card")
    service, service_fields = services.activate_card, ("on",)


class CardCancelView(CardStepView):
    transition, form_class, danger = "cancel", forms.CancelForm, True
    title = gettext_lazy("Cancel the card")
    message = gettext_lazy("A cancelled card cannot be used again; a new card can then be issued.")
    service, service_fields = services.cancel_card, ("reason",)


# --- merchants ----------------------------------------------------------------------------------------------------

class MerchantListView(ObjectListView):
    selector = staticmethod(selectors.merchants_for)
    table_class, filterset_class = MerchantTable, MerchantFilterSet
    title, add_url_name, export_name = gettext_lazy("Discount merchants"), "benefits:merchant_add", "merchants"


class MerchantDetailView(ObjectDetailView):
    template_name = "benefits/merchant_detail.html"
    selector = staticmethod(selectors.merchants_for)
    list_url_name, edit_url_name = "benefits:merchant_list", "benefits:merchant_edit"
    delete_url_name = "benefits:merchant_delete"
    fields = ("name", "category", "org", "address", "latitude", "longitude", "phone", "discount", "contract_number",
              "contract_signed_on",
              "contract_starts_on", "contract_ends_on", "notes")

    def get_object_context(self, merchant):
        reports = list(merchant.reports.select_related("member")[:100])
        return {"in_force": merchant.contract_in_force(timezone.localdate()), "reports": reports,
                "open_reports": [r for r in reports if not r.honoured and not r.followed_up_on],
                "contract_files": list(merchant.contracts.all()),
                "may_change": scope.can(self.request.user, "change", merchant.org)}


class MerchantEditView(ObjectEditView):
    selector = staticmethod(selectors.merchants_for)
    form_class, list_url_name = forms.MerchantForm, "benefits:merchant_list"
    title_add, title_edit = gettext_lazy("Add a merchant"), gettext_lazy("Edit the merchant")


class MerchantDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.merchants_for)
    list_url_name = "benefits:merchant_list"


class MerchantContractView(ObjectActionView):
    """Attach the signed contract (a file checked by content and size)."""

    selector = staticmethod(selectors.merchants_for)
    form_class = forms.ContractFileForm
    title = gettext_lazy("Attach the signed contract")
    success_message = gettext_lazy("The contract file has been added.")
    service, service_fields = services.add_contract_file, ("document",)


class MerchantContractDownloadView(DownloadView):
    selector = staticmethod(selectors.merchants_for)
    file_model, file_parent = MerchantContract, "merchant"


class MerchantFollowUpView(ObjectActionView):
    """The union follows up a member's report that the merchant did not honour the discount."""

    selector = staticmethod(selectors.merchants_for)
    form_class, initial = forms.FollowUpForm, _today
    title = gettext_lazy("Follow up a discount not honoured")
    message = gettext_lazy("Say what the union did: called the merchant, reminded it of the contract, ended the "
                           "contract. The member's report is then closed.")
    success_message = gettext_lazy("The report has been followed up.")

    def form_kwargs(self, obj):
        return {"merchant": obj}

    def perform(self, merchant, form):
        d = form.cleaned_data
        return services.follow_up_report(self.request.user, d["report"], follow_up=d["follow_up"], on=d["on"])


# --- mutual aid ---------------------------------------------------------------------------------------------------

class RoundListView(ObjectListView):
    selector = staticmethod(selectors.rounds_for)
    table_class, filterset_class = RoundTable, RoundFilterSet
    title, add_url_name, export_name = gettext_lazy("Mutual aid rounds"), "benefits:round_add", "aid-rounds"


class RoundDetailView(ObjectDetailView):
    template_name = "benefits/round_detail.html"
    selector = staticmethod(selectors.rounds_for)
    list_url_name, edit_url_name = "benefits:round_list", "benefits:round_edit"
    fields = ("year", "name", "org", "contribution", "starts_on", "ends_on", "notes")

    def get_object_context(self, rnd):
        return {"rates": list(rnd.rates.all()), "enrolled": rnd.enrolments.count(),
                "raised": services.raised([rnd]), "paid": services.paid([rnd]),
                "ratio": services.payout_ratio([rnd])}


class RoundEditView(ObjectEditView):
    selector = staticmethod(selectors.rounds_for)
    form_class, list_url_name = forms.RoundForm, "benefits:round_list"
    title_add, title_edit = gettext_lazy("Open a mutual aid round"), gettext_lazy("Edit the round")


class RoundStepView(ObjectActionView):
    selector = staticmethod(selectors.rounds_for)


class RoundRateView(RoundStepView):
    transition, form_class = "rate", forms.RateForm
    title = gettext_lazy("Add a payout rate")
    service, service_fields = services.add_rate, ("condition", "max_amount")


class RoundEnrolView(RoundStepView):
    transition, form_class = "enrol", forms.EnrolForm
    title = gettext_lazy("Enrol members")
    message = gettext_lazy("The round's contribution is recorded as remitted for each member enrolled.")
    service, service_fields = services.enrol, ("members=member_numbers",)

    def form_kwargs(self, obj):
        return {"user": self.request.user}


class RoundCloseView(RoundStepView):
    transition, danger = "close", True
    title = gettext_lazy("Close the round")
    message = gettext_lazy("No more members can be enrolled; claims already filed are still decided and paid.")


class ClaimListView(ObjectListView):
    selector = staticmethod(selectors.claims_for)
    table_class, filterset_class = ClaimTable, ClaimFilterSet
    title, add_url_name, export_name = gettext_lazy("Mutual aid claims"), "benefits:claim_add", "aid-claims"


class ClaimDetailView(ObjectDetailView):
    selector = staticmethod(selectors.claims_for)
    list_url_name, edit_url_name = "benefits:claim_list", "benefits:claim_edit"
    fields = ("member", "org", "round", "rate", "amount", "approved_amount", "treated_on", "description", "channel",
              "bank_account", "by_member", "decided_on", "paid_on", "reason")


class ClaimEditView(ObjectEditView):
    selector = staticmethod(selectors.claims_for)
    form_class, list_url_name = forms.ClaimForm, "benefits:claim_list"
    title_add, title_edit = gettext_lazy("File a claim for a member"), gettext_lazy("Edit the claim")


class ClaimStepView(ObjectActionView):
    selector = staticmethod(selectors.claims_for)


class ClaimApproveView(ClaimStepView):
    transition, form_class = "approve", forms.ApproveClaimForm
    title = gettext_lazy("Approve the claim")
    message = gettext_lazy("The amount approved cannot exceed the payout table's amount for the condition.")
    service, service_fields = services.approve_claim, ("approved_amount",)


class ClaimRejectView(ClaimStepView):
    transition, form_class, danger = "reject", forms.ReasonForm, True
    title = gettext_lazy("Reject the claim")
    service, service_fields = services.reject_claim, ("reason",)


class ClaimPayView(ClaimStepView):
    transition, form_class, initial = "pay", forms.DateForm, _today
    title = gettext_lazy("Record the payment")
    service, service_fields = services.pay_claim, ("on",)


# --- micro-loans --------------------------------------------------------------------------------------------------

class LoanListView(ObjectListView):
    selector = staticmethod(selectors.loans_for)
    table_class, filterset_class = LoanTable, LoanFilterSet
    title, add_url_name, export_name = gettext_lazy("Micro-loans"), "benefits:loan_add", "micro-loans"


class LoanDetailView(ObjectDetailView):
    selector = staticmethod(selectors.loans_for)
    list_url_name, edit_url_name = "benefits:loan_list", "benefits:loan_edit"
    fields = ("member", "org", "applicant_kind", "purpose", "project_kind", "registered_unemployed",
              "business_started_on", "amount", "applied_on", "guarantee", "decided_on", "disbursed_on", "due_on",
              "repaid", "notes")


class LoanEditView(ObjectEditView):
    selector = staticmethod(selectors.loans_for)
    form_class, list_url_name = forms.LoanForm, "benefits:loan_list"
    title_add, title_edit = gettext_lazy("Record a micro-loan application"), gettext_lazy("Edit the application")

    def get_initial(self):
        return {"applied_on": timezone.localdate()}


class LoanStepView(ObjectActionView):
    selector = staticmethod(selectors.loans_for)


class LoanApproveView(LoanStepView):
    transition, form_class, initial = "approve", forms.ApproveLoanForm, _today
    title = gettext_lazy("Record the bank's approval")
    service, service_fields = services.approve_loan, ("on", "due_on")


class LoanRejectView(LoanStepView):
    transition, form_class, danger = "reject", forms.ReasonForm, True
    title = gettext_lazy("Record a rejection")
    service, service_fields = services.reject_loan, ("reason",)


class LoanDisburseView(LoanStepView):
    transition, form_class, initial = "disburse", forms.DisburseForm, _today
    title = gettext_lazy("Record the disbursal")
    service, service_fields = services.disburse_loan, ("on", "due_on")


class LoanRepayView(LoanStepView):
    transition, form_class = "repay", forms.RepayForm
    title = gettext_lazy("Record a repayment")
    service, service_fields = services.repay_loan, ("amount",)


class LoanDefaultView(LoanStepView):
    transition, form_class, danger = "default", forms.ReasonForm, True
    title = gettext_lazy("Record a default")
    service, service_fields = services.default_loan, ("reason",)


class QuotaListView(ObjectListView):
    selector = staticmethod(selectors.quotas_for)
    table_class, filterset_class = QuotaTable, QuotaFilterSet
    title, add_url_name, export_name = gettext_lazy("Micro-loan quotas"), "benefits:quota_add", "loan-quotas"


class QuotaDetailView(ObjectDetailView):
    template_name = "benefits/quota_detail.html"
    selector = staticmethod(selectors.quotas_for)
    list_url_name, edit_url_name = "benefits:quota_list", "benefits:quota_edit"
    fields = ("org", "year", "cap", "notes")

    def get_object_context(self, quota):
        used = services.used_of(quota)
        return {"used": used, "left": quota.cap - used}


class QuotaEditView(ObjectEditView):
    selector = staticmethod(selectors.quotas_for)
    form_class, list_url_name = forms.QuotaForm, "benefits:quota_list"
    title_add, title_edit = gettext_lazy("Set a micro-loan quota"), gettext_lazy("Edit the quota")


# --- group insurance ----------------------------------------------------------------------------------------------

class PlanListView(ObjectListView):
    selector = staticmethod(selectors.plans_for)
    table_class, filterset_class = PlanTable, PlanFilterSet
    title, add_url_name, export_name = gettext_lazy("Group insurance"), "benefits:plan_add", "group-insurance"


class PlanDetailView(ObjectDetailView):
    template_name = "benefits/plan_detail.html"
    selector = staticmethod(selectors.plans_for)
    list_url_name, edit_url_name = "benefits:plan_list", "benefits:plan_edit"
    fields = ("kind", "year", "name", "org", "insurer", "policy_number", "premium", "sum_insured", "starts_on",
              "ends_on", "notes")

    def get_object_context(self, plan):
        return {"enrolled": plan.enrolments.count(), "premiums": services.premiums([plan]),
                "claims_paid": services.insurance_paid([plan]),
                "insured": list(plan.enrolments.select_related("member", "member__org")[:200]),
                "may_export": scope.can(self.request.user, "reveal_pii", plan.org)}


class PlanEditView(ObjectEditView):
    selector = staticmethod(selectors.plans_for)
    form_class, list_url_name = forms.PlanForm, "benefits:plan_list"
    title_add, title_edit = gettext_lazy("Add a group insurance"), gettext_lazy("Edit the group insurance")


class PlanEnrolView(ObjectActionView):
    selector = staticmethod(selectors.plans_for)
    transition, form_class = "enrol", forms.EnrolForm
    title = gettext_lazy("Enrol members")
    message = gettext_lazy("The plan's premium is recorded as paid for each member enrolled; women workers' "
                           "insurance takes women only.")
    service, service_fields = services.enrol_insured, ("members=member_numbers",)

    def form_kwargs(self, obj):
        return {"user": self.request.user}


BANK_ROSTER_HEADER = ("序号", "会员编号", "姓名", "性别", "证件类型", "证件号码", "手机号码", "工作单位", "所属工会")


class CardRosterExportView(OfficialRequiredMixin, View):
    """The active members of a union's subtree without a live service card, in the issuing bank's format (a
    documented CSV with the full ID numbers and mobile numbers the bank needs to make the cards): only for those who
    may reveal personal data at that union (``?within=<union code>``, else the official's own); in the change log."""

    def get(self, request):
        union = selectors.roster_union(request.user, request.GET.get("within"))
        if union is None:
            raise Http404(gettext("No such union in your part of the tree."))
        scope.require(request.user, "reveal_pii", union)
        members = list(selectors.members_without_card(request.user, union).select_related("org", "unit"))
        audit.record(AuditAction.EXPORT, union, user=request.user, count=len(members),
                     note=gettext("Members without a service card exported for the issuing bank."))
        rows = [list(BANK_ROSTER_HEADER)] + [
            [i, m.member_no, m.name, m.get_gender_display(), "居民身份证", m.id_number, m.phone,
             m.unit.name if m.unit_id else "", m.org.name]
            for i, m in enumerate(members, 1)]
        fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        return rows_response(rows, fmt, f"card-roster-{union.code}")


INSURER_HEADER = ("序号", "姓名", "性别", "证件号码", "出生日期", "工作单位", "会员编号", "保费", "参保日期")


class PlanInsuredExportView(ScopedObjectMixin, View):
    """The insured members in the insurer's format (a documented CSV with the full ID numbers the policy needs):
    only for those who may reveal personal data at the plan's union; the export is in the change log."""

    selector = staticmethod(selectors.plans_for)

    def get(self, request, pk):
        plan = self.get_object()
        self.require("reveal_pii", plan.org)
        enrolments = list(plan.enrolments.select_related("member", "member__org", "member__unit")
                          .order_by("member__org__path", "member__name"))
        audit.record(AuditAction.EXPORT, plan, user=request.user, count=len(enrolments),
                     note=gettext("Insured members exported for the insurer."))
        rows = [list(INSURER_HEADER)] + [
            [i, e.member.name, e.member.get_gender_display(), e.member.id_number, e.member.birth_date,
             e.member.unit.name if e.member.unit_id else e.member.org.name, e.member.member_no, e.premium,
             e.enrolled_on]
            for i, e in enumerate(enrolments, 1)]
        fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        return rows_response(rows, fmt, f"insured-{plan.year}-{plan.pk}")


class PlanCloseView(ObjectActionView):
    selector = staticmethod(selectors.plans_for)
    transition, danger = "close", True
    title = gettext_lazy("Close the enrolment")
    message = gettext_lazy("No more members can be enrolled; claims are still sent and paid.")


class InsuranceClaimListView(ObjectListView):
    selector = staticmethod(selectors.iclaims_for)
    table_class, filterset_class = InsuranceClaimTable, InsuranceClaimFilterSet
    title, add_url_name, export_name = (gettext_lazy("Insurance claims"), "benefits:iclaim_add",
                                        "insurance-claims")


class InsuranceClaimDetailView(ObjectDetailView):
    template_name = "benefits/iclaim_detail.html"
    selector = staticmethod(selectors.iclaims_for)
    list_url_name, edit_url_name = "benefits:iclaim_list", "benefits:iclaim_edit"
    fields = ("member", "org", "plan", "event", "occurred_on", "amount", "submitted_on", "paid_amount", "paid_on",
              "reason")

    def get_object_context(self, claim):
        return {"documents": list(claim.documents.all())}


class InsuranceClaimDocumentDownloadView(DownloadView):
    """A document the member attached to their insurance claim in the portal (a download, never inline)."""

    selector = staticmethod(selectors.iclaims_for)
    file_model, file_parent = InsuranceClaimDocument, "claim"


class InsuranceClaimEditView(ObjectEditView):
    selector = staticmethod(selectors.iclaims_for)
    form_class, list_url_name = forms.InsuranceClaimForm, "benefits:iclaim_list"
    title_add, title_edit = gettext_lazy("Send a claim to the insurer"), gettext_lazy("Edit the claim")

    def get_initial(self):
        return {"submitted_on": timezone.localdate()}


class InsuranceClaimPayView(ObjectActionView):
    selector = staticmethod(selectors.iclaims_for)
    transition, form_class, initial = "pay", forms.PayInsuranceClaimForm, _today
    title = gettext_lazy("Record the insurer's payment")
    service, service_fields = services.pay_insurance_claim, ("paid_amount", "on")


class InsuranceClaimDeclineView(ObjectActionView):
    selector = staticmethod(selectors.iclaims_for)
    transition, form_class, danger = "decline", forms.ReasonForm, True
    title = gettext_lazy("Record the insurer's refusal")
    service, service_fields = services.decline_insurance_claim, ("reason",)

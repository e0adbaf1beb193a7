"""Officials' pages: service cards, merchants and their contracts, mutual-aid rounds and claims, micro-loans and
the county quotas; each list filters, sorts, pages and exports; each step is a page of its own."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from . import forms, selectors, services
from .filtersets import CardFilterSet, ClaimFilterSet, LoanFilterSet, MerchantFilterSet, QuotaFilterSet, RoundFilterSet
from .tables import CardTable, ClaimTable, LoanTable, MerchantTable, QuotaTable, RoundTable


def _today(self, obj):
    return {"on": timezone.localdate()}


# --- cards --------------------------------------------------------------------------------------------------------

class CardListView(ObjectListView):
    selector = staticmethod(selectors.cards_for)
    table_class, filterset_class = CardTable, CardFilterSet
    title, add_url_name, export_name = gettext_lazy("Service cards"), "benefits:card_add", "service-cards"


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
    fields = ("name", "category", "org", "address", "phone", "discount", "contract_number", "contract_signed_on",
              "contract_starts_on", "contract_ends_on", "notes")

    def get_object_context(self, merchant):
        return {"in_force": merchant.contract_in_force(timezone.localdate()),
                "reports": list(merchant.reports.select_related("member")[:100])}


class MerchantEditView(ObjectEditView):
    selector = staticmethod(selectors.merchants_for)
    form_class, list_url_name = forms.MerchantForm, "benefits:merchant_list"
    title_add, title_edit = gettext_lazy("Add a merchant"), gettext_lazy("Edit the merchant")


class MerchantDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.merchants_for)
    list_url_name = "benefits:merchant_list"


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

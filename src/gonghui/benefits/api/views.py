"""``/api/v1/service-cards/``, ``benefit-merchants/`` (with the contract files), ``aid-rounds/``, ``aid-claims/``,
``micro-loans/``, ``loan-quotas/``, ``insurance-plans/`` and ``insurance-claims/``: the same selectors, filtersets
and services as the pages; workflow steps are POST actions."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from gonghui.core.api.serializers import ScopedModelSerializer
from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin
from gonghui.core.attachments import DOCUMENT_TYPES
from gonghui.core.services import delete_object

from .. import selectors, services
from ..filtersets import (
    CardFilterSet,
    ClaimFilterSet,
    InsuranceClaimFilterSet,
    LoanFilterSet,
    MerchantFilterSet,
    PlanFilterSet,
    QuotaFilterSet,
    RoundFilterSet,
)
from ..forms import member_by_number
from ..models import (
    AidClaim,
    AidRound,
    InsuranceClaim,
    InsurancePlan,
    LoanApplication,
    LoanQuota,
    Merchant,
    MerchantContract,
    PayoutRate,
    ServiceCard,
)


class DateStepSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class ReasonStepSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


# --- cards --------------------------------------------------------------------------------------------------------

def _save_card(user, instance, member_no=None, card_number=None, issued_on=None, **data):
    if instance is not None:
        return services.update_card(user, instance, bank=data.get("bank", instance.bank),
                                    batch=data.get("batch", instance.batch))
    return services.issue_card(user, member_by_number(user, member_no), card_number=card_number,
                               bank=data.get("bank", ""), issued_on=issued_on, batch=data.get("batch", ""))


class CardSerializer(ScopedModelSerializer):
    service = staticmethod(_save_card)
    member_no = serializers.CharField(write_only=True, required=False)
    member_name = serializers.CharField(source="member.name", read_only=True)
    card_number = serializers.CharField(write_only=True, required=False)
    card_number_masked = serializers.CharField(read_only=True)
    issued_on = serializers.DateField(required=False)

    class Meta:
        model = ServiceCard
        fields = ["id", "org", "member", "member_no", "member_name", "card_number", "card_number_masked", "bank",
                  "batch", "status", "issued_on", "delivered_on", "activated_on", "last_used_on", "uses"]
        read_only_fields = ["org", "member", "status", "delivered_on", "activated_on", "last_used_on", "uses"]


class CardViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Service cards (工会会员服务卡): issue, deliver, activate, cancel. Card numbers are write-only and masked."""

    serializer_class = CardSerializer
    filterset_class = CardFilterSet
    selector = staticmethod(selectors.cards_for)
    ordering_fields = ["issued_on", "activated_on", "last_used_on"]
    workflow_model = ServiceCard
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "deliver": Step(lambda user, c, d: services.deliver_card(user, c, d.get("on")), serializer=DateStepSerializer),
        "activate": Step(lambda user, c, d: services.activate_card(user, c, d.get("on")),
                         serializer=DateStepSerializer),
        "cancel": Step(lambda user, c, d: services.cancel_card(user, c, d["reason"]), serializer=ReasonStepSerializer),
    }


# --- merchants ----------------------------------------------------------------------------------------------------

class MerchantContractFileSerializer(serializers.ModelSerializer):
    """A file of the signed contract; ``download_url`` fetches it (as an attachment, never inline)."""

    download_url = serializers.SerializerMethodField()

    class Meta:
        model = MerchantContract
        fields = ["id", "file_name", "file_type", "file_size", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return reverse("benefitmerchants-contract-file", args=[obj.merchant_id, obj.pk])


class MerchantContractUploadSerializer(serializers.Serializer):
    document = serializers.FileField(help_text="The signed contract: PDF, JPEG or PNG, at most 10 MB (multipart).")


class MerchantSerializer(ScopedModelSerializer):
    service = staticmethod(lambda user, instance, org=None, **data: services.save_merchant(user, instance, org,
                                                                                         **data))
    contract_files = MerchantContractFileSerializer(source="contracts", many=True, read_only=True)

    class Meta:
        model = Merchant
        fields = ["id", "org", "name", "category", "address", "latitude", "longitude", "phone", "discount",
                  "contract_number",
                  "contract_signed_on", "contract_starts_on", "contract_ends_on", "notes", "contract_files"]


class MerchantViewSet(ScopedModelViewSet):
    """Discount merchants (特惠商户) and their contracts; the signed contract's files are uploaded with
    ``contract-files`` (multipart) and fetched one by one (a download, never inline)."""

    serializer_class = MerchantSerializer
    filterset_class = MerchantFilterSet
    selector = staticmethod(lambda user: selectors.merchants_for(user).prefetch_related("contracts"))
    ordering_fields = ["name", "contract_ends_on"]

    @extend_schema(request={"multipart/form-data": MerchantContractUploadSerializer},
                   responses={201: MerchantContractFileSerializer})
    @action(detail=True, methods=["post"], url_path="contract-files", url_name="contract-files",
            parser_classes=[MultiPartParser, FormParser])
    def contract_files(self, request, pk=None):
        """Attach a file of the signed contract (``document``: PDF, JPEG or PNG, checked by content, at most
        10 MB; at most 5 files a merchant)."""
        merchant = self.get_object()
        body = MerchantContractUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.add_contract_file(request.user, merchant, body.validated_data["document"])
        doc = merchant.contracts.order_by("-id").first()
        return Response(MerchantContractFileSerializer(doc).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("file_id", int, OpenApiParameter.PATH,
                                                description="Id of the contract file.")],
                   responses={(200, content_type): OpenApiTypes.BINARY for content_type in DOCUMENT_TYPES})
    @action(detail=True, methods=["get"], url_path=r"contract-files/(?P<file_id>[0-9]+)", url_name="contract-file")
    def contract_file(self, request, pk=None, file_id=None):
        """Download a file of the signed contract: an attachment with the type found at upload, never inline."""
        merchant = self.get_object()
        return get_object_or_404(MerchantContract, pk=file_id, merchant=merchant).download()

    def perform_destroy(self, instance):
        delete_object(self.request.user, instance)


# --- mutual aid ---------------------------------------------------------------------------------------------------

class PayoutRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = PayoutRate
        fields = ["id", "condition", "max_amount"]


class AidRoundSerializer(ScopedModelSerializer):
    service = staticmethod(lambda user, instance, org=None, **data: services.save_round(user, instance, org, **data))
    contribution = serializers.CharField()
    rates = PayoutRateSerializer(many=True, read_only=True)

    class Meta:
        model = AidRound
        fields = ["id", "org", "year", "name", "contribution", "starts_on", "ends_on", "status", "notes", "rates"]
        read_only_fields = ["status"]


class AddPayoutRateSerializer(serializers.Serializer):
    condition = serializers.CharField(max_length=100)
    max_amount = serializers.CharField(max_length=20)


class AidEnrolSerializer(serializers.Serializer):
    member_numbers = serializers.ListField(child=serializers.CharField(max_length=20), max_length=5000)


def _enrol(user, rnd, d):
    members = [member_by_number(user, n, "member_numbers") for n in dict.fromkeys(d["member_numbers"])]
    services.enrol(user, rnd, members)
    return rnd


class RoundViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Mutual medical aid rounds (职工医疗互助): the payout table and enrolment."""

    serializer_class = AidRoundSerializer
    filterset_class = RoundFilterSet
    selector = staticmethod(lambda user: selectors.rounds_for(user).prefetch_related("rates"))
    ordering_fields = ["year"]
    workflow_model = AidRound
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "close": Step(lambda user, r, d: services.make_close(user, r)),
        "rate": Step(lambda user, r, d: services.add_rate(user, r, **d) and r, serializer=AddPayoutRateSerializer),
        "enrol": Step(_enrol, serializer=AidEnrolSerializer),
    }


def _save_claim(user, instance, member_no=None, round=None, rate=None, **data):
    if instance is not None:
        return services.update_claim(user, instance, description=data.get("description", instance.description))
    if rate is None:
        raise ValidationError({"rate": _("Choose a condition of the round's payout table.")})
    return services.file_claim(user, rate.round, member_by_number(user, member_no), rate=rate, **data)


class ClaimSerializer(ScopedModelSerializer):
    service = staticmethod(_save_claim)
    member_no = serializers.CharField(write_only=True, required=False)
    member_name = serializers.CharField(source="member.name", read_only=True)
    amount = serializers.CharField()
    bank_account = serializers.CharField(write_only=True, required=False, allow_blank=True)
    bank_account_masked = serializers.CharField(read_only=True)

    class Meta:
        model = AidClaim
        fields = ["id", "org", "round", "member", "member_no", "member_name", "rate", "amount", "approved_amount",
                  "treated_on", "description", "channel", "bank_account", "bank_account_masked", "status",
                  "decided_on", "paid_on", "reason", "by_member"]
        read_only_fields = ["org", "round", "member", "approved_amount", "status", "decided_on", "paid_on",
                            "reason", "by_member"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "rate" in fields and not fields["rate"].read_only:
            fields["rate"].queryset = PayoutRate.objects.filter(round__in=selectors.rounds_for(request.user))
        return fields


class ClaimApproveSerializer(serializers.Serializer):
    approved_amount = serializers.CharField(required=False, allow_blank=True)


class ClaimViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Mutual aid claims: filed, checked against the payout table, approved, paid once."""

    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    selector = staticmethod(selectors.claims_for)
    ordering_fields = ["treated_on", "paid_on", "amount"]
    workflow_model = AidClaim
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "approve": Step(lambda user, c, d: services.approve_claim(user, c, d.get("approved_amount")),
                        serializer=ClaimApproveSerializer),
        "reject": Step(lambda user, c, d: services.reject_claim(user, c, d["reason"]), serializer=ReasonStepSerializer),
        "pay": Step(lambda user, c, d: services.pay_claim(user, c, d.get("on")), serializer=DateStepSerializer),
    }


# --- micro-loans --------------------------------------------------------------------------------------------------

def _save_loan(user, instance, member_no=None, **data):
    member = member_by_number(user, member_no) if instance is None else None
    return services.save_loan(user, instance, member, **data)


class LoanSerializer(ScopedModelSerializer):
    service = staticmethod(_save_loan)
    member_no = serializers.CharField(write_only=True, required=False)
    member_name = serializers.CharField(source="member.name", read_only=True)
    amount = serializers.CharField()

    class Meta:
        model = LoanApplication
        fields = ["id", "org", "member", "member_no", "member_name", "applicant_kind", "purpose", "project_kind",
                  "registered_unemployed", "business_started_on", "amount", "applied_on", "guarantee", "status",
                  "decided_on", "disbursed_on", "due_on", "repaid", "notes"]
        read_only_fields = ["org", "member", "status", "decided_on", "disbursed_on", "due_on", "repaid"]


class LoanDatesSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)
    due_on = serializers.DateField(required=False)


class LoanRepaySerializer(serializers.Serializer):
    amount = serializers.CharField(max_length=20)


class LoanViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Micro-loans (小额担保贷款): limits by applicant kind and the county cap, the bank, disbursal, repayment."""

    serializer_class = LoanSerializer
    filterset_class = LoanFilterSet
    selector = staticmethod(selectors.loans_for)
    ordering_fields = ["applied_on", "amount", "disbursed_on"]
    workflow_model = LoanApplication
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "approve": Step(lambda user, x, d: services.approve_loan(user, x, d.get("on"), d.get("due_on")),
                        serializer=LoanDatesSerializer),
        "reject": Step(lambda user, x, d: services.reject_loan(user, x, d["reason"]), serializer=ReasonStepSerializer),
        "disburse": Step(lambda user, x, d: services.disburse_loan(user, x, d.get("on"), d.get("due_on")),
                         serializer=LoanDatesSerializer),
        "repay": Step(lambda user, x, d: services.repay_loan(user, x, d["amount"]), serializer=LoanRepaySerializer),
        "default": Step(lambda user, x, d: services.default_loan(user, x, d["reason"]),
                        serializer=ReasonStepSerializer),
    }


class QuotaSerializer(ScopedModelSerializer):
    service = staticmethod(lambda user, instance, org=None, **d: services.save_quota(
        user, instance, org, year=d.get("year", getattr(instance, "year", None)),
        cap=d.get("cap", getattr(instance, "cap", None)), notes=d.get("notes", getattr(instance, "notes", ""))))
    cap = serializers.CharField()

    class Meta:
        model = LoanQuota
        fields = ["id", "org", "year", "cap", "notes"]


class QuotaViewSet(ScopedModelViewSet):
    """The county totals of micro-loans by year."""

    serializer_class = QuotaSerializer
    filterset_class = QuotaFilterSet
    selector = staticmethod(selectors.quotas_for)
    ordering_fields = ["year"]
    http_method_names = ["get", "post", "patch", "head", "options"]


# --- group insurance ----------------------------------------------------------------------------------------------

class PlanSerializer(ScopedModelSerializer):
    service = staticmethod(lambda user, instance, org=None, **data: services.save_plan(user, instance, org, **data))
    premium = serializers.CharField()
    sum_insured = serializers.CharField()

    class Meta:
        model = InsurancePlan
        fields = ["id", "org", "kind", "year", "name", "insurer", "policy_number", "premium", "sum_insured",
                  "starts_on", "ends_on", "status", "notes"]
        read_only_fields = ["status"]


def _enrol_insured(user, plan, d):
    members = [member_by_number(user, n, "member_numbers") for n in dict.fromkeys(d["member_numbers"])]
    services.enrol_insured(user, plan, members)
    return plan


class PlanViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Group insurance (女职工安康保险 and the like): plans and the members enrolled."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    selector = staticmethod(selectors.plans_for)
    ordering_fields = ["year", "ends_on"]
    workflow_model = InsurancePlan
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "enrol": Step(_enrol_insured, serializer=AidEnrolSerializer),
        "close": Step(lambda user, p, d: services.close_plan(user, p)),
    }


def _save_iclaim(user, instance, member_no=None, plan=None, **data):
    if instance is not None:
        return services.update_insurance_claim(user, instance, event=data.get("event", instance.event))
    if plan is None:
        raise ValidationError({"plan": _("Choose the group insurance.")})
    return services.file_insurance_claim(user, plan, member_by_number(user, member_no), **data)


class InsuranceClaimSerializer(ScopedModelSerializer):
    service = staticmethod(_save_iclaim)
    member_no = serializers.CharField(write_only=True, required=False)
    member_name = serializers.CharField(source="member.name", read_only=True)
    amount = serializers.CharField()
    submitted_on = serializers.DateField(required=False)

    class Meta:
        model = InsuranceClaim
        fields = ["id", "org", "plan", "member", "member_no", "member_name", "event", "occurred_on", "amount",
                  "submitted_on", "paid_amount", "paid_on", "status", "reason"]
        read_only_fields = ["org", "member", "paid_amount", "paid_on", "status", "reason"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "plan" in fields and not fields["plan"].read_only:
            fields["plan"].queryset = selectors.plans_for(request.user)
        return fields


class InsurancePaySerializer(serializers.Serializer):
    paid_amount = serializers.CharField(required=False, allow_blank=True)
    on = serializers.DateField(required=False)


class InsuranceClaimViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Insurance claims sent to the insurer: paid once (at most the sum insured) or declined."""

    serializer_class = InsuranceClaimSerializer
    filterset_class = InsuranceClaimFilterSet
    selector = staticmethod(selectors.iclaims_for)
    ordering_fields = ["occurred_on", "paid_on", "amount"]
    workflow_model = InsuranceClaim
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "pay": Step(lambda user, c, d: services.pay_insurance_claim(user, c, d.get("paid_amount"), d.get("on")),
                    serializer=InsurancePaySerializer),
        "decline": Step(lambda user, c, d: services.decline_insurance_claim(user, c, d["reason"]),
                        serializer=ReasonStepSerializer),
    }

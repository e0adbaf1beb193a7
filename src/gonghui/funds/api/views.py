"""The API of union funds: funds and the ledger (read-only: entries are written by the services), split ratios
and remittances (written through the services), and a remittance's payment (POST .../pay/)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.serializers import ScopedModelSerializer, ScopedPrimaryKeyField
from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, Step, WorkflowActionsMixin

from .. import bank, books, closing, plans, selectors, services
from ..choices import Channel
from ..filtersets import (
    ApprovalFilterSet,
    AuditFilterSet,
    AuditPlanFilterSet,
    BankLineFilterSet,
    BudgetFilterSet,
    ClosedYearFilterSet,
    DuesFilterSet,
    EntryFilterSet,
    FundFilterSet,
    RatioFilterSet,
    RefusalFilterSet,
    RemittanceFilterSet,
    RuleFilterSet,
)
from ..models import (
    AuditFinding,
    AuditPlan,
    BankLine,
    BudgetLine,
    ClosedYear,
    CollectiveApproval,
    DuesRecord,
    Fund,
    FundAudit,
    LedgerEntry,
    Remittance,
    SpendingRefusal,
    SpendingRule,
    SplitRatio,
)


class UnionFundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Fund
        fields = ("id", "org", "kind", "account", "balance")


class FundViewSet(ScopedReadOnlyViewSet):
    selector = staticmethod(selectors.funds_for)
    serializer_class, filterset_class = UnionFundSerializer, FundFilterSet


class FundsLedgerEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerEntry
        fields = ("id", "fund", "org", "date", "kind", "category", "level", "amount", "balance_after",
                  "counterpart", "payment", "reverses", "unit", "memo")


class EntryViewSet(ScopedReadOnlyViewSet):
    selector = staticmethod(selectors.entries_for)
    serializer_class, filterset_class = FundsLedgerEntrySerializer, EntryFilterSet

    @action(detail=False, methods=["get"], url_path="books")
    def books(self, request):
        """A union's books for a year as Excel for the auditors: ``?within=<union code>&year=2025``."""
        return books.books_response(request.user, request.query_params.get("within"),
                                    request.query_params.get("year"))


class SplitRatioSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_ratio)

    class Meta:
        model = SplitRatio
        fields = ("id", "org", "year", "grassroots_pct", "parent_pct", "higher_pct", "rounding_to", "basis")


class RatioViewSet(ScopedModelViewSet):
    selector = staticmethod(selectors.ratios_for)
    serializer_class = SplitRatioSerializer
    filterset_class = RatioFilterSet


class RemittanceSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_remittance)

    class Meta:
        model = Remittance
        fields = ("id", "org", "employer", "year", "payroll_base", "rate", "amount_due", "received", "memo",
                  "unit")
        read_only_fields = ("amount_due", "received")
        extra_kwargs = {"rate": {"required": False}}


class RemittancePaymentInputSerializer(serializers.Serializer):
    amount = serializers.CharField(label=_("amount"))
    date = serializers.DateField(label=_("date"), required=False)
    channel = serializers.ChoiceField(label=_("channel"), choices=Channel.choices, default=Channel.DIRECT)


class RemittanceViewSet(ScopedModelViewSet):
    selector = staticmethod(selectors.remittances_for)
    serializer_class = RemittanceSerializer
    filterset_class = RemittanceFilterSet

    @action(detail=True, methods=["post"], serializer_class=RemittancePaymentInputSerializer)
    def pay(self, request, pk=None):
        remittance = self.get_object()
        body = RemittancePaymentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        payment = services.record_payment(request.user, remittance, **body.validated_data)
        split = [{"level": e.level, "org": e.org_id, "amount": str(e.amount)} for e in payment.entries.all()]
        return Response({"payment": payment.pk, "amount": str(payment.amount), "split": split},
                        status=status.HTTP_201_CREATED)


class DuesSerializer(ScopedModelSerializer):
    """A member's dues for a month; written by the member's number (the union is the member's)."""

    service = staticmethod(services.save_dues)
    member_no = serializers.CharField(label=_("member number"), write_only=True, required=False)

    class Meta:
        model = DuesRecord
        fields = ("id", "org", "member", "member_no", "month", "basic_wage", "rate", "amount_due", "status",
                  "paid_on", "entry")
        read_only_fields = ("org", "member", "amount_due", "status", "paid_on", "entry")
        extra_kwargs = {"rate": {"required": False}}


class DatePaidSerializer(serializers.Serializer):
    date = serializers.DateField(label=_("paid on"), required=False)


class DuesViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    selector = staticmethod(selectors.dues_for)
    serializer_class, filterset_class = DuesSerializer, DuesFilterSet
    workflow_model = DuesRecord
    steps = {"pay": Step(lambda u, d, data: services.pay_dues(u, d, data.get("date")), serializer=DatePaidSerializer)}


class BudgetLineSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_budget)
    spent = serializers.SerializerMethodField(help_text="The spending booked against the line (yuan).")

    class Meta:
        model = BudgetLine
        fields = ("id", "org", "year", "fund_kind", "category", "amount", "spent", "status", "decision", "note")
        read_only_fields = ("status", "decision")

    def get_spent(self, line) -> str:
        value = getattr(line, "spent", None)
        if value is None:
            value = services.spent(line.org, line.year, line.fund_kind, line.category)
        return str(Decimal(value).quantize(Decimal("0.01")))


class DecisionSerializer(serializers.Serializer):
    decision = serializers.CharField(label=_("review committee decision"), max_length=200, required=False,
                                     allow_blank=True)


class BudgetViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    selector = staticmethod(selectors.budgets_for)
    serializer_class, filterset_class = BudgetLineSerializer, BudgetFilterSet
    workflow_model = BudgetLine
    steps = {"approve": Step(lambda u, b, d: services.approve_budget(u, b, d.get("decision", "")),
                             serializer=DecisionSerializer),
             "close": Step(lambda u, b, d: services.close_budget(u, b, d.get("decision", "")),
                           serializer=DecisionSerializer)}


class ClosedYearSerializer(ScopedModelSerializer):
    """Closing a union's financial year: ``confirm`` must be true; a closed year is never edited or reopened."""

    service = staticmethod(closing.close_year)
    confirm = serializers.BooleanField(label=_("confirm"), write_only=True, required=False, default=False)

    class Meta:
        model = ClosedYear
        fields = ("id", "org", "year", "note", "confirm", "recorded_by", "created_at")
        read_only_fields = ("recorded_by", "created_at")


class ClosedYearViewSet(ScopedModelViewSet):
    """Closed financial years (POST closes one; no edit, no delete: a closed year stays closed)."""

    selector = staticmethod(selectors.closed_years_for)
    serializer_class, filterset_class = ClosedYearSerializer, ClosedYearFilterSet
    http_method_names = ["get", "post", "head", "options"]


class RuleViewSet(ScopedModelViewSet):
    selector = staticmethod(selectors.rules_for)
    filterset_class = RuleFilterSet
    model = SpendingRule
    fields = ("id", "org", "name", "kind", "category", "amount", "basis", "active")


class CollectiveApprovalSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_approval)

    class Meta:
        model = CollectiveApproval
        fields = ("id", "org", "subject", "meeting", "meeting_date", "members_total", "members_present",
                  "votes_for", "votes_against", "amount", "entry")
        read_only_fields = ("entry",)


class ApprovalViewSet(ScopedModelViewSet):
    selector = staticmethod(selectors.approvals_for)
    serializer_class, filterset_class = CollectiveApprovalSerializer, ApprovalFilterSet


class AuditFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditFinding
        fields = ("id", "text", "deadline", "rectified_on", "rectification")


class FundAuditSerializer(ScopedModelSerializer):
    findings = AuditFindingSerializer(many=True, read_only=True)

    class Meta:
        model = FundAudit
        fields = ("id", "org", "year", "title", "auditors", "started_on", "status", "conclusion", "closed_on",
                  "plan", "findings")
        read_only_fields = ("status", "conclusion", "closed_on", "plan")
        validators = []  # one audit per union and year under plans: kept by the plans' service and the database


class FindingInputSerializer(serializers.Serializer):
    text = serializers.CharField(label=_("finding"), max_length=300)
    deadline = serializers.DateField(label=_("rectify by"))


class RectifyInputSerializer(serializers.Serializer):
    finding = serializers.IntegerField(label=_("finding"))
    rectification = serializers.CharField(label=_("rectification"), max_length=300)
    date = serializers.DateField(label=_("rectified on"), required=False)


class ConclusionSerializer(serializers.Serializer):
    conclusion = serializers.CharField(label=_("conclusion"), required=False, allow_blank=True)


def _rectify(user, fund_audit, data):
    finding = fund_audit.findings.filter(pk=data["finding"]).first()
    if finding is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"finding": _("Choose a finding of this audit.")})
    return services.rectify_finding(user, fund_audit, finding=finding, rectification=data["rectification"],
                                    date=data.get("date"))


class AuditViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    selector = staticmethod(lambda user: selectors.audits_for(user).prefetch_related("findings"))
    serializer_class, filterset_class = FundAuditSerializer, AuditFilterSet
    workflow_model = FundAudit
    steps = {"finding": Step(lambda u, a, d: services.add_finding(u, a, **d), serializer=FindingInputSerializer),
             "rectify": Step(_rectify, serializer=RectifyInputSerializer),
             "close": Step(lambda u, a, d: services.close_audit(u, a, conclusion=d.get("conclusion", "")),
                           serializer=ConclusionSerializer)}


class AuditPlanSerializer(ScopedModelSerializer):
    """An audit plan: created with the unions to audit (``unions``: ids, and/or ``within``: every grassroots union
    under that union); ``progress`` is audits closed / planned. More unions: POST .../unions/."""

    service = staticmethod(plans.save_plan)
    unions = ScopedPrimaryKeyField(many=True, write_only=True, required=False, scoped=scope.orgs_for)
    within = ScopedPrimaryKeyField(write_only=True, required=False, scoped=scope.orgs_for)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = AuditPlan
        fields = ("id", "org", "year", "title", "auditors", "started_on", "note", "unions", "within", "progress")

    def get_progress(self, plan) -> dict:
        done, planned = plans.progress(plan)
        return {"done": done, "planned": planned}


class PlanUnionsSerializer(serializers.Serializer):
    unions = ScopedPrimaryKeyField(many=True, required=False, scoped=scope.orgs_for)
    within = ScopedPrimaryKeyField(required=False, scoped=scope.orgs_for)


class AuditPlanViewSet(ScopedModelViewSet):
    selector = staticmethod(selectors.plans_for)
    serializer_class, filterset_class = AuditPlanSerializer, AuditPlanFilterSet

    @action(detail=True, methods=["post"], serializer_class=PlanUnionsSerializer)
    def unions(self, request, pk=None):
        plan = self.get_object()
        body = PlanUnionsSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        opened = plans.add_unions(request.user, plan, **body.validated_data)
        done, planned = plans.progress(AuditPlan.objects.get(pk=plan.pk))
        return Response({"opened": [a.pk for a in opened], "progress": {"done": done, "planned": planned}},
                        status=status.HTTP_201_CREATED)


class BankLineSerializer(serializers.ModelSerializer):
    payer_account = serializers.CharField(source="payer_account_masked", read_only=True)

    class Meta:
        model = BankLine
        fields = ("id", "org", "date", "amount", "payer_name", "payer_account", "reference", "status", "matched_by",
                  "remittance", "payment")


class BankMatchSerializer(serializers.Serializer):
    remittance = serializers.IntegerField(label=_("remittance"))


def _match(user, line, data):
    remittance = bank.open_remittances(user, line.org).filter(pk=data["remittance"]).first()
    if remittance is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"remittance": _("Choose a remittance in arrears of a union under %(org)s.")
                               % {"org": line.org.name}})
    return bank.match_line(user, line, remittance)


class BankLineViewSet(WorkflowActionsMixin, ScopedReadOnlyViewSet):
    """Bank statement lines (imported as CSV through the imports); an unmatched line is matched by
    POST .../match/ {"remittance": id}."""

    selector = staticmethod(selectors.banklines_for)
    serializer_class, filterset_class = BankLineSerializer, BankLineFilterSet
    workflow_model = BankLine
    steps = {"match": Step(_match, serializer=BankMatchSerializer)}


class SpendingRefusalSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpendingRefusal
        fields = ("id", "org", "rule", "date", "fund_kind", "category", "amount", "persons", "cap", "memo")


class RefusalViewSet(ScopedReadOnlyViewSet):
    """Spending refused above a cap per person (recorded by the services when refused)."""

    selector = staticmethod(selectors.refusals_for)
    serializer_class, filterset_class = SpendingRefusalSerializer, RefusalFilterSet

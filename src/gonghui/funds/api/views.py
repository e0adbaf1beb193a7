"""The API of union funds: funds and the ledger (read-only: entries are written by the services), split ratios
and remittances (written through the services), and a remittance's payment (POST .../pay/)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.core.api.serializers import ScopedModelSerializer
from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import selectors, services
from ..choices import Channel
from ..filtersets import EntryFilterSet, FundFilterSet, RatioFilterSet, RemittanceFilterSet
from ..models import Fund, LedgerEntry, Remittance, SplitRatio


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
                  "counterpart", "payment", "reverses", "memo")


class EntryViewSet(ScopedReadOnlyViewSet):
    selector = staticmethod(selectors.entries_for)
    serializer_class, filterset_class = FundsLedgerEntrySerializer, EntryFilterSet


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
        fields = ("id", "org", "employer", "year", "payroll_base", "rate", "amount_due", "received", "memo")
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

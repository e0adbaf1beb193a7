"""Shapes of the statistics API (read only: the registry and the dashboard)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers


@extend_schema_field({"type": "number", "nullable": True})
class FigureValueField(serializers.Field):
    """A count (integer), a rate in percent (one decimal) or null (nothing to divide by, or not derived)."""

    def to_representation(self, value):
        return float(value) if isinstance(value, Decimal) else value


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    section = serializers.CharField()
    section_label = serializers.CharField()
    kind = serializers.CharField()
    rollup = serializers.CharField()
    target = serializers.BooleanField()
    report_table = serializers.CharField()
    derived = serializers.BooleanField()
    help = serializers.CharField()
    higher_is_better = serializers.BooleanField()


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    section = serializers.CharField()
    kind = serializers.CharField()
    value = FigureValueField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text="The records behind the figure (list page with filters).")


class BreakdownItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField()
    url = serializers.CharField(allow_null=True)


class BreakdownSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    items = BreakdownItemSerializer(many=True)


class ChildSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    rank = serializers.IntegerField()
    values = serializers.DictField(child=FigureValueField(allow_null=True))
    urls = serializers.DictField(child=serializers.CharField(allow_null=True))


class TrendSeriesSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    values = serializers.ListField(child=serializers.IntegerField())


class TrendSerializer(serializers.Serializer):
    months = serializers.ListField(child=serializers.CharField())
    series = TrendSeriesSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    token = serializers.CharField()
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class OrgRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()


@extend_schema_serializer(many=False)  # the answer of a "list" action, yet one object
class DashboardSerializer(serializers.Serializer):
    org = OrgRefSerializer()
    period = PeriodSerializer()
    figures = FigureSerializer(many=True)
    breakdowns = BreakdownSerializer(many=True)
    children = ChildSerializer(many=True)
    trend = TrendSerializer()

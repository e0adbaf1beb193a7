from rest_framework import serializers

from .. import indicators as ri
from ..models import Report, ReportRound


class ReportRoundSerializer(serializers.ModelSerializer):
    org_code = serializers.CharField(source="org.code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ReportRound
        fields = ["id", "title", "year", "org", "org_code", "org_name", "deadline", "status", "status_display",
                  "warn_change_share", "opened_by", "opened_at"]
        read_only_fields = fields


class ReportRoundCreateSerializer(serializers.Serializer):
    org_code = serializers.CharField(max_length=30)
    year = serializers.IntegerField(min_value=1, max_value=9999)
    deadline = serializers.DateField()
    title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    warn_change_share = serializers.DecimalField(max_digits=4, decimal_places=2, required=False)


class ReportSerializer(serializers.ModelSerializer):
    """``values``: per figure the value from the records (``derived``), the entered or corrected ``value``,
    its ``reason``, and the ``reported`` figure once submitted (frozen once accepted)."""

    org_code = serializers.CharField(source="org.code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_late = serializers.BooleanField(read_only=True)
    values = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "round", "year", "org", "org_code", "org_name", "is_grassroots", "status", "status_display",
                  "is_late", "figures_taken_at",
                  "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_comment", "values"]
        read_only_fields = fields

    def get_values(self, obj) -> dict:
        data, final = obj.data or {}, obj.final or {}
        out = {}
        for ind in ri.report_items():
            entry = data.get(ind.key) or {}
            out[ind.key] = {"derived": entry.get("d"), "value": entry.get("v"), "reason": entry.get("r", ""),
                            "reported": final.get(ind.key) if obj.final is not None else None}
        return out


class ReportValuesSerializer(serializers.Serializer):
    """``{"values": {"fulltime_cadres": {"value": 3}, "members": {"value": 120, "reason": "..."}}}``."""

    values = serializers.DictField(child=serializers.DictField())


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)

from rest_framework import serializers

from gonghui.core.models import AuditLog


class AuditLogSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    content_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditLog
        fields = [
            "id", "timestamp", "user", "user_name", "action", "action_display", "transition", "content_type",
            "object_id", "object_repr", "org", "before", "after", "count", "note",
        ]

    def get_content_type(self, obj) -> str | None:
        return f"{obj.content_type.app_label}.{obj.content_type.model}" if obj.content_type_id else None

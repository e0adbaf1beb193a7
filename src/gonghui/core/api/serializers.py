from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.core import scope
from gonghui.core.models import AuditLog
from gonghui.core.services import save_object


@extend_schema_field(OpenApiTypes.INT)  # every primary key here is an integer, with or without a model to say so
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A foreign key chosen from a queryset built for the requesting user (``scoped(user) -> QuerySet``): anything
    outside it is "not found", whatever exists elsewhere."""

    def __init__(self, scoped, **kwargs):
        self.scoped = scoped
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scoped(self.context["request"].user)


class ScopedModelSerializer(serializers.ModelSerializer):
    """A record in the API: its organisation fields accept only organisations of the caller's scope and stay as
    they are once the record exists; create and update write through ``service(user, instance or None, **data)``,
    by default :func:`gonghui.core.services.save_object` over the fields sent."""

    service = None

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if relation_info.related_model is scope.org_model() and not kwargs.get("read_only"):
            kwargs.pop("queryset", None)
            return ScopedPrimaryKeyField, {**kwargs, "scoped": scope.orgs_for}
        return field_class, kwargs

    def create(self, validated_data):
        return self._write(None, validated_data)

    def update(self, instance, validated_data):
        org_fields = [f.name for f in instance._meta.concrete_fields
                      if f.is_relation and f.related_model is scope.org_model()]
        return self._write(instance, {k: v for k, v in validated_data.items() if k not in org_fields})

    def _write(self, instance, data):
        user = self.context["request"].user
        if self.service is not None:
            return type(self).service(user, instance, **data)
        return save_object(user, instance or self.Meta.model(), data, fields=list(data))


class AuditLogSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    content_type = serializers.SerializerMethodField()
    summary = serializers.CharField(read_only=True, help_text="The entry as a sentence in the reader's language.")

    class Meta:
        model = AuditLog
        fields = [
            "id", "timestamp", "user", "user_name", "action", "action_display", "transition", "content_type",
            "object_id", "object_repr", "org", "before", "after", "count", "note", "summary",
        ]

    def get_content_type(self, obj) -> str | None:
        return f"{obj.content_type.app_label}.{obj.content_type.model}" if obj.content_type_id else None

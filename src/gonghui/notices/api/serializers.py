from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from gonghui.core import scope
from gonghui.core.api.serializers import ScopedModelSerializer
from gonghui.orgs.selectors import units_for

from .. import services
from ..models import Notice


def _save(user, instance, org=None, target_orgs=None, target_units=None, **data):
    orgs, units = [], []
    for code in target_orgs or ():
        org_obj = scope.org_by_code(user, code)
        if org_obj is None:
            raise ValidationError({"target_orgs": _("No union with these codes in your scope: %(codes)s.")
                                   % {"codes": code}})
        orgs.append(org_obj)
    for code in target_units or ():
        unit = units_for(user).filter(credit_code=str(code).upper()).first()
        if unit is None:
            raise ValidationError({"target_units": _(
                "No employer unit with these credit codes in your scope: %(codes)s.") % {"codes": code}})
        units.append(unit)
    if target_orgs is not None or target_units is not None:
        data.setdefault("audience", instance.audience if instance else None)
    return services.save_notice(user, instance, org, target_orgs=orgs, target_units=units, **data)


class NoticeSerializer(ScopedModelSerializer):
    service = staticmethod(_save)
    org_code = serializers.CharField(source="org.code", read_only=True)
    read_count = serializers.SerializerMethodField()
    target_orgs = serializers.ListField(child=serializers.CharField(), required=False, write_only=True)
    target_units = serializers.ListField(child=serializers.CharField(), required=False, write_only=True)
    targets = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "org", "org_code", "title", "body", "audience", "publish_from", "publish_until", "status",
                  "published_on", "audience_size", "read_count", "targets", "target_orgs", "target_units",
                  "attachments", "created_at", "updated_at"]
        read_only_fields = ["status", "published_on", "audience_size", "created_at", "updated_at"]

    def _own(self, obj):
        request = self.context.get("request")
        return request is not None and scope.can(request.user, "view", obj.org)

    def get_read_count(self, obj) -> int | None:
        """None on a notice from above: its reads count members outside the caller's scope."""
        if not self._own(obj):
            return None
        count = getattr(obj, "read_count", None)
        return count if count is not None else obj.reads.count()

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if not self._own(obj):
            data["audience_size"] = None
        return data

    def get_targets(self, obj) -> list[str]:
        return [t.org.code if t.org_id else t.unit.credit_code for t in obj.targets.all()]

    def get_attachments(self, obj) -> list[dict]:
        return [{"id": a.pk, "file_name": a.file_name, "file_type": a.file_type, "file_size": a.file_size,
                 "download_url": reverse("notices:notice_download", args=[obj.pk, a.pk])}
                for a in obj.attachments.all()]

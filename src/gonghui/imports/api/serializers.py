from rest_framework import serializers

from gonghui.orgs.selectors import live_orgs_for

from ..choices import ImportMode, import_kind_choices
from ..models import ImportJob
from ..views import progress


class ImportJobSerializer(serializers.ModelSerializer):
    """A job as the API shows it: state, progress of the current phase, outcome of the check and import."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    mode_display = serializers.CharField(source="get_mode_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    org_code = serializers.CharField(source="org.code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id", "uid", "kind", "kind_display", "org", "org_code", "org_name", "mode", "mode_display", "status",
            "status_display", "user", "original_name", "file_size", "file_format", "encoding", "unknown_columns",
            "rows_total", "rows_done", "rows_committed", "progress", "cancel_requested",
            "to_create", "to_update", "unchanged", "error_rows", "created", "updated", "skipped",
            "preview", "message", "created_at", "phase_started_at", "finished_at", "expires_at",
        ]
        read_only_fields = fields

    def get_progress(self, obj) -> dict:
        p = progress(obj)
        return {"percent": p["percent"], "rows_per_second": round(p["rate"], 1) if p["rate"] else None,
                "seconds_left": p["seconds_left"]}


class ImportJobCreateSerializer(serializers.Serializer):
    """multipart/form-data: kind, org (id), mode, file."""

    kind = serializers.ChoiceField(choices=[])
    org = serializers.PrimaryKeyRelatedField(queryset=ImportJob.org.field.related_model.objects.none())
    mode = serializers.ChoiceField(choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)
    file = serializers.FileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = import_kind_choices()  # the areas' kinds, read once the registry is full
        request = self.context.get("request")
        if request is not None:
            self.fields["org"].queryset = live_orgs_for(request.user)

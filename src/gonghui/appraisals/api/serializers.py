from django.urls import reverse
from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer, ScopedPrimaryKeyField

from .. import selectors, services
from ..models import Appraisal, Criterion, MemberRating, RatingRound, Scheme, Score


class AppraisalSchemeSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_scheme)
    eligible_types = serializers.ListField(child=serializers.CharField(max_length=30), required=False,
                                           source="eligible_list",
                                           help_text="Kinds of union that may apply (organisation types); "
                                                     "empty: every union.")

    class Meta:
        model = Scheme
        fields = ["id", "org", "name", "kind", "level", "grades", "pass_score", "eligible_types", "valid_years",
                  "recheck_months", "status", "note"]
        read_only_fields = ["status"]

    def _write(self, instance, data):
        if "eligible_list" in data:
            data["eligible_types"] = data.pop("eligible_list")
        return super()._write(instance, data)


class AppraisalCriterionSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_criterion)
    scheme = ScopedPrimaryKeyField(selectors.schemes_for)

    class Meta:
        model = Criterion
        fields = ["id", "scheme", "section", "title", "weight", "evidence", "source", "indicator", "full_at",
                  "position"]

    def update(self, instance, validated_data):
        validated_data.pop("scheme", None)
        return self._write(instance, validated_data)


class AppraisalSerializer(ScopedModelSerializer):
    scheme = ScopedPrimaryKeyField(selectors.usable_schemes)

    class Meta:
        model = Appraisal
        fields = ["id", "scheme", "org", "year", "grade_sought", "started_on", "status", "self_score", "applied_on",
                  "inspection_score", "findings", "inspected_on", "accepted_on", "grade", "certificate_no",
                  "awarded_on", "valid_until", "recheck_due", "rechecked_on", "reason", "note"]
        read_only_fields = ["started_on", "status", "self_score", "applied_on", "inspection_score", "findings",
                            "inspected_on", "accepted_on", "grade", "certificate_no", "awarded_on", "valid_until",
                            "recheck_due", "rechecked_on", "reason"]

    def create(self, validated_data):
        return services.start_appraisal(self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        data = {k: v for k, v in validated_data.items() if k in ("grade_sought", "note")}
        return services.save_appraisal(self.context["request"].user, instance, **data)


def evidence_file_data(f, appraisal_id):
    return {"id": f.pk, "file_name": f.file_name, "file_type": f.file_type, "file_size": f.file_size,
            "download_url": reverse("appraisals:evidence_download", args=[appraisal_id, f.pk])}


class AppraisalScoreSerializer(serializers.ModelSerializer):
    files = serializers.SerializerMethodField(help_text="Evidence files attached in the self-check (download only).")

    class Meta:
        model = Score
        fields = ["id", "appraisal", "criterion", "self_score", "evidence", "files", "inspection_score", "finding"]

    def get_files(self, obj) -> list[dict]:
        return [evidence_file_data(f, obj.appraisal_id) for f in obj.files.all()]


class AppraisalEvidenceBody(serializers.Serializer):
    criterion = serializers.IntegerField()
    file = serializers.FileField(help_text="PDF, an image or an office document (multipart).")


class AppraisalScoreEntry(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AppraisalSelfCheckBody(serializers.Serializer):
    scores = AppraisalScoreEntry(many=True)


class AppraisalInspectBody(serializers.Serializer):
    scores = AppraisalScoreEntry(many=True)
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    inspected_on = serializers.DateField(required=False, allow_null=True, default=None)


class AppraisalAcceptBody(serializers.Serializer):
    accepted_on = serializers.DateField(required=False, allow_null=True, default=None)


class AppraisalReasonBody(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class AppraisalAwardBody(serializers.Serializer):
    grade = serializers.CharField()
    certificate_no = serializers.CharField(required=False, allow_blank=True, default="")
    awarded_on = serializers.DateField(required=False, allow_null=True, default=None)


class AppraisalRecheckBody(serializers.Serializer):
    rechecked_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RatingRoundSerializer(ScopedModelSerializer):
    service = staticmethod(services.open_round)
    scheme = ScopedPrimaryKeyField(selectors.usable_schemes)
    appraisal = ScopedPrimaryKeyField(selectors.appraisals_for, required=False, allow_null=True)

    class Meta:
        model = RatingRound
        fields = ["id", "org", "scheme", "appraisal", "title", "opens_on", "closes_on", "members_total", "status"]
        read_only_fields = ["members_total", "status"]


class MemberRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberRating
        fields = ["id", "round", "average", "comment", "rated_on"]


def score_map(entries):
    return {e["criterion"]: (e["score"], e.get("note", "")) for e in entries}

from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer

from .. import services
from ..models import Question, Survey


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "position", "kind", "text", "required", "options", "low_label", "high_label"]


class SurveySerializer(ScopedModelSerializer):
    """A survey; written through ``services.save_survey`` (its questions are built on the survey's page)."""

    service = services.save_survey

    class Meta:
        model = Survey
        fields = ["id", "org", "title", "intro", "target_orgs", "opens_on", "closes_on", "anonymous", "status",
                  "target_count", "response_count"]
        read_only_fields = ["status", "target_count", "response_count"]


class ResultRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class QuestionResultSerializer(serializers.Serializer):
    question = QuestionSerializer()
    answered = serializers.IntegerField()
    rows = ResultRowSerializer(many=True)
    average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    texts = serializers.ListField(child=serializers.CharField())


class ResultsSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    targeted = serializers.IntegerField()
    response_rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    questions = QuestionResultSerializer(many=True)

from rest_framework import serializers

from .. import services
from ..models import Suggestion


class SuggestionSerializer(serializers.ModelSerializer):
    """A suggestion as officials see it: ``author`` is the member's name or "anonymous"; no member id, ever."""

    org_code = serializers.CharField(source="org.code", read_only=True)
    author = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = ["id", "reference_no", "org", "org_code", "subject", "text", "category", "anonymous", "author",
                  "submitted_at", "status", "answer", "answered_at", "answer_days"]
        read_only_fields = [f for f in fields if f != "category"]

    def update(self, instance, validated_data):
        return services.categorise(self.context["request"].user, instance,
                                   category=validated_data.get("category", instance.category))

    def get_author(self, obj) -> str:
        return str(obj.author)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)

from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer, ScopedPrimaryKeyField

from .. import selectors, services
from ..models import Competition, Contest, Entrant, Innovation, Participant, Proposal, Studio


class CompetitionSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_competition)

    class Meta:
        model = Competition
        fields = ["id", "org", "title", "kind", "starts_on", "ends_on", "stages", "description", "results"]


class ParticipantSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_participant)
    competition = ScopedPrimaryKeyField(selectors.joinable_competitions)

    class Meta:
        model = Participant
        fields = ["id", "competition", "org", "kind", "name", "employer_name", "headcount", "score", "rank", "result"]
        validators = []  # the service says which participant is already in, in words

    def update(self, instance, validated_data):
        validated_data.pop("competition", None)
        return self._write(instance, validated_data)


class ContestSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_contest)
    next_level = ScopedPrimaryKeyField(selectors.higher_contests, required=False, allow_null=True)

    class Meta:
        model = Contest
        fields = ["id", "org", "title", "trade", "level", "held_on", "next_level", "note"]


class EntrantSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_entrant)
    contest = ScopedPrimaryKeyField(selectors.contests_for)

    class Meta:
        model = Entrant
        fields = ["id", "contest", "worker_name", "employer_name", "round", "score", "rank", "title", "grade_before",
                  "grade_after", "sent_from"]
        read_only_fields = ["sent_from"]
        validators = []  # the service refuses a second entry and a taken rank, in words

    def update(self, instance, validated_data):
        validated_data.pop("contest", None)
        return self._write(instance, validated_data)


class ProposalSerializer(ScopedModelSerializer):
    service = staticmethod(services.file_proposal)

    class Meta:
        model = Proposal
        fields = ["id", "org", "number", "title", "content", "category", "unit_name", "author_name", "co_authors",
                  "filed_on", "status", "score", "evaluation", "decision_reason", "decided_on", "implemented_on",
                  "value", "reward"]
        read_only_fields = ["number", "status", "score", "evaluation", "decision_reason", "decided_on",
                            "implemented_on", "value", "reward"]


class InnovationSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_innovation)
    studio = ScopedPrimaryKeyField(selectors.studios_for, required=False, allow_null=True)
    proposal = ScopedPrimaryKeyField(selectors.proposals_for, required=False, allow_null=True)

    class Meta:
        model = Innovation
        fields = ["id", "org", "kind", "title", "workers", "employer_name", "achieved_on", "patent_number",
                  "named_after", "benefit", "studio", "proposal", "description"]


class StudioSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_studio)

    class Meta:
        model = Studio
        fields = ["id", "org", "name", "kind", "employer_name", "lead_name", "members", "level", "recognised_on",
                  "note"]


class EvaluateBody(serializers.Serializer):
    score = serializers.IntegerField(min_value=0, max_value=100)
    evaluation = serializers.CharField(required=False, allow_blank=True)


class AdoptBody(serializers.Serializer):
    decided_on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)


class RejectBody(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class ImplementBody(serializers.Serializer):
    implemented_on = serializers.DateField()
    value = serializers.CharField()
    reward = serializers.CharField(required=False, allow_blank=True)

from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer, ScopedPrimaryKeyField
from gonghui.members.models import Member

from .. import services
from ..choices import CANDIDATE_POSITIONS, CadrePosition
from ..models import Approval, ArchiveDocument, Cadre, Candidate, Election, Term


def _members(user):
    return Member.objects.for_user(user)


class CadreSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_cadre)
    member = ScopedPrimaryKeyField(_members, required=False, allow_null=True)

    class Meta:
        model = Cadre
        fields = ["id", "org", "name", "position", "engagement", "rank", "on_party_committee", "member",
                  "appointed_on", "left_on", "leave_reason"]


class TermSerializer(ScopedModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "org", "number", "started_on", "ends_on", "closed_on", "note", "election"]
        read_only_fields = ["closed_on", "election"]


class CandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = ["id", "name", "position", "member", "votes", "elected"]
        read_only_fields = ["votes", "elected"]


class ElectionSerializer(ScopedModelSerializer):
    service = staticmethod(services.open_election)
    candidates = CandidateSerializer(many=True, read_only=True)

    class Meta:
        model = Election
        fields = ["id", "org", "review_org", "term_number", "title", "term_years", "planned_on", "held_on", "voters",
                  "voted",
                  "approval_doc_no", "review_note", "status", "candidates"]
        read_only_fields = ["review_org", "held_on", "voters", "voted", "approval_doc_no", "review_note", "status"]
        extra_kwargs = {"term_number": {"required": False}}


class ElectionCandidateBody(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    position = serializers.ChoiceField(choices=CANDIDATE_POSITIONS, default=CadrePosition.COMMITTEE)


class BuildingReviewBody(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BuildingReasonBody(serializers.Serializer):
    reason = serializers.CharField()


class ElectionHoldBody(serializers.Serializer):
    held_on = serializers.DateField()
    voters = serializers.IntegerField(min_value=1)
    voted = serializers.IntegerField(min_value=0)
    votes = serializers.DictField(child=serializers.IntegerField(min_value=0),
                                  help_text="{candidate id: votes}")


class BuildingDecisionBody(serializers.Serializer):
    doc_no = serializers.CharField(max_length=60)
    decided_on = serializers.DateField(required=False)


class ApprovalSerializer(ScopedModelSerializer):
    service = staticmethod(services.request_approval)

    class Meta:
        model = Approval
        fields = ["id", "org", "approver", "kind", "subject", "requested_on", "doc_no", "decided_on", "note",
                  "election", "status"]
        read_only_fields = ["approver", "doc_no", "decided_on", "election", "status"]


class DocumentSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_document)

    class Meta:
        model = ArchiveDocument
        fields = ["id", "org", "kind", "title", "number", "issued_on", "file_name", "approval"]
        read_only_fields = ["file_name", "approval"]

"""``/api/v1/job-fairs/``, ``job-vacancies``, ``job-seekers``, ``job-referrals`` and ``trips-home``: the pages'
selectors, filtersets and services; steps are POST actions. ID numbers and phones are written, read back masked;
``POST job-seekers/{id}/reveal/`` gives them in clear to roles with ``reveal_pii`` (audited)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.core.api.serializers import ScopedModelSerializer, ScopedPrimaryKeyField
from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, Step, WorkflowActionsMixin
from gonghui.core.services import reveal

from .. import employment, selectors
from ..filtersets import HomeTripFilterSet, JobFairFilterSet, JobSeekerFilterSet, ReferralFilterSet, VacancyFilterSet
from ..models import HomeTrip, JobFair, JobSeeker, Referral, Vacancy


class JobFairViewSet(ScopedModelViewSet):
    """Job fairs (专场招聘会): the employers, vacancies and visitors of each."""

    model = JobFair
    fields = ("org", "title", "held_on", "place", "employers", "vacancies_offered", "visitors", "notes")
    filterset_class = JobFairFilterSet
    selector = staticmethod(selectors.fairs_for)
    ordering_fields = ["held_on"]


class VacancySerializer(ScopedModelSerializer):
    fair = ScopedPrimaryKeyField(selectors.fairs_for, required=False, allow_null=True)

    class Meta:
        model = Vacancy
        fields = ["id", "org", "employer", "title", "positions", "wage", "place", "requirements", "contact", "fair",
                  "published", "open_until"]


class VacancyViewSet(ScopedModelViewSet):
    """Vacancies; the published ones still open are shown to members in the portal."""

    serializer_class = VacancySerializer
    filterset_class = VacancyFilterSet
    selector = staticmethod(selectors.vacancies_for)
    ordering_fields = ["open_until"]


class HomeTripViewSet(ScopedModelViewSet):
    """Migrant workers' trips home by chartered transport (平安返乡)."""

    model = HomeTrip
    fields = ("org", "travels_on", "route", "transport", "vehicles", "people", "notes")
    filterset_class = HomeTripFilterSet
    selector = staticmethod(selectors.trips_for)
    ordering_fields = ["travels_on"]


def _save_seeker(user, instance, org=None, member=None, **data):
    return employment.save_seeker(user, instance, org, member, **data)


class JobSeekerSerializer(ScopedModelSerializer):
    service = staticmethod(_save_seeker)
    member = ScopedPrimaryKeyField(selectors.members_for, required=False, allow_null=True)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=18)
    id_number_masked = serializers.CharField(read_only=True)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    phone_masked = serializers.CharField(read_only=True)

    class Meta:
        model = JobSeeker
        fields = ["id", "org", "member", "name", "id_number", "id_number_masked", "phone", "phone_masked",
                  "migrant_worker", "in_hardship", "desired_job", "wishes", "registered_on", "status", "created_at"]
        read_only_fields = ["status", "created_at"]

    def update(self, instance, validated_data):
        validated_data.pop("member", None)
        return super().update(instance, validated_data)


class ReferSerializer(serializers.Serializer):
    vacancy = ScopedPrimaryKeyField(selectors.vacancies_for, required=False, allow_null=True)
    employer = serializers.CharField(required=False, allow_blank=True, max_length=150)
    job = serializers.CharField(required=False, allow_blank=True, max_length=100)
    referred_on = serializers.DateField(required=False)


RevealedSeeker = inline_serializer("RevealedJobSeeker", {"id_number": serializers.CharField(),
                                                        "phone": serializers.CharField()})


class JobSeekerViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Job seekers (a member, or a person by name and ID number) and their wishes. Steps: refer (creates a
    referral), close, reopen."""

    serializer_class = JobSeekerSerializer
    filterset_class = JobSeekerFilterSet
    selector = staticmethod(selectors.seekers_for)
    workflow_model = JobSeeker
    ordering_fields = ["registered_on", "name"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "refer": Step(lambda user, s, d: employment.refer(user, s, d.get("vacancy"), d.get("employer", ""),
                                                          d.get("job", ""), d.get("referred_on")) and s,
                      serializer=ReferSerializer, description="Refer the job seeker to a job."),
    }

    @extend_schema(request=None, responses=RevealedSeeker)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The job seeker's full ID number and phone (roles with ``reveal_pii`` at the union, 403 otherwise);
        every call is written to the change log."""
        seeker = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(reveal(request.user, seeker, ("id_number", "phone")))


class ReferralSerializer(ScopedModelSerializer):
    seeker_name = serializers.CharField(source="seeker.name", read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "seeker", "seeker_name", "vacancy", "employer", "job", "referred_on", "status", "placed_on",
                  "follow_up_due", "followed_up_on", "still_employed", "follow_up_note", "hardship_review_prompted"]
        read_only_fields = fields


class PlaceSerializer(serializers.Serializer):
    placed_on = serializers.DateField(required=False)


class FollowUpSerializer(serializers.Serializer):
    followed_up_on = serializers.DateField(required=False)
    still_employed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ReferralViewSet(WorkflowActionsMixin, ScopedReadOnlyViewSet):
    """Referrals (职业介绍): made by a job seeker's ``refer`` step; steps place, not_placed and follow_up."""

    serializer_class = ReferralSerializer
    filterset_class = ReferralFilterSet
    selector = staticmethod(selectors.referrals_for)
    workflow_model = Referral
    ordering_fields = ["referred_on", "placed_on"]
    steps = {
        "place": Step(lambda user, r, d: employment.place(user, r, d.get("placed_on")),
                      serializer=PlaceSerializer, description="The job seeker took the job."),
        "follow_up": Step(lambda user, r, d: employment.follow_up(user, r, d.get("followed_up_on"),
                                                                  d["still_employed"], d.get("note", "")),
                          serializer=FollowUpSerializer, description="The follow-up three months on."),
    }

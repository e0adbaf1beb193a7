"""``/api/v1/honour-*`` and ``/api/v1/model-workers/``: the same selectors, filtersets and services as the pages;
each workflow step is a POST action."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer
from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import (
    CareRoundFilterSet,
    RecommendationFilterSet,
    RoundFilterSet,
    RuleFilterSet,
    RunFilterSet,
    SchemeFilterSet,
    SupportFilterSet,
    WorkerFilterSet,
)
from ..models import (
    AllowanceRule,
    CareRound,
    HonourScheme,
    ModelWorker,
    PaymentRun,
    Recommendation,
    SelectionRound,
    SupportRecord,
)


class HonourSchemeSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_scheme)

    class Meta:
        model = HonourScheme
        fields = ["id", "org", "name", "category", "level", "recipient", "cycle_years", "active", "notes"]


class SchemeViewSet(ScopedModelViewSet):
    """Honour schemes (荣誉项目) each level keeps."""

    serializer_class, filterset_class = HonourSchemeSerializer, SchemeFilterSet
    selector = staticmethod(selectors.schemes_for)
    ordering_fields = ["name", "level"]


class HonourRoundSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_round)

    class Meta:
        model = SelectionRound
        fields = ["id", "org", "scheme", "year", "name", "notice_days", "status"]
        read_only_fields = ["org", "status"]

    def validate_scheme(self, scheme):
        if not HonourScheme.objects.for_user(self.context["request"].user).filter(pk=scheme.pk).exists():
            raise serializers.ValidationError(_("Choose one of the schemes in your part of the union tree."))
        return scheme


class HonourQuotaSerializer(serializers.Serializer):
    org = serializers.IntegerField(help_text="The union below that gets the quota.")
    quota = serializers.IntegerField(min_value=0)


def _quota(user, rnd, data):
    from gonghui.orgs.models import Organisation

    org = Organisation.objects.filter(pk=data["org"]).first()
    return services.set_quota(user, rnd, org, data["quota"])


class RoundViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Selection rounds (评选) with the quotas handed down."""

    serializer_class, filterset_class = HonourRoundSerializer, RoundFilterSet
    selector = staticmethod(selectors.rounds_for)
    ordering_fields = ["year", "name"]
    workflow_model = SelectionRound
    steps = {"quota": Step(_quota, serializer=HonourQuotaSerializer, description="Hand down a quota.")}


def _save_rec(user, instance, **data):
    return services.save_recommendation(user, instance, **data)


class HonourRecommendationSerializer(ScopedModelSerializer):
    service = staticmethod(_save_rec)
    id_number = serializers.CharField(required=False, allow_blank=True, write_only=True)
    id_number_masked = serializers.CharField(read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "round", "org", "nominee", "id_number", "id_number_masked", "employer", "deeds", "meeting",
                  "meeting_on", "votes_for", "votes_total", "status", "review_note", "notice_start", "notice_end",
                  "objection", "objection_open", "objection_resolution", "approved_on", "certificate_no",
                  "awarded_on", "worker"]
        read_only_fields = ["status", "review_note", "notice_start", "notice_end", "objection", "objection_open",
                            "objection_resolution", "approved_on", "certificate_no", "awarded_on", "worker"]

    def validate_round(self, rnd):
        if self.instance is not None and rnd != self.instance.round:
            raise serializers.ValidationError(_("The round of a recommendation cannot change."))
        return rnd

    def update(self, instance, validated_data):
        validated_data.pop("round", None)
        return super().update(instance, validated_data)


class HonourNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class HonourNoticeSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)


class HonourObjectionSerializer(serializers.Serializer):
    objection = serializers.CharField(max_length=2000)


class HonourResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=2000)


class HonourDateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class HonourAwardSerializer(serializers.Serializer):
    certificate_no = serializers.CharField(max_length=40)
    on = serializers.DateField(required=False)


class HonourReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class RecommendationViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Recommendations (推荐) within the quota, through review, public notice, approval and award."""

    serializer_class, filterset_class = HonourRecommendationSerializer, RecommendationFilterSet
    selector = staticmethod(selectors.recommendations_for)
    ordering_fields = ["created_at", "nominee", "awarded_on"]
    workflow_model = Recommendation
    steps = {
        "review": Step(lambda u, r, d: services.review(u, r, d.get("note", "")), serializer=HonourNoteSerializer),
        "notice": Step(lambda u, r, d: services.put_on_notice(u, r, d.get("start")), serializer=HonourNoticeSerializer),
        "object": Step(lambda u, r, d: services.record_objection(u, r, d["objection"]),
                       serializer=HonourObjectionSerializer),
        "resolve": Step(lambda u, r, d: services.resolve_objection(u, r, d["resolution"]),
                        serializer=HonourResolveSerializer),
        "approve": Step(lambda u, r, d: services.approve(u, r, d.get("on")), serializer=HonourDateSerializer,
                        error_fields={"approved_on": "on"}),
        "award": Step(lambda u, r, d: services.award(u, r, d["certificate_no"], d.get("on")),
                      serializer=HonourAwardSerializer),
        "reject": Step(lambda u, r, d: services.reject(u, r, d["reason"]), serializer=HonourReasonSerializer),
    }

    def perform_update(self, serializer):
        if serializer.instance.status != "recommended":
            raise ValidationError(_("Only a recommendation not yet reviewed can be edited."))
        serializer.save()


class HonourWorkerSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_worker)
    id_number = serializers.CharField(write_only=True, required=False)
    bank_account = serializers.CharField(write_only=True, required=False, allow_blank=True)
    id_number_masked = serializers.CharField(read_only=True)

    class Meta:
        model = ModelWorker
        fields = ["id", "org", "name", "id_number", "id_number_masked", "employer", "level", "status",
                  "deceased_on", "bank_name", "bank_account", "census_year", "in_hardship", "hardship_archive_no",
                  "notes"]
        read_only_fields = ["status", "deceased_on", "census_year"]


class HonourCensusSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1949, max_value=9999)


class HonourReissueSerializer(serializers.Serializer):
    title = serializers.IntegerField()
    certificate_no = serializers.CharField(max_length=40)
    reason = serializers.CharField(max_length=1000)


class WorkerViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """The model-worker registry (劳模档案)."""

    serializer_class, filterset_class = HonourWorkerSerializer, WorkerFilterSet
    selector = staticmethod(selectors.workers_for)
    ordering_fields = ["name", "level"]
    workflow_model = ModelWorker
    steps = {
        "census": Step(lambda u, w, d: services.confirm_census(u, w, d.get("year")), serializer=HonourCensusSerializer),
        "retire": Step(lambda u, w, d: services.retire(u, w)),
        "decease": Step(lambda u, w, d: services.record_death(u, w, d.get("on")), serializer=HonourDateSerializer),
        "reissue": Step(lambda u, w, d: services.reissue_certificate(
            u, w, w.titles.filter(pk=d["title"]).first(), d["certificate_no"], d["reason"]) and w,
            serializer=HonourReissueSerializer),
    }


class HonourRuleSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_rule)
    amount = serializers.CharField()

    class Meta:
        model = AllowanceRule
        fields = ["id", "org", "level", "worker_status", "kind", "amount", "basis"]


class RuleViewSet(ScopedModelViewSet):
    """Allowance rules (津贴标准) per level and status."""

    serializer_class, filterset_class = HonourRuleSerializer, RuleFilterSet
    selector = staticmethod(selectors.rules_for)
    ordering_fields = ["level"]


def _create_run(user, instance, org=None, period=None, memo="", **data):
    if instance is not None:
        return services.update_run_memo(user, instance, memo)
    return services.create_run(user, org, period, memo)


class HonourRunSerializer(ScopedModelSerializer):
    service = staticmethod(_create_run)

    class Meta:
        model = PaymentRun
        fields = ["id", "org", "period", "memo", "status", "people", "total", "paid_on"]
        read_only_fields = ["status", "people", "total", "paid_on"]

    def validate(self, attrs):
        if self.instance is not None and "period" in attrs and attrs["period"] != self.instance.period:
            raise serializers.ValidationError({"period": _("The month of a run cannot change; draw up another.")})
        return attrs


class HonourPaySerializer(serializers.Serializer):
    paid_on = serializers.DateField(required=False)


class RunViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Allowance payment runs: the lines come from the rules."""

    serializer_class, filterset_class = HonourRunSerializer, RunFilterSet
    selector = staticmethod(selectors.runs_for)
    ordering_fields = ["period"]
    workflow_model = PaymentRun
    steps = {"pay": Step(lambda u, r, d: services.pay_run(u, r, d.get("paid_on")), serializer=HonourPaySerializer)}

    def perform_destroy(self, instance):
        if instance.status != "draft":
            raise ValidationError(_("A paid run cannot be deleted."))
        super().perform_destroy(instance)


class CareRoundSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_care_round)

    class Meta:
        model = CareRound
        fields = ["id", "org", "kind", "name", "year", "place", "starts_on", "ends_on", "places", "signed_up",
                  "attended", "status", "notes"]
        read_only_fields = ["signed_up", "attended", "status"]


class CareEnrolSerializer(serializers.Serializer):
    worker = serializers.IntegerField(help_text="The model worker to sign up.")


class CareWithdrawSerializer(serializers.Serializer):
    worker = serializers.IntegerField(help_text="The model worker whose sign-up is withdrawn.")


class CareAttendSerializer(serializers.Serializer):
    attended = serializers.ListField(child=serializers.IntegerField(), allow_empty=True,
                                     help_text="The model workers (ids) who went; the others are recorded absent.")


def _enrol(user, rnd, data):
    worker = ModelWorker.objects.for_user(user).filter(pk=data["worker"]).first()
    return services.enrol(user, rnd, worker)


def _withdraw(user, rnd, data):
    return services.withdraw(user, rnd, rnd.participants.filter(worker_id=data["worker"]).first())


def _attend(user, rnd, data):
    ids = set(rnd.participants.filter(worker_id__in=data["attended"]).values_list("pk", flat=True))
    if len(ids) != len(set(data["attended"])):
        raise ValidationError({"attended": _("Choose among those who signed up.")})
    return services.record_attendance(user, rnd, ids)


class CareRoundViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Rest trips (疗休养) and health checks (体检) for model workers: places, sign-up, attendance."""

    serializer_class, filterset_class = CareRoundSerializer, CareRoundFilterSet
    selector = staticmethod(selectors.care_rounds_for)
    ordering_fields = ["starts_on", "name"]
    workflow_model = CareRound
    steps = {
        "enrol": Step(_enrol, serializer=CareEnrolSerializer, description="Sign up a model worker."),
        "withdraw": Step(_withdraw, serializer=CareWithdrawSerializer, error_fields={"participant": "worker"},
                         description="Withdraw a sign-up."),
        "attend": Step(_attend, serializer=CareAttendSerializer, description="Record who went."),
    }


class SupportSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_support)
    amount = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = SupportRecord
        fields = ["id", "org", "worker", "kind", "occasion", "given_on", "amount", "beneficiary", "notes"]

    def validate_worker(self, worker):
        if not ModelWorker.objects.for_user(self.context["request"].user).filter(pk=worker.pk).exists():
            raise serializers.ValidationError(_("Choose one of the model workers in your part of the union tree."))
        return worker


class SupportViewSet(ScopedModelViewSet):
    """Visits (慰问), study grants (助学) and one-off awards given to model workers."""

    serializer_class, filterset_class = SupportSerializer, SupportFilterSet
    selector = staticmethod(selectors.support_for)
    ordering_fields = ["given_on", "amount"]

"""The API of hardship aid. The workflow steps are POST actions generated from the models' declared transitions
(``WorkflowActionsMixin``): each ``Step`` reads the body as the endpoint always has and calls the service."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedViewSetMixin, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import ArchiveFilterSet, CampaignFilterSet, EntryFilterSet, RecipientFilterSet
from ..models import AidCampaign, AidRecipient, HardshipArchive
from .serializers import (
    ArchiveSerializer,
    CampaignProgressSerializer,
    CampaignSerializer,
    EntrySerializer,
    HomeVisitBody,
    ObjectionBody,
    PaySerializer,
    ReasonBody,
    RecipientSerializer,
    ReviewBody,
    VerifyBody,
)


def _call(fn, *args, **kwargs):
    """A service's refusal answers 403 with its message (the rule, such as who approves)."""
    try:
        return fn(*args, **kwargs)
    except DjangoPermissionDenied as e:
        raise PermissionDenied(str(e)) from None


class StepsMixin(WorkflowActionsMixin):
    """Workflow steps whose refusal names the rule when the transition declares one (``denied``)."""

    def refuse_step(self, obj, transition, error):
        if transition.denied is not None:
            raise PermissionDenied(str(error)) from None
        super().refuse_step(obj, transition, error)

    def run_step(self, request, transition, step):
        return _call(super().run_step, request, transition, step)


class AssistObjectMixin:
    """A record is found in scope (404 outside); its household details need ``assist`` (403 otherwise)."""

    def get_object(self):
        obj = super().get_object()
        if not scope.can(self.request.user, "assist", obj.org):
            raise PermissionDenied()
        return obj


class NoDestroyViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                       mixins.UpdateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    pass


class ArchiveViewSet(StepsMixin, AssistObjectMixin, NoDestroyViewSet):
    """Hardship archives (建档立卡) where the caller may ``assist``; the workflow steps are POST actions."""

    serializer_class = ArchiveSerializer
    filterset_class = ArchiveFilterSet
    ordering_fields = ["created_at", "approved_on", "income_per_person", "next_review_due"]
    selector = staticmethod(selectors.archives_for)  # the list; details are found in scope, then need assist
    workflow_model = HardshipArchive
    steps = {
        "hardship_submit": Step(lambda user, a, d: services.submit_archive(user, a)),
        "home_visit": Step(
            lambda user, a, d: services.record_home_visit(
                user, a, date=d.get("date"), visitors=d.get("visitors", ""), findings=d.get("findings", ""),
                confirms_application=d.get("confirms_application", True), photos=d.get("photos", [])),
            serializer=HomeVisitBody,
            description="Record the home visit (入户核查); the first starts the verification."),
        "hardship_notice": Step(
            lambda user, a, d: services.complete_verification(
                user, a, tier=d.get("tier", ""), tier_reason=d.get("tier_reason", ""),
                public_notice=d.get("public_notice")),
            serializer=VerifyBody, description="Confirm the tier: to public notice (公示), or straight to approval."),
        "hardship_notice_end": Step(lambda user, a, d: services.end_notice(user, a, objection=d.get("objection", "")),
                                    serializer=ObjectionBody),
        "approve": Step(lambda user, a, d: services.approve_archive(user, a),
                        description="Approve (the level above): the archive becomes active."),
        "reject": Step(lambda user, a, d: services.reject_archive(user, a, reason=d.get("reason", "")),
                       serializer=ReasonBody),
        "hardship_close": Step(lambda user, a, d: services.close_archive(user, a, reason=d.get("reason", "")),
                               serializer=ReasonBody, description="Close (out of hardship) with the reason."),
        "hardship_review": Step(
            lambda user, a, d: services.review_archive(user, a, outcome=d.get("outcome", "continue"),
                                                       tier=d.get("tier", ""), note=d.get("note", "")),
            serializer=ReviewBody, description="The yearly review: continue, change the tier or close."),
    }

    def get_queryset(self):
        user = self.request.user
        qs = selectors.archives_for(user) if self.action == "list" else selectors.archives_visible(user)
        return qs.prefetch_related("household", "causes")

    def perform_update(self, serializer):
        _call(serializer.save)

    def perform_create(self, serializer):
        _call(serializer.save)


class CampaignViewSet(StepsMixin, ScopedModelViewSet):
    """Aid campaigns opened in the caller's scope or taking part in it."""

    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    selector = staticmethod(selectors.campaigns_for)
    ordering_fields = ["year", "opened_on"]
    http_method_names = ["get", "post", "head", "options"]
    workflow_model = AidCampaign
    steps = {"close": Step(lambda user, campaign, d: services.close_campaign(user, campaign))}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("participants__org")

    def perform_create(self, serializer):
        _call(serializer.save)

    @extend_schema(responses=CampaignProgressSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def progress(self, request, pk=None):
        rows = selectors.campaign_progress(self.get_object(), request.user)
        return Response([{"org": r["org"].pk, "org_code": r["org"].code,
                          "budget": None if r["budget"] is None else str(r["budget"]), "proposed": r["proposed"],
                          "approved": r["approved"], "planned": str(r["planned"]), "paid": str(r["paid"])}
                         for r in rows])


class RecipientViewSet(StepsMixin, AssistObjectMixin, NoDestroyViewSet):
    """Recipients where the caller may ``assist``; ``approve`` (level above), ``reject`` and ``pay``."""

    serializer_class = RecipientSerializer
    filterset_class = RecipientFilterSet
    ordering_fields = ["created_at", "amount"]
    http_method_names = ["get", "post", "head", "options"]
    selector = staticmethod(selectors.recipients_for)
    workflow_model = AidRecipient
    steps = {
        "approve": Step(lambda user, r, d: services.approve_recipient(user, r),
                        description="Approve (the level above)."),
        "reject": Step(lambda user, r, d: services.reject_recipient(user, r, d.get("reason", "")),
                       serializer=ReasonBody, description="Reject with the reason (the level above)."),
        "hardship_pay": Step(
            lambda user, r, d: services.record_payment(user, r, kind=d["kind"], amount=d["amount"],
                                                       paid_on=d.get("paid_on"), goods=d.get("goods", ""),
                                                       fund_org=d.get("fund_org")),
            serializer=PaySerializer, description="Record cash, goods or a shopping card given."),
    }

    def get_queryset(self):
        user = self.request.user
        qs = selectors.recipients_for(user) if self.action == "list" else selectors.recipients_visible(user)
        return qs.prefetch_related("payments")

    def perform_create(self, serializer):
        _call(serializer.save)


class EntryViewSet(ScopedModelViewSet):
    """The assistance fund ledger: income (POST kind=income) and allocations (kind=allocation_out)."""

    serializer_class = EntrySerializer
    filterset_class = EntryFilterSet
    selector = staticmethod(selectors.entries_for)
    ordering_fields = ["date", "amount"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        _call(serializer.save)

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedViewSetMixin

from .. import selectors, services
from ..filtersets import ArchiveFilterSet, CampaignFilterSet, EntryFilterSet, RecipientFilterSet
from .serializers import ArchiveSerializer, CampaignSerializer, EntrySerializer, PaySerializer, RecipientSerializer


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DjangoPermissionDenied as e:
        raise PermissionDenied(str(e)) from None


class NoDestroyViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                       mixins.UpdateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    pass


class ArchiveViewSet(NoDestroyViewSet):
    """Hardship archives (建档立卡) where the caller may ``assist``; the workflow steps are POST actions."""

    serializer_class = ArchiveSerializer
    filterset_class = ArchiveFilterSet
    ordering_fields = ["created_at", "approved_on", "income_per_person", "next_review_due"]

    def get_queryset(self):
        qs = selectors.archives_visible(self.request.user) if self.action != "list" else selectors.archives_for(self.request.user)
        return qs.prefetch_related("household", "causes")

    selector = staticmethod(selectors.archives_for)  # the list; details are found in scope, then need assist

    def get_object(self):
        obj = super().get_object()
        if not scope.can(self.request.user, "assist", obj.org):
            raise PermissionDenied()
        return obj

    def perform_update(self, serializer):
        _call(serializer.save)

    def perform_create(self, serializer):
        _call(serializer.save)

    def _step(self, request, fn, **kwargs):
        obj = self.get_object()
        _call(fn, request.user, obj, **kwargs)
        obj.refresh_from_db()
        return Response(self.get_serializer(obj).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, services.submit_archive)

    @action(detail=True, methods=["post"], url_path="home-visit")
    def home_visit(self, request, pk=None):
        from django.utils.dateparse import parse_date

        d = request.data
        return self._step(request, services.record_home_visit, date=parse_date(d.get("date") or "") or None,
                          visitors=d.get("visitors", ""), findings=d.get("findings", ""),
                          confirms_application=str(d.get("confirms_application", "true")).lower() in ("1", "true", "yes"),
                          photos=request.FILES.getlist("photos"))

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        d = request.data
        notice = d.get("public_notice")
        return self._step(request, services.complete_verification, tier=d.get("tier", ""),
                          tier_reason=d.get("tier_reason", ""),
                          public_notice=None if notice is None else str(notice).lower() in ("1", "true", "yes"))

    @action(detail=True, methods=["post"], url_path="end-notice")
    def end_notice(self, request, pk=None):
        return self._step(request, services.end_notice, objection=request.data.get("objection", ""))

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, services.approve_archive)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._step(request, services.reject_archive, reason=request.data.get("reason", ""))

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, services.close_archive, reason=request.data.get("reason", ""))

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        d = request.data
        return self._step(request, services.review_archive, outcome=d.get("outcome", "continue"), tier=d.get("tier", ""),
                          note=d.get("note", ""))


class CampaignViewSet(ScopedModelViewSet):
    """Aid campaigns opened in the caller's scope or taking part in it."""

    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    selector = staticmethod(selectors.campaigns_for)
    ordering_fields = ["year", "opened_on"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("participants__org")

    def perform_create(self, serializer):
        _call(serializer.save)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        obj = self.get_object()
        _call(services.close_campaign, request.user, obj)
        return Response(self.get_serializer(obj).data)

    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        rows = selectors.campaign_progress(self.get_object(), request.user)
        return Response([{"org": r["org"].pk, "org_code": r["org"].code, "budget": None if r["budget"] is None else str(r["budget"]),
                          "proposed": r["proposed"], "approved": r["approved"], "planned": str(r["planned"]),
                          "paid": str(r["paid"])} for r in rows])


class RecipientViewSet(NoDestroyViewSet):
    """Recipients where the caller may ``assist``; ``approve`` (level above), ``reject`` and ``pay``."""

    serializer_class = RecipientSerializer
    filterset_class = RecipientFilterSet
    ordering_fields = ["created_at", "amount"]
    http_method_names = ["get", "post", "head", "options"]

    selector = staticmethod(selectors.recipients_for)

    def get_queryset(self):
        from ..views import _recipients_visible

        qs = selectors.recipients_for(self.request.user) if self.action == "list" else _recipients_visible(self.request.user)
        return qs.prefetch_related("payments")

    def get_object(self):
        obj = super().get_object()
        if not scope.can(self.request.user, "assist", obj.org):
            raise PermissionDenied()
        return obj

    def perform_create(self, serializer):
        _call(serializer.save)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        obj = self.get_object()
        _call(services.approve_recipient, request.user, obj)
        return Response(self.get_serializer(obj).data)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        obj = self.get_object()
        _call(services.reject_recipient, request.user, obj, request.data.get("reason", ""))
        return Response(self.get_serializer(obj).data)

    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        obj = self.get_object()
        s = PaySerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        d = s.validated_data
        _call(services.record_payment, request.user, obj, kind=d["kind"], amount=d["amount"], paid_on=d.get("paid_on"),
              goods=d.get("goods", ""), fund_org=d.get("fund_org"))
        obj.refresh_from_db()
        return Response(self.get_serializer(obj).data)


class EntryViewSet(ScopedModelViewSet):
    """The assistance fund ledger: income (POST kind=income) and allocations (kind=allocation_out)."""

    serializer_class = EntrySerializer
    filterset_class = EntryFilterSet
    selector = staticmethod(selectors.entries_for)
    ordering_fields = ["date", "amount"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        _call(serializer.save)

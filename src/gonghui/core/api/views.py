from django.apps import apps
from django.http import JsonResponse
from django.utils import timezone
from django.views.defaults import page_not_found
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.core import alerts, search, workbench
from gonghui.core.filtersets import AuditLogFilterSet
from gonghui.core.selectors import audit_log_for

from .serializers import AuditLogSerializer
from .viewsets import ScopedReadOnlyViewSet, is_record_id


class AuditLogViewSet(ScopedReadOnlyViewSet):
    """The change log, as far as the caller's scope reaches."""

    serializer_class = AuditLogSerializer
    filterset_class = AuditLogFilterSet
    ordering_fields = ["timestamp"]
    selector = staticmethod(audit_log_for)


class SearchResultSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField()
    description = serializers.CharField()


class SearchGroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    results = SearchResultSerializer(many=True)
    more = serializers.BooleanField(help_text="more than shown: list_url opens them all")
    list_url = serializers.CharField()


class SearchResponseSerializer(serializers.Serializer):
    q = serializers.CharField()
    groups = SearchGroupSerializer(many=True)


class SearchView(APIView):
    """The header's search over the caller's scope: members (name, ID number, phone, member number), organisations
    and units (name or code), cases (reference); at most five of each, masked as the lists mask them."""

    @extend_schema(parameters=[OpenApiParameter("q", str, description="what to look for (up to 100 characters)")],
                   responses={200: SearchResponseSerializer})
    def get(self, request):
        query = search.clean_query(request.query_params.get("q"))
        groups = search.search(request._request, query)
        return Response({"q": query, "groups": [
            {"key": g.source.key, "label": str(g.source.label), "more": g.more, "list_url": g.list_url,
             "results": [{"text": text, "url": url, "description": description}
                         for text, url, description in g.results]} for g in groups]})


def not_found(request, exception=None):
    """404 for a URL that matches nothing: under ``/api/`` the API's JSON answer (an id no record can have, such as
    ``1.5``, never reaches a view), elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404,
                            json_dumps_params={"ensure_ascii": False})
    return page_not_found(request, exception)


class TodoRecordSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField()
    when = serializers.CharField(allow_null=True)


class TodoItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    url = serializers.CharField()
    urgency = serializers.ChoiceField(choices=workbench.URGENCIES)
    records = TodoRecordSerializer(many=True)


class KeyFigureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The indicator's key (/api/v1/stats/indicators/).")
    label = serializers.CharField()
    unit = serializers.CharField()
    kind = serializers.CharField(help_text="count, or ratio (a rate in percent).")
    note = serializers.CharField(help_text="What it counts beyond its name (since 1 January, today).")
    value = serializers.FloatField(allow_null=True)
    previous = serializers.FloatField(allow_null=True, help_text="The same figure on previous_on.")
    previous_on = serializers.DateField(allow_null=True, help_text="Null when no earlier figure was kept.")
    change = serializers.FloatField(allow_null=True)
    trend = serializers.CharField(help_text="up, down, same, or empty without an earlier figure.")
    higher_is_better = serializers.BooleanField()
    url = serializers.CharField(allow_null=True, help_text="The records behind the figure.")


class WorkbenchSerializer(serializers.Serializer):
    urgency = serializers.DictField(child=serializers.IntegerField())
    todo = TodoItemSerializer(many=True)
    figures = KeyFigureSerializer(many=True)


def _number(value):
    return None if value is None else (value if isinstance(value, int) else float(value))


class WorkbenchView(APIView):
    """The caller's to-do list across every area (``AreaConfig.todo``), most urgent first, with counts by urgency
    (overdue, due, open); each line links to its list and to its first records. ``figures``: the key figures of
    the caller's scope (the indicators of those keys), each with the same figure at the last month end."""

    @extend_schema(responses={200: WorkbenchSerializer})
    def get(self, request):
        today = timezone.localdate()
        items = workbench.todo(request.user, today)
        return Response({"urgency": workbench.urgency_counts(items), "todo": [
            {"key": i.key, "label": str(i.label), "count": i.count, "url": i.url, "urgency": i.urgency,
             "records": [{"text": text, "url": url, "when": when.isoformat() if when else None}
                         for text, url, when in i.records]} for i in items],
            "figures": [
                {"key": f.key, "label": str(f.label), "unit": str(f.unit), "kind": f.kind, "note": str(f.note),
                 "value": _number(f.value), "previous": _number(f.previous),
                 "previous_on": f.previous_on.isoformat() if f.previous_on else None, "change": _number(f.change),
                 "trend": f.trend, "higher_is_better": f.higher_is_better, "url": f.url}
                for f in workbench.key_figures(request.user, today)]})


class RecordAlertSerializer(serializers.Serializer):
    key = serializers.CharField()
    level = serializers.CharField()
    message = serializers.CharField()
    url = serializers.CharField()


class RecordAlertsView(APIView):
    """What other areas flag on one record (``gonghui.core.alerts``): the record must be in the caller's scope."""

    @extend_schema(parameters=[OpenApiParameter("model", str, description="the record's model label (rights.case)"),
                               OpenApiParameter("id", int, description="the record's id")],
                   responses={200: RecordAlertSerializer(many=True)})
    def get(self, request):
        try:
            model = apps.get_model(request.query_params.get("model", ""))
        except (LookupError, ValueError):
            raise NotFound() from None
        pk = request.query_params.get("id", "")
        if not alerts.providers_for(model) or not is_record_id(pk) or not hasattr(model.objects, "for_user"):
            raise NotFound()
        obj = model.objects.for_user(request.user).filter(pk=int(pk)).first()
        if obj is None:
            raise NotFound()
        return Response([{"key": a.key, "level": a.level, "message": str(a.message), "url": a.url}
                         for a in alerts.alerts_for(request.user, obj)])

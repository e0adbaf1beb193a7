from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser

from gonghui.core.api.parsers import JSONParser
from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import InspectionFilterSet, ItemFilterSet, PostingFilterSet, ProblemFilterSet, SystemFilterSet
from ..models import Posting, Problem
from . import serializers as s


class SystemViewSet(ScopedModelViewSet):
    """Employers' open-affairs systems (厂务公开制度); the rules document is uploaded as multipart."""

    serializer_class = s.OpenAffairsSystemSerializer
    filterset_class = SystemFilterSet
    selector = staticmethod(selectors.systems_for)
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    ordering_fields = ["established_on", "updated_at"]

    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        return self.get_object().download()


class ItemViewSet(ScopedModelViewSet):
    """The disclosure catalogue (公开目录)."""

    serializer_class = s.DisclosureItemSerializer
    filterset_class = ItemFilterSet
    selector = staticmethod(selectors.items_for)
    ordering_fields = ["title", "since", "updated_at"]


class PostingViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """The posting log: one posting per item and period; ``post`` records a due period's posting."""

    serializer_class = s.DisclosurePostingSerializer
    filterset_class = PostingFilterSet
    selector = staticmethod(selectors.postings_for)
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    ordering_fields = ["period_end", "posted_on"]
    workflow_model = Posting
    steps = {"post": Step(lambda user, p, d: services.post(user, p, **d), serializer=s.PostDisclosureSerializer,
                          description="Record the posting of a due period.")}

    @action(detail=True, methods=["get"])
    def evidence(self, request, pk=None):
        return self.get_object().download()


class InspectionViewSet(ScopedModelViewSet):
    serializer_class = s.OpenAffairsInspectionSerializer
    filterset_class = InspectionFilterSet
    selector = staticmethod(selectors.inspections_for)
    ordering_fields = ["inspected_on"]


class ProblemViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Problems found by inspections: rectify, verify, or reopen when the fix is not accepted."""

    serializer_class = s.InspectionProblemSerializer
    filterset_class = ProblemFilterSet
    selector = staticmethod(selectors.problems_for)
    ordering_fields = ["deadline"]
    workflow_model = Problem
    steps = {
        "rectify": Step(lambda user, p, d: services.rectify(user, p, **d), serializer=s.RectifyProblemSerializer,
                        description="Record the rectification."),
        "verify": Step(lambda user, p, d: services.verify(user, p), description="Verify the rectification."),
        "reopen": Step(lambda user, p, d: services.reopen(user, p, reason=d["reason"]),
                       serializer=s.ReopenProblemSerializer, description="Reopen: the rectification is not accepted."),
    }

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied

from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import SuggestionFilterSet
from ..models import Suggestion
from .serializers import AnswerSerializer, SuggestionSerializer


class SuggestionViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Suggestions to the unions of the caller's subtree. Members write them in the portal (no create here) and they
    are never deleted; officials PATCH the ``category``, POST ``answer`` with ``{"answer": "..."}`` and ``close``."""

    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilterSet
    selector = staticmethod(selectors.suggestions_for)
    ordering_fields = ["submitted_at", "answered_at", "answer_days"]
    workflow_model = Suggestion
    steps = {"answer": Step(lambda user, s, d: services.answer_suggestion(user, s, d["answer"]),
                            serializer=AnswerSerializer)}

    def create(self, request, *args, **kwargs):
        raise PermissionDenied(_("Suggestions are written by members in the portal."))

    def perform_destroy(self, instance):
        raise PermissionDenied(_("Suggestions are kept; close one instead."))

from gonghui.core.api.viewsets import ScopedReadOnlyViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import SuggestionFilterSet
from ..models import Suggestion
from .serializers import AnswerSerializer, SuggestionSerializer


class SuggestionViewSet(WorkflowActionsMixin, ScopedReadOnlyViewSet):
    """Suggestions to the unions of the caller's subtree (members write them in the portal). POST ``answer`` with
    ``{"answer": "..."}``; ``close`` once answered."""

    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilterSet
    selector = staticmethod(selectors.suggestions_for)
    ordering_fields = ["submitted_at", "answered_at", "answer_days"]
    workflow_model = Suggestion
    steps = {"answer": Step(lambda user, s, d: services.answer_suggestion(user, s, d["answer"]),
                            serializer=AnswerSerializer)}

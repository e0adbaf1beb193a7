from django.utils.translation import gettext_lazy

from gonghui.core.views import ObjectActionView, ObjectDetailView, ObjectEditView, ObjectListView

from . import selectors, services
from .filtersets import SuggestionFilterSet
from .forms import AnswerForm, CategoryForm
from .tables import SuggestionTable


class SuggestionListView(ObjectListView):
    selector = staticmethod(selectors.suggestions_for)
    table_class, filterset_class = SuggestionTable, SuggestionFilterSet
    title, export_name = gettext_lazy("Suggestions"), "suggestions"


class SuggestionDetailView(ObjectDetailView):
    template_name = "suggestions/suggestion_detail.html"
    selector = staticmethod(selectors.suggestions_for)
    list_url_name, edit_url_name = "suggestions:suggestion_list", "suggestions:suggestion_edit"


class SuggestionEditView(ObjectEditView):
    """Officials correct the category; what the member wrote is never edited."""

    selector = staticmethod(selectors.suggestions_for)
    form_class, list_url_name = CategoryForm, "suggestions:suggestion_list"
    title_edit = gettext_lazy("Change the category")


class SuggestionAnswerView(ObjectActionView):
    selector = staticmethod(selectors.suggestions_for)
    transition = "answer"
    title = gettext_lazy("Answer the suggestion")
    message = gettext_lazy("The member reads the answer in the portal.")
    success_message = gettext_lazy("The answer has been sent.")
    form_class = AnswerForm
    service, service_fields = services.answer_suggestion, ("answer",)

    def initial(self, obj):
        return {"answer": obj.answer}


class SuggestionCloseView(ObjectActionView):
    selector = staticmethod(selectors.suggestions_for)
    transition = "close"
    title = gettext_lazy("Close the suggestion")
    message = gettext_lazy("The answer can no longer be changed.")
    success_message = gettext_lazy("The suggestion has been closed.")
    service = services.close_suggestion

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem, PortalLink
from gonghui.core.search import SearchSource


class SuggestionsConfig(AreaConfig):
    name = "gonghui.suggestions"
    verbose_name = _("Suggestion box")
    url_prefix = "suggestions/"
    todo = "gonghui.suggestions.selectors.workbench_todo"
    nav = (NavItem(_("Suggestions"), "suggestions:suggestion_list", order=20, menu="outreach"),)
    api_routes = (("suggestions", "gonghui.suggestions.api.views.SuggestionViewSet"),)
    portal_links = (PortalLink(_("Suggestion box"), "suggestions_portal:home", "suggestions", order=75,
                               description=_("Write to your union, by name or anonymously, and read its answer.")),)
    search = (SearchSource("suggestions", _("Suggestions"), "gonghui.suggestions.views.SuggestionListView",
                           "suggestions:suggestion_list", order=75,
                           describe=lambda s: f"{s.org.name} · {s.get_status_display()}"),)

"""Pages of democratic management: employers' congress systems, congresses, delegates, sessions with their agenda
and votes, motions, the employer rules register and star ratings."""

from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.forms import ReasonForm
from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from . import forms, selectors, services
from .filtersets import (
    CongressFilterSet,
    DelegateFilterSet,
    EmployerFilterSet,
    MotionFilterSet,
    RuleFilterSet,
    SessionFilterSet,
    SetupFilterSet,
    StarFilterSet,
)
from .tables import (
    CongressTable,
    DelegateTable,
    EmployerTable,
    MotionTable,
    RuleTable,
    SessionTable,
    SetupTable,
    StarTable,
)


class PrefillMixin:
    """An add page opened from a record's page starts with that record chosen (``?congress=<id>``)."""

    prefill = ()

    def get_initial(self):
        return {name: self.request.GET[name] for name in self.prefill if self.request.GET.get(name, "").isdigit()}


# --- employers and their congress system ------------------------------------------------------------------------------


class EmployerListView(ObjectListView):
    title = _("Employers and their congress system")
    export_name = "congress-employers"
    selector = staticmethod(selectors.employers_for)
    filterset_class, table_class = EmployerFilterSet, EmployerTable
    add_url_name = "democracy:setup_add"


class SetupListView(ObjectListView):
    title = _("Congress systems")
    export_name = "congress-systems"
    selector = staticmethod(selectors.setups_for)
    filterset_class, table_class = SetupFilterSet, SetupTable
    add_url_name = "democracy:setup_add"


class SetupDetailView(ObjectDetailView):
    selector = staticmethod(selectors.setups_for)
    template_name = "democracy/setup_detail.html"
    list_url_name, edit_url_name = "democracy:setup_list", "democracy:setup_edit"
    fields = ("unit", "org", "form", "body", "established_on", "note")


class SetupEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.setups_for)
    form_class, list_url_name = forms.SetupForm, "democracy:setup_list"
    title_add, title_edit = _("Record an employer's congress system"), _("Edit the congress system")
    prefill = ("unit",)


class SetupDownloadView(DownloadView):
    selector = staticmethod(selectors.setups_for)


# --- congresses and delegates -----------------------------------------------------------------------------------------


class CongressListView(ObjectListView):
    title = _("Congresses")
    export_name = "congresses"
    selector = staticmethod(selectors.congresses_for)
    filterset_class, table_class = CongressFilterSet, CongressTable
    add_url_name = "democracy:congress_add"


class CongressDetailView(ObjectDetailView):
    selector = staticmethod(selectors.congresses_for)
    template_name = "democracy/congress_detail.html"
    list_url_name, edit_url_name = "democracy:congress_list", "democracy:congress_edit"

    def get_object_context(self, congress):
        return {
            "composition": services.composition(congress),
            "sessions": list(selectors.sessions_for(self.request.user).filter(congress=congress)
                             .order_by("number", "id")),
            "delegates": list(selectors.delegates_for(self.request.user).filter(congress=congress)[:200]),
            "motions": list(selectors.motions_for(self.request.user).filter(congress=congress)[:100]),
            "stars": list(selectors.stars_for(self.request.user).filter(congress=congress)),
        }


class CongressEditView(ObjectEditView):
    selector = staticmethod(selectors.congresses_for)
    form_class, list_url_name = forms.CongressForm, "democracy:congress_list"
    title_add, title_edit = _("Open a congress term"), _("Edit the congress")


class DelegateListView(ObjectListView):
    title = _("Delegates")
    export_name = "congress-delegates"
    selector = staticmethod(selectors.delegates_for)
    filterset_class, table_class = DelegateFilterSet, DelegateTable
    add_url_name = "democracy:delegate_add"


class DelegateDetailView(ObjectDetailView):
    selector = staticmethod(selectors.delegates_for)
    list_url_name = "democracy:delegate_list"
    edit_url_name, delete_url_name = "democracy:delegate_edit", "democracy:delegate_delete"
    fields = ("member", "congress", "constituency", "category", (_("union"), "member__org"))


class DelegateEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.delegates_for)
    form_class, list_url_name = forms.DelegateForm, "democracy:delegate_list"
    title_add, title_edit = _("Add a delegate"), _("Edit the delegate")
    prefill = ("congress",)


class DelegateDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.delegates_for)
    list_url_name = "democracy:delegate_list"


# --- sessions, agenda and votes ---------------------------------------------------------------------------------------


class SessionListView(ObjectListView):
    title = _("Congress sessions")
    export_name = "congress-sessions"
    selector = staticmethod(selectors.sessions_for)
    filterset_class, table_class = SessionFilterSet, SessionTable
    add_url_name = "democracy:session_add"


class SessionDetailView(ObjectDetailView):
    selector = staticmethod(selectors.sessions_for)
    template_name = "democracy/session_detail.html"
    list_url_name, edit_url_name = "democracy:session_list", "democracy:session_edit"

    def get_object_context(self, session):
        items = list(session.items.prefetch_related("rules__unit"))
        return {"items": items, "editable": not session.is_closed and self.context["can_change"],
                "can_vote": session.status == "held" and session.has_quorum and self.context["can_change"]}


class SessionEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.sessions_for)
    form_class, list_url_name = forms.SessionForm, "democracy:session_list"
    title_add, title_edit = _("Plan a session"), _("Edit the session")
    prefill = ("congress",)


class SessionHoldView(ObjectActionView):
    selector = staticmethod(selectors.sessions_for)
    transition = "hold"
    form_class = forms.HoldForm
    message = _("Two thirds of the delegates must be present for the session to pass anything.")
    success_message = _("The session is recorded as held.")
    service, service_fields = services.hold_session, ("held_on", "delegates_present")


class SessionCloseView(ObjectActionView):
    selector = staticmethod(selectors.sessions_for)
    transition = "close"
    danger = True
    message = _("A closed session is read-only: its agenda, votes and resolutions can no longer change.")
    success_message = _("The session is closed.")
    service = services.close_session


class ItemAddView(ObjectActionView):
    """An agenda item put to the session (a page of the session)."""

    selector = staticmethod(selectors.sessions_for)
    form_class = forms.ItemForm
    title = _("Add an agenda item")
    success_message = _("The item is on the agenda.")

    def form_kwargs(self, obj):
        return {"user": self.request.user, "session": obj}

    def perform(self, obj, form):
        return form.save()


class ItemVoteView(ObjectActionView):
    selector = staticmethod(selectors.items_for)
    form_class = forms.VoteForm
    title = _("Record the vote")
    message = _("The item passes when more than half of all the delegates of the congress vote for it.")
    success_message = _("The vote is recorded.")
    service, service_fields = services.record_vote, ("votes_for", "votes_against", "votes_abstain", "resolution")

    def initial(self, obj):
        return {"resolution": obj.resolution}


# --- motions ----------------------------------------------------------------------------------------------------------


class MotionListView(ObjectListView):
    title = _("Motions")
    export_name = "congress-motions"
    selector = staticmethod(selectors.motions_for)
    filterset_class, table_class = MotionFilterSet, MotionTable
    add_url_name = "democracy:motion_add"


class MotionDetailView(ObjectDetailView):
    selector = staticmethod(selectors.motions_for)
    list_url_name, edit_url_name = "democracy:motion_list", "democracy:motion_edit"
    fields = ("number", "congress", "filer_name", "filed_on", "title", "content", "status", "decision_reason",
              "department", "reply_due", "reply", "replied_on", "implemented_on", "implementation", "rating")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = ctx["can_change"] and ctx["object"].status == "filed"  # edits only before the decision
        return ctx


class MotionEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.motions_for)
    form_class, list_url_name = forms.MotionForm, "democracy:motion_list"
    title_add, title_edit = _("File a motion"), _("Edit the motion")
    prefill = ("congress",)


class MotionStepView(ObjectActionView):
    selector = staticmethod(selectors.motions_for)


class MotionAcceptView(MotionStepView):
    transition = "accept"
    success_message = _("The motion is accepted.")
    service = services.accept_motion


class MotionOpinionView(MotionStepView):
    transition = "make_opinion"
    form_class = ReasonForm
    message = _("It is handled as a delegate's opinion, not a motion; the filer is told why.")
    success_message = _("The motion is turned into an opinion.")
    service, service_fields = services.make_opinion, ("reason",)


class MotionAssignView(MotionStepView):
    transition = "assign"
    form_class = forms.AssignForm
    success_message = _("The motion is assigned.")
    service, service_fields = services.assign_motion, ("department", "reply_due")


class MotionAnswerView(MotionStepView):
    transition = "answer"
    form_class = forms.AnswerForm
    success_message = _("The reply is recorded.")
    service, service_fields = services.answer_motion, ("reply", "replied_on")


class MotionImplementView(MotionStepView):
    transition = "implement"
    form_class = forms.ImplementForm
    success_message = _("The motion is recorded as implemented.")
    service, service_fields = services.implement_motion, ("implemented_on", "implementation")


class MotionRateView(MotionStepView):
    transition = "rate"
    form_class = forms.RateForm
    success_message = _("The filer's rating is recorded.")
    service, service_fields = services.rate_motion, ("rating",)


# --- the employer rules register and stars ----------------------------------------------------------------------------


class RuleListView(ObjectListView):
    title = _("Employer rules register")
    export_name = "employer-rules"
    selector = staticmethod(selectors.rules_for)
    filterset_class, table_class = RuleFilterSet, RuleTable
    add_url_name = "democracy:rule_add"


class RuleDetailView(ObjectDetailView):
    selector = staticmethod(selectors.rules_for)
    template_name = "democracy/rule_detail.html"
    list_url_name, edit_url_name = "democracy:rule_list", "democracy:rule_edit"
    fields = ("unit", "org", "kind", "title", "adopted_on", "item", "note")


class RuleEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.rules_for)
    form_class, list_url_name = forms.RuleForm, "democracy:rule_list"
    title_add, title_edit = _("Register an employer rule"), _("Edit the rule")
    prefill = ("unit", "item")


class StarListView(ObjectListView):
    title = _("Star congresses")
    export_name = "star-congresses"
    selector = staticmethod(selectors.stars_for)
    filterset_class, table_class = StarFilterSet, StarTable
    add_url_name = "democracy:star_add"


class StarDetailView(ObjectDetailView):
    selector = staticmethod(selectors.stars_for)
    list_url_name, edit_url_name = "democracy:star_list", "democracy:star_edit"
    fields = ("congress", "year", "stars", "rated_by", "rated_on", "evidence")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = scope.can(self.request.user, "change", ctx["object"].rated_by)
        return ctx


class StarEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.stars_for)
    form_class, list_url_name = forms.StarForm, "democracy:star_list"
    title_add, title_edit = _("Rate a congress"), _("Edit the star rating")
    prefill = ("congress",)

    def get_object_or_none(self):
        if "pk" not in self.kwargs:
            return None
        obj = self.get_object()
        self.require("change", obj.rated_by)  # the union above rates
        return obj

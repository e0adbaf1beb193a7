"""Pages of competitions and mass innovation: labour competitions and their participants, skill contests and their
entrants (winners sent up a level), rationalisation proposals with their workflow, innovations and studios."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.views import ObjectActionView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from . import forms, selectors, services
from .filtersets import (
    AssociationFilterSet,
    CompetitionFilterSet,
    ContestFilterSet,
    EntrantFilterSet,
    InnovationFilterSet,
    MentorshipFilterSet,
    ParticipantFilterSet,
    ProposalFilterSet,
    StudioFilterSet,
)
from .models import Mentorship, TechAssociation
from .tables import (
    AssociationTable,
    CompetitionTable,
    ContestTable,
    EntrantTable,
    InnovationTable,
    MentorshipTable,
    ParticipantTable,
    ProposalTable,
    StudioTable,
)


class PrefillMixin:
    """An add page opened from a record's page starts with that record chosen (``?contest=<id>``)."""

    prefill = ()

    def get_initial(self):
        return {name: self.request.GET[name] for name in self.prefill if self.request.GET.get(name, "").isdigit()}


# --- labour competitions ----------------------------------------------------------------------------------------------


class CompetitionListView(ObjectListView):
    title = _("Labour competitions")
    export_name = "labour-competitions"
    selector = staticmethod(selectors.competitions_for)
    filterset_class, table_class = CompetitionFilterSet, CompetitionTable
    add_url_name = "competitions:competition_add"


class CompetitionDetailView(ObjectDetailView):
    selector = staticmethod(selectors.competitions_for)
    template_name = "competitions/competition_detail.html"
    list_url_name, edit_url_name = "competitions:competition_list", "competitions:competition_edit"
    delete_url_name = "competitions:competition_delete"
    fields = ("org", "title", "kind", "starts_on", "ends_on", "stages", "description", "results")

    def get_object_context(self, competition):
        return {"participants": list(selectors.participants_for(self.request.user)
                                     .filter(competition=competition).order_by("rank", "id")[:200])}


class CompetitionEditView(ObjectEditView):
    selector = staticmethod(selectors.competitions_for)
    form_class, list_url_name = forms.CompetitionForm, "competitions:competition_list"
    title_add, title_edit = _("Launch a labour competition"), _("Edit the competition")


class CompetitionDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.competitions_for)
    list_url_name = "competitions:competition_list"


class ParticipantListView(ObjectListView):
    title = _("Competition participants")
    export_name = "competition-participants"
    selector = staticmethod(selectors.participants_for)
    filterset_class, table_class = ParticipantFilterSet, ParticipantTable
    add_url_name = "competitions:participant_add"


class ParticipantDetailView(ObjectDetailView):
    selector = staticmethod(selectors.participants_for)
    list_url_name, edit_url_name = "competitions:participant_list", "competitions:participant_edit"
    delete_url_name = "competitions:participant_delete"
    fields = ("competition", "org", "kind", "name", "employer_name", "headcount", "score", "rank", "result")


class ParticipantEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.participants_for)
    form_class, list_url_name = forms.ParticipantForm, "competitions:participant_list"
    title_add, title_edit = _("Enter a participant"), _("Edit the participant")
    prefill = ("competition",)


class ParticipantDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.participants_for)
    list_url_name = "competitions:participant_list"


# --- skill contests ---------------------------------------------------------------------------------------------------


class ContestListView(ObjectListView):
    title = _("Skill contests")
    export_name = "skill-contests"
    selector = staticmethod(selectors.contests_for)
    filterset_class, table_class = ContestFilterSet, ContestTable
    add_url_name = "competitions:contest_add"


class ContestDetailView(ObjectDetailView):
    selector = staticmethod(selectors.contests_for)
    template_name = "competitions/contest_detail.html"
    list_url_name, edit_url_name = "competitions:contest_list", "competitions:contest_edit"
    fields = ("org", "title", "trade", "level", "held_on", "next_level", "note")

    def get_object_context(self, contest):
        return {"entrants": list(selectors.entrants_for(self.request.user).filter(contest=contest)
                                 .select_related("sent_up")[:300])}


class ContestEditView(ObjectEditView):
    selector = staticmethod(selectors.contests_for)
    form_class, list_url_name = forms.ContestForm, "competitions:contest_list"
    title_add, title_edit = _("Hold a skill contest"), _("Edit the contest")


class EntrantListView(ObjectListView):
    title = _("Contest entrants")
    export_name = "contest-entrants"
    selector = staticmethod(selectors.entrants_for)
    filterset_class, table_class = EntrantFilterSet, EntrantTable
    add_url_name = "competitions:entrant_add"


class EntrantDetailView(ObjectDetailView):
    selector = staticmethod(selectors.entrants_for)
    template_name = "competitions/entrant_detail.html"
    list_url_name, edit_url_name = "competitions:entrant_list", "competitions:entrant_edit"
    delete_url_name = "competitions:entrant_delete"
    fields = ("contest", "worker_name", "employer_name", "round", "score", "rank", "title", "grade_before",
              "grade_after", "sent_from")


class EntrantEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.entrants_for)
    form_class, list_url_name = forms.EntrantForm, "competitions:entrant_list"
    title_add, title_edit = _("Enter a worker"), _("Edit the entrant")
    prefill = ("contest",)


class EntrantDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.entrants_for)
    list_url_name = "competitions:entrant_list"


class EntrantSendUpView(ObjectActionView):
    selector = staticmethod(selectors.entrants_for)
    title = _("Send up to the next level's contest")
    message = _("The worker is entered in the next level's contest of the same trade, linked to this entry.")
    success_message = _("The winner is sent up to the next level's contest.")
    service = services.send_up

    def success_url(self, obj, result):
        return obj.get_absolute_url()


# --- rationalisation proposals ----------------------------------------------------------------------------------------


class ProposalListView(ObjectListView):
    title = _("Rationalisation proposals")
    export_name = "rationalisation-proposals"
    selector = staticmethod(selectors.proposals_for)
    filterset_class, table_class = ProposalFilterSet, ProposalTable
    add_url_name = "competitions:proposal_add"


class ProposalDetailView(ObjectDetailView):
    selector = staticmethod(selectors.proposals_for)
    list_url_name, edit_url_name = "competitions:proposal_list", "competitions:proposal_edit"
    fields = ("number", "org", "title", "content", "category", "unit_name", "author_name", "co_authors", "filed_on",
              "status", "score", "evaluation", "decision_reason", "decided_on", "implemented_on", "value", "reward")


class ProposalEditView(ObjectEditView):
    selector = staticmethod(selectors.proposals_for)
    form_class, list_url_name = forms.ProposalForm, "competitions:proposal_list"
    title_add, title_edit = _("File a proposal"), _("Edit the proposal")


class ProposalStepView(ObjectActionView):
    selector = staticmethod(selectors.proposals_for)


class ProposalEvaluateView(ProposalStepView):
    transition = "evaluate"
    form_class = forms.EvaluateForm
    success_message = _("The evaluation is recorded.")
    service, service_fields = services.evaluate_proposal, ("score", "evaluation")


class ProposalAdoptView(ProposalStepView):
    transition = "adopt"
    form_class = forms.AdoptForm
    success_message = _("The proposal is adopted.")
    service, service_fields = services.adopt_proposal, ("decided_on", "reason")


class ProposalRejectView(ProposalStepView):
    transition = "reject"
    form_class = forms.RejectForm
    danger = True
    success_message = _("The proposal is recorded as not adopted.")
    service, service_fields = services.reject_proposal, ("reason",)


class ProposalImplementView(ProposalStepView):
    transition = "implement"
    form_class = forms.ImplementForm
    success_message = _("The proposal is recorded as implemented.")
    service, service_fields = services.implement_proposal, ("implemented_on", "value", "reward")


# --- innovations and studios ------------------------------------------------------------------------------------------


class InnovationListView(ObjectListView):
    title = _("Innovations")
    export_name = "innovations"
    selector = staticmethod(selectors.innovations_for)
    filterset_class, table_class = InnovationFilterSet, InnovationTable
    add_url_name = "competitions:innovation_add"


class InnovationDetailView(ObjectDetailView):
    selector = staticmethod(selectors.innovations_for)
    list_url_name, edit_url_name = "competitions:innovation_list", "competitions:innovation_edit"
    delete_url_name = "competitions:innovation_delete"
    fields = ("org", "kind", "title", "workers", "employer_name", "achieved_on", "patent_number", "named_after",
              "benefit", "studio", "proposal", "description")


class InnovationEditView(PrefillMixin, ObjectEditView):
    selector = staticmethod(selectors.innovations_for)
    form_class, list_url_name = forms.InnovationForm, "competitions:innovation_list"
    title_add, title_edit = _("Record an innovation"), _("Edit the innovation")
    prefill = ("studio", "proposal")


class InnovationDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.innovations_for)
    list_url_name = "competitions:innovation_list"


class StudioListView(ObjectListView):
    title = _("Innovation studios")
    export_name = "innovation-studios"
    selector = staticmethod(selectors.studios_for)
    filterset_class, table_class = StudioFilterSet, StudioTable
    add_url_name = "competitions:studio_add"


class StudioDetailView(ObjectDetailView):
    selector = staticmethod(selectors.studios_for)
    template_name = "competitions/studio_detail.html"
    list_url_name, edit_url_name = "competitions:studio_list", "competitions:studio_edit"
    fields = ("org", "name", "kind", "employer_name", "lead_name", "members", "level", "recognised_on", "note")

    def get_object_context(self, studio):
        return {"outputs": list(selectors.innovations_for(self.request.user).filter(studio=studio)[:200])}


class StudioEditView(ObjectEditView):
    selector = staticmethod(selectors.studios_for)
    form_class, list_url_name = forms.StudioForm, "competitions:studio_list"
    title_add, title_edit = _("Register an innovation studio"), _("Edit the studio")


# --- technical associations and master-apprentice pairs ---------------------------------------------------------------

ASSOCIATION_FIELDS = ("org", "name", "employer_name", "lead_name", "member_count", "founded_on", "note")
MENTORSHIP_FIELDS = ("org", "master_name", "apprentice_name", "trade", "employer_name", "starts_on", "ends_on",
                     "outcome")


class AssociationListView(ObjectListView):
    title = _("Technical associations")
    export_name = "technical-associations"
    selector = staticmethod(selectors.associations_for)
    filterset_class, table_class = AssociationFilterSet, AssociationTable
    add_url_name = "competitions:association_add"


class AssociationDetailView(ObjectDetailView):
    selector = staticmethod(selectors.associations_for)
    list_url_name, edit_url_name = "competitions:association_list", "competitions:association_edit"
    delete_url_name = "competitions:association_delete"
    fields = ASSOCIATION_FIELDS


class AssociationEditView(ObjectEditView):
    selector = staticmethod(selectors.associations_for)
    model, fields, list_url_name = TechAssociation, ASSOCIATION_FIELDS, "competitions:association_list"
    title_add, title_edit = _("Register a technical association"), _("Edit the technical association")


class AssociationDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.associations_for)
    list_url_name = "competitions:association_list"


class MentorshipListView(ObjectListView):
    title = _("Master and apprentice pairs")
    export_name = "master-apprentice-pairs"
    selector = staticmethod(selectors.mentorships_for)
    filterset_class, table_class = MentorshipFilterSet, MentorshipTable
    add_url_name = "competitions:mentorship_add"


class MentorshipDetailView(ObjectDetailView):
    selector = staticmethod(selectors.mentorships_for)
    list_url_name, edit_url_name = "competitions:mentorship_list", "competitions:mentorship_edit"
    delete_url_name = "competitions:mentorship_delete"
    fields = MENTORSHIP_FIELDS


class MentorshipEditView(ObjectEditView):
    selector = staticmethod(selectors.mentorships_for)
    model, fields, list_url_name = Mentorship, MENTORSHIP_FIELDS, "competitions:mentorship_list"
    title_add, title_edit = _("Register a master and apprentice pair"), _("Edit the pair")


class MentorshipDeleteView(ObjectDeleteView):
    selector = staticmethod(selectors.mentorships_for)
    list_url_name = "competitions:mentorship_list"

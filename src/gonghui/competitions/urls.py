from gonghui.core.routes import object_urls

from . import views

app_name = "competitions"

urlpatterns = [
    *object_urls("competition", "labour/", list=views.CompetitionListView, detail=views.CompetitionDetailView,
                 edit=views.CompetitionEditView, delete=views.CompetitionDeleteView),
    *object_urls("participant", "participants/", list=views.ParticipantListView,
                 detail=views.ParticipantDetailView, edit=views.ParticipantEditView,
                 delete=views.ParticipantDeleteView),
    *object_urls("contest", "contests/", list=views.ContestListView, detail=views.ContestDetailView,
                 edit=views.ContestEditView),
    *object_urls("entrant", "entrants/", list=views.EntrantListView, detail=views.EntrantDetailView,
                 edit=views.EntrantEditView, delete=views.EntrantDeleteView,
                 actions={"send_up": views.EntrantSendUpView}),
    *object_urls("proposal", "proposals/", list=views.ProposalListView, detail=views.ProposalDetailView,
                 edit=views.ProposalEditView,
                 actions={"evaluate": views.ProposalEvaluateView, "adopt": views.ProposalAdoptView,
                          "reject": views.ProposalRejectView, "implement": views.ProposalImplementView}),
    *object_urls("innovation", "innovations/", list=views.InnovationListView, detail=views.InnovationDetailView,
                 edit=views.InnovationEditView, delete=views.InnovationDeleteView),
    *object_urls("studio", "studios/", list=views.StudioListView, detail=views.StudioDetailView,
                 edit=views.StudioEditView),
    *object_urls("association", "associations/", list=views.AssociationListView,
                 detail=views.AssociationDetailView, edit=views.AssociationEditView,
                 delete=views.AssociationDeleteView),
    *object_urls("mentorship", "mentorships/", list=views.MentorshipListView, detail=views.MentorshipDetailView,
                 edit=views.MentorshipEditView, delete=views.MentorshipDeleteView),
]

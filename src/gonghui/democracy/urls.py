from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "democracy"

urlpatterns = [
    path("", views.EmployerListView.as_view(), name="employer_list"),
    *object_urls("setup", "systems/", list=views.SetupListView, detail=views.SetupDetailView,
                 edit=views.SetupEditView),
    path("systems/<int:pk>/document/", views.SetupDownloadView.as_view(), name="setup_document"),
    *object_urls("congress", "congresses/", list=views.CongressListView, detail=views.CongressDetailView,
                 edit=views.CongressEditView),
    *object_urls("delegate", "delegates/", list=views.DelegateListView, detail=views.DelegateDetailView,
                 edit=views.DelegateEditView, delete=views.DelegateDeleteView),
    *object_urls("session", "sessions/", list=views.SessionListView, detail=views.SessionDetailView,
                 edit=views.SessionEditView, actions={"hold": views.SessionHoldView, "close": views.SessionCloseView,
                                                      "add_item": views.ItemAddView}),
    path("items/<int:pk>/vote/", views.ItemVoteView.as_view(), name="item_vote"),
    *object_urls("motion", "motions/", list=views.MotionListView, detail=views.MotionDetailView,
                 edit=views.MotionEditView,
                 actions={"accept": views.MotionAcceptView, "make_opinion": views.MotionOpinionView,
                          "assign": views.MotionAssignView, "answer": views.MotionAnswerView,
                          "implement": views.MotionImplementView, "rate": views.MotionRateView}),
    *object_urls("rule", "rules/", list=views.RuleListView, detail=views.RuleDetailView, edit=views.RuleEditView),
    *object_urls("star", "stars/", list=views.StarListView, detail=views.StarDetailView, edit=views.StarEditView),
]

from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "honours"
urlpatterns = [
    *object_urls("scheme", "schemes/", list=views.SchemeListView, detail=views.SchemeDetailView,
                 edit=views.SchemeEditView, delete=views.SchemeDeleteView),
    *object_urls("round", "rounds/", list=views.RoundListView, detail=views.RoundDetailView,
                 edit=views.RoundEditView, actions={"quota": views.QuotaView, "close": None},
                 model=views.selectors.SelectionRound),
    *object_urls("worker", "workers/", list=views.WorkerListView, detail=views.WorkerDetailView,
                 edit=views.WorkerEditView,
                 actions={"census": views.CensusView, "retire": views.RetireView, "decease": views.DeathView,
                          "reissue": views.ReissueView, "reveal": views.WorkerRevealView}),
    *object_urls("rule", "rules/", list=views.RuleListView, detail=views.RuleDetailView, edit=views.RuleEditView,
                 delete=views.RuleDeleteView),
    *object_urls("run", "runs/", list=views.RunListView, detail=views.RunDetailView, add=views.RunCreateView,
                 delete=views.RunDeleteView, actions={"pay": views.PayView}),
    *object_urls("care", "care/", list=views.CareRoundListView, detail=views.CareRoundDetailView,
                 edit=views.CareRoundEditView,
                 actions={"enrol": views.EnrolView, "withdraw": views.WithdrawView, "attend": views.AttendanceView}),
    *object_urls("support", "support/", list=views.SupportListView, detail=views.SupportDetailView,
                 edit=views.SupportEditView, delete=views.SupportDeleteView),
    path("runs/<int:pk>/bank-file/", views.BankFileView.as_view(), name="run_bank_file"),
    *object_urls("recommendation", list=views.RecommendationListView, detail=views.RecommendationDetailView,
                 edit=views.RecommendationEditView,
                 actions={"review": views.ReviewView, "notice": views.NoticeView, "object": views.ObjectionView,
                          "resolve": views.ResolveView, "approve": views.ApproveView, "award": views.AwardView,
                          "reject": views.RejectView, "reveal": views.RecommendationRevealView}),
]

from django.urls import path

from gonghui.core.routes import object_urls

from . import employment_views as ev
from . import views

app_name = "training"
urlpatterns = [
    *object_urls("enrolment", "records/", list=views.EnrolmentListView, detail=views.EnrolmentDetailView,
                 actions={"complete": views.CompleteView, "withdraw": views.WithdrawView}),
    *object_urls("course", list=views.CourseListView, detail=views.CourseDetailView, edit=views.CourseEditView,
                 actions={"open": views.OpenView, "start": views.StartView, "enrol": views.EnrolView,
                          "session": views.SessionView, "finish": views.FinishView, "cancel": views.CancelView}),
    *object_urls("fair", "fairs/", list=ev.JobFairListView, detail=ev.JobFairDetailView, edit=ev.JobFairEditView),
    *object_urls("vacancy", "vacancies/", list=ev.VacancyListView, detail=ev.VacancyDetailView,
                 edit=ev.VacancyEditView),
    *object_urls("seeker", "seekers/", list=ev.JobSeekerListView, detail=ev.JobSeekerDetailView,
                 edit=ev.JobSeekerEditView,
                 actions={"refer": ev.ReferView, "close": ev.CloseSeekerView, "reopen": ev.ReopenSeekerView}),
    path("seekers/<int:pk>/reveal/", ev.JobSeekerRevealView.as_view(), name="seeker_reveal"),
    *object_urls("referral", "referrals/", list=ev.ReferralListView, detail=ev.ReferralDetailView,
                 actions={"place": ev.PlaceView, "not_placed": ev.NotPlacedView, "follow_up": ev.FollowUpView}),
    *object_urls("trip", "trips-home/", list=ev.HomeTripListView, detail=ev.HomeTripDetailView,
                 edit=ev.HomeTripEditView),
]

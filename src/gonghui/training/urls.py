from gonghui.core.routes import object_urls

from . import views

app_name = "training"
urlpatterns = [
    *object_urls("enrolment", "records/", list=views.EnrolmentListView, detail=views.EnrolmentDetailView,
                 actions={"complete": views.CompleteView, "withdraw": views.WithdrawView}),
    *object_urls("course", list=views.CourseListView, detail=views.CourseDetailView, edit=views.CourseEditView,
                 actions={"open": views.OpenView, "start": views.StartView, "enrol": views.EnrolView,
                          "session": views.SessionView, "finish": views.FinishView, "cancel": views.CancelView}),
]

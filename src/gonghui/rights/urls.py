from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("add/", views.CaseIntakeView.as_view(), name="case_add"),
    path("todo/", views.TodoView.as_view(), name="todo"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("<int:pk>/print/", views.AgreementPrintView.as_view(), name="case_print"),
    path("<int:pk>/accept/", views.AcceptView.as_view(), name="case_accept"),
    path("<int:pk>/route/", views.RouteView.as_view(), name="case_route"),
    path("<int:pk>/start-mediation/", views.StartMediationView.as_view(), name="case_start_mediation"),
    path("<int:pk>/extend/", views.ExtendView.as_view(), name="case_extend"),
    path("<int:pk>/session/", views.SessionView.as_view(), name="case_session"),
    path("<int:pk>/close/", views.CloseView.as_view(), name="case_close"),
    path("<int:pk>/recovery/", views.RecoveryView.as_view(), name="case_recovery"),
    path("<int:pk>/reopen/", views.ReopenView.as_view(), name="case_reopen"),
    path("<int:pk>/documents/add/", views.DocumentView.as_view(), name="case_document_add"),
    path("<int:pk>/documents/<int:doc>/", views.DocumentDownloadView.as_view(), name="case_document"),
    path("<int:pk>/workers/import/", views.WorkersImportView.as_view(), name="case_workers_import"),
    path("<int:pk>/workers/<int:wid>/reveal/", views.WorkerRevealView.as_view(), name="case_worker_reveal"),
    path("<int:pk>/legal-aid/", views.LegalAidView.as_view(), name="case_legal_aid"),
    path("<int:pk>/legal-aid/<int:rid>/result/", views.LegalAidResultView.as_view(), name="case_legal_aid_result"),
    path("legal-aid/", views.LegalAidListView.as_view(), name="legal_aid_list"),
    path("warnings/", views.WarningListView.as_view(), name="warning_list"),
    path("warnings/add/", views.WarningAddView.as_view(), name="warning_add"),
    path("warnings/<int:pk>/", views.WarningDetailView.as_view(), name="warning_detail"),
    path("warnings/<int:pk>/acknowledge/", views.WarningAcknowledgeView.as_view(), name="warning_acknowledge"),
    path("warnings/<int:pk>/resolve/", views.WarningResolveView.as_view(), name="warning_resolve"),
]

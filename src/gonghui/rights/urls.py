from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("add/", views.CaseIntakeView.as_view(), name="case_add"),
    path("todo/", views.TodoView.as_view(), name="todo"),
    path("<id:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("<id:pk>/accept/", views.AcceptView.as_view(), name="case_accept"),
    path("<id:pk>/route/", views.RouteView.as_view(), name="case_route"),
    path("<id:pk>/start-mediation/", views.StartMediationView.as_view(), name="case_start_mediation"),
    path("<id:pk>/extend/", views.ExtendView.as_view(), name="case_extend"),
    path("<id:pk>/session/", views.SessionView.as_view(), name="case_session"),
    path("<id:pk>/close/", views.CloseView.as_view(), name="case_close"),
    path("<id:pk>/recovery/", views.RecoveryView.as_view(), name="case_recovery"),
    path("<id:pk>/reopen/", views.ReopenView.as_view(), name="case_reopen"),
    path("<id:pk>/documents/add/", views.DocumentView.as_view(), name="case_document_add"),
    path("<id:pk>/documents/<id:doc>/", views.DocumentDownloadView.as_view(), name="case_document"),
    path("<id:pk>/workers/import/", views.WorkersImportView.as_view(), name="case_workers_import"),
    path("<id:pk>/workers/<id:wid>/reveal/", views.WorkerRevealView.as_view(), name="case_worker_reveal"),
    path("<id:pk>/legal-aid/", views.LegalAidView.as_view(), name="case_legal_aid"),
    path("<id:pk>/legal-aid/<id:rid>/result/", views.LegalAidResultView.as_view(), name="case_legal_aid_result"),
    path("legal-aid/", views.LegalAidListView.as_view(), name="legal_aid_list"),
    path("warnings/", views.WarningListView.as_view(), name="warning_list"),
    path("warnings/add/", views.WarningAddView.as_view(), name="warning_add"),
    path("warnings/<id:pk>/", views.WarningDetailView.as_view(), name="warning_detail"),
    path("warnings/<id:pk>/acknowledge/", views.WarningAcknowledgeView.as_view(), name="warning_acknowledge"),
    path("warnings/<id:pk>/resolve/", views.WarningResolveView.as_view(), name="warning_resolve"),
]

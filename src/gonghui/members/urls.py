from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    # Members (会员)
    path("", views.MemberListView.as_view(), name="member_list"),
    path("add/", views.MemberEditView.as_view(), name="member_add"),
    path("<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("<int:pk>/edit/", views.MemberEditView.as_view(), name="member_edit"),
    path("<int:pk>/print/", views.MemberPrintView.as_view(), name="member_print"),
    path("<int:pk>/reveal/", views.MemberRevealView.as_view(), name="member_reveal"),
    path("<int:pk>/withdraw/", views.MemberWithdrawView.as_view(), name="member_withdraw"),
    path("<int:pk>/reinstate/", views.MemberReinstateView.as_view(), name="member_reinstate"),
    path("<int:pk>/retain/", views.MemberRetainView.as_view(), name="member_retain"),
    path("<int:pk>/death/", views.MemberDeathView.as_view(), name="member_death"),
    path("<int:pk>/transfer/", views.MemberTransferView.as_view(), name="member_transfer"),
    path("<int:pk>/invite/", views.MemberInviteView.as_view(), name="member_invite"),
    # Join applications (入会申请)
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/add/", views.ApplicationAddView.as_view(), name="application_add"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/print/", views.ApplicationPrintView.as_view(), name="application_print"),
    path("applications/<int:pk>/reveal/", views.ApplicationRevealView.as_view(), name="application_reveal"),
    path("applications/<int:pk>/approve/", views.ApplicationApproveView.as_view(), name="application_approve"),
    path("applications/<int:pk>/reject/", views.ApplicationRejectView.as_view(), name="application_reject"),
    # Transfers (会员关系接转)
    path("transfers/", views.TransferListView.as_view(), name="transfer_list"),
    path("transfers/<int:pk>/", views.TransferDetailView.as_view(), name="transfer_detail"),
    path("transfers/<int:pk>/print/", views.TransferPrintView.as_view(), name="transfer_print"),
    path("transfers/<int:pk>/accept/", views.TransferAcceptView.as_view(), name="transfer_accept"),
    path("transfers/<int:pk>/refuse/", views.TransferRefuseView.as_view(), name="transfer_refuse"),
    path("transfers/<int:pk>/cancel/", views.TransferCancelView.as_view(), name="transfer_cancel"),
    # Public join page (no sign-in)
    path("join/<str:code>/", views.JoinView.as_view(), name="join"),
    path("join/<str:code>/done/", views.JoinDoneView.as_view(), name="join_done"),
    path("join/<str:code>/qr.svg", views.join_qr, name="join_qr"),
]

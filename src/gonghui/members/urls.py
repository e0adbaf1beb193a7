from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    # Members (会员)
    path("", views.MemberListView.as_view(), name="member_list"),
    path("add/", views.MemberEditView.as_view(), name="member_add"),
    path("<id:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("<id:pk>/edit/", views.MemberEditView.as_view(), name="member_edit"),
    path("<id:pk>/reveal/", views.MemberRevealView.as_view(), name="member_reveal"),
    path("<id:pk>/withdraw/", views.MemberWithdrawView.as_view(), name="member_withdraw"),
    path("<id:pk>/reinstate/", views.MemberReinstateView.as_view(), name="member_reinstate"),
    path("<id:pk>/retain/", views.MemberRetainView.as_view(), name="member_retain"),
    path("<id:pk>/death/", views.MemberDeathView.as_view(), name="member_death"),
    path("<id:pk>/transfer/", views.MemberTransferView.as_view(), name="member_transfer"),
    path("<id:pk>/invite/", views.MemberInviteView.as_view(), name="member_invite"),
    # Join applications (入会申请)
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/add/", views.ApplicationAddView.as_view(), name="application_add"),
    path("applications/<id:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<id:pk>/reveal/", views.ApplicationRevealView.as_view(), name="application_reveal"),
    path("applications/<id:pk>/approve/", views.ApplicationApproveView.as_view(), name="application_approve"),
    path("applications/<id:pk>/reject/", views.ApplicationRejectView.as_view(), name="application_reject"),
    # Transfers (会员关系接转)
    path("transfers/", views.TransferListView.as_view(), name="transfer_list"),
    path("transfers/<id:pk>/", views.TransferDetailView.as_view(), name="transfer_detail"),
    path("transfers/<id:pk>/accept/", views.TransferAcceptView.as_view(), name="transfer_accept"),
    path("transfers/<id:pk>/refuse/", views.TransferRefuseView.as_view(), name="transfer_refuse"),
    path("transfers/<id:pk>/cancel/", views.TransferCancelView.as_view(), name="transfer_cancel"),
    # Public join page (no sign-in)
    path("join/<str:code>/", views.JoinView.as_view(), name="join"),
    path("join/<str:code>/done/", views.JoinDoneView.as_view(), name="join_done"),
    path("join/<str:code>/qr.svg", views.join_qr, name="join_qr"),
]

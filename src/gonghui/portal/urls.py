from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("applications/", views.ApplicationsView.as_view(), name="applications"),
    path("history/", views.HistoryView.as_view(), name="history"),
    path("card/", views.CardView.as_view(), name="card"),
    path("card/check/<str:token>/", views.CardCheckView.as_view(), name="card_check"),
    path("transfer/", views.TransferRequestView.as_view(), name="transfer"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.CodeLoginView.as_view(), name="login_code"),
    path("login/code/verify/", views.CodeVerifyView.as_view(), name="login_code_verify"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("forgot-password/", views.ForgotPasswordView.as_view(), name="forgot_password"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
]

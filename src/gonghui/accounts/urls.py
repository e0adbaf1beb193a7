from django.urls import path

from . import self_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", self_views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", self_views.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", self_views.TokenRevokeView.as_view(), name="token_revoke"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserEditView.as_view(), name="user_add"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("users/<int:pk>/deactivate/", views.UserActiveView.as_view(activate=False), name="user_deactivate"),
    path("users/<int:pk>/activate/", views.UserActiveView.as_view(activate=True), name="user_activate"),
    path("users/<int:pk>/roles/add/", views.RoleAddView.as_view(), name="role_add"),
    path("roles/<int:pk>/remove/", views.RoleRemoveView.as_view(), name="role_remove"),
]

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserEditView.as_view(), name="user_add"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("users/<int:pk>/deactivate/", views.UserActiveView.as_view(activate=False), name="user_deactivate"),
    path("users/<int:pk>/activate/", views.UserActiveView.as_view(activate=True), name="user_activate"),
    path("users/<int:pk>/roles/add/", views.RoleAddView.as_view(), name="role_add"),
    path("roles/<int:pk>/remove/", views.RoleRemoveView.as_view(), name="role_remove"),
]

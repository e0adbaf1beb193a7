from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserEditView.as_view(), name="user_add"),
    path("users/<id:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<id:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("users/<id:pk>/deactivate/", views.UserActiveView.as_view(activate=False), name="user_deactivate"),
    path("users/<id:pk>/activate/", views.UserActiveView.as_view(activate=True), name="user_activate"),
    path("users/<id:pk>/roles/add/", views.RoleAddView.as_view(), name="role_add"),
    path("roles/<id:pk>/remove/", views.RoleRemoveView.as_view(), name="role_remove"),
]

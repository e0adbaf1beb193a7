from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.OrgTreeView.as_view(), name="org_tree"),
    path("tree/<int:pk>/children/", views.OrgTreeChildrenView.as_view(), name="org_tree_children"),
    path("list/", views.OrgListView.as_view(), name="org_list"),
    path("add/", views.OrgEditView.as_view(), name="org_add"),
    path("autocomplete/", views.OrgAutocompleteView.as_view(), name="org_autocomplete"),
    path("<int:pk>/", views.OrgDetailView.as_view(), name="org_detail"),
    path("<int:pk>/edit/", views.OrgEditView.as_view(), name="org_edit"),
    path("<int:pk>/move/", views.OrgMoveView.as_view(), name="org_move"),
    path("<int:pk>/dissolve/", views.OrgDissolveView.as_view(), name="org_dissolve"),
    path("<int:pk>/merge/", views.OrgMergeView.as_view(), name="org_merge"),
    path("<int:pk>/activate/", views.OrgActivateView.as_view(), name="org_activate"),
    path("<int:pk>/committee/", views.OrgCommitteeView.as_view(), name="org_committee"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/add/", views.UnitEditView.as_view(), name="unit_add"),
    path("units/autocomplete/", views.UnitAutocompleteView.as_view(), name="unit_autocomplete"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
]

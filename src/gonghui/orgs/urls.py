from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.OrgTreeView.as_view(), name="org_tree"),
    path("tree/<id:pk>/children/", views.OrgTreeChildrenView.as_view(), name="org_tree_children"),
    path("list/", views.OrgListView.as_view(), name="org_list"),
    path("add/", views.OrgEditView.as_view(), name="org_add"),
    path("autocomplete/", views.OrgAutocompleteView.as_view(), name="org_autocomplete"),
    path("<id:pk>/", views.OrgDetailView.as_view(), name="org_detail"),
    path("<id:pk>/edit/", views.OrgEditView.as_view(), name="org_edit"),
    path("<id:pk>/move/", views.OrgMoveView.as_view(), name="org_move"),
    path("<id:pk>/dissolve/", views.OrgDissolveView.as_view(), name="org_dissolve"),
    path("<id:pk>/merge/", views.OrgMergeView.as_view(), name="org_merge"),
    path("<id:pk>/activate/", views.OrgActivateView.as_view(), name="org_activate"),
    path("<id:pk>/committee/", views.OrgCommitteeView.as_view(), name="org_committee"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/add/", views.UnitEditView.as_view(), name="unit_add"),
    path("units/autocomplete/", views.UnitAutocompleteView.as_view(), name="unit_autocomplete"),
    path("units/<id:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<id:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
]

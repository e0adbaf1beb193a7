from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

api_v1 = [
    path("", include("gonghui.core.api.urls")),
    path("", include("gonghui.accounts.api.urls")),
    path("", include("gonghui.orgs.api.urls")),
    path("", include("gonghui.members.api.urls")),
    path("", include("gonghui.imports.api.urls")),
    path("", include("gonghui.stats.api.urls")),
    path("", include("gonghui.targets.api.urls")),
    path("", include("gonghui.reports.api.urls")),
    path("", include("gonghui.rights.api.urls")),
    path("", include("gonghui.hardship.api.urls")),
]

urlpatterns = [
    path("", include("gonghui.core.urls")),
    path("accounts/", include("gonghui.accounts.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("members/", include("gonghui.members.urls")),
    path("portal/rights/", include("gonghui.rights.portal_urls")),
    path("portal/hardship/", include("gonghui.hardship.portal_urls")),
    path("portal/", include("gonghui.portal.urls")),
    path("imports/", include("gonghui.imports.urls")),
    path("stats/", include("gonghui.stats.urls")),
    path("targets/", include("gonghui.targets.urls")),
    path("reports/", include("gonghui.reports.urls")),
    path("rights/", include("gonghui.rights.urls")),
    path("hardship/", include("gonghui.hardship.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

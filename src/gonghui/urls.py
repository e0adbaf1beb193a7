"""The project's URLs: every area's pages and API come from the area registry (``gonghui.core.registry``)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from gonghui.core.registry import api_routes, api_url_modules, page_urls

router = SimpleRouter()
for prefix, viewset, basename in api_routes():
    router.register(prefix, viewset, basename=basename)

api_v1 = [path("", include(module)) for module in api_url_modules()] + router.urls

urlpatterns = [
    *[path(prefix, include(module)) for prefix, module in page_urls()],
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler404 = "gonghui.core.api.views.not_found"

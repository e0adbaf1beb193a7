from rest_framework.routers import DefaultRouter

from .views import ImportJobViewSet, ImportTemplateViewSet

router = DefaultRouter()
router.register("import-jobs", ImportJobViewSet, basename="importjob")
router.register("import-templates", ImportTemplateViewSet, basename="importtemplate")
urlpatterns = router.urls

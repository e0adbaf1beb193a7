from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin
from gonghui.core.services import delete_object

from .. import selectors, services
from ..filtersets import NoticeFilterSet
from ..models import Notice
from .serializers import NoticeSerializer


def _draft_only(notice):
    if not notice.is_draft:
        raise ValidationError(_("Only a draft notice can be edited; this one is %(status)s.")
                              % {"status": notice.get_status_display()})


class NoticeViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Notices of the caller's subtree and those from above that reach into it (read-only). Drafts are edited and
    deleted; ``publish`` and ``withdraw`` are the steps; attachments are added on the page."""

    serializer_class = NoticeSerializer
    filterset_class = NoticeFilterSet
    ordering_fields = ["publish_from", "published_on", "title"]
    workflow_model = Notice
    steps = {"publish": Step(lambda user, notice, d: services.publish_notice(user, notice))}

    selector = staticmethod(selectors.notices_api)

    def perform_update(self, serializer):
        _draft_only(serializer.instance)
        serializer.save()

    def perform_destroy(self, instance):
        _draft_only(instance)
        delete_object(self.request.user, instance)

from django.http import Http404
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from gonghui.core import scope
from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedObjectMixin,
)

from . import selectors, services
from .filtersets import NoticeFilterSet
from .forms import NoticeForm
from .models import NoticeAttachment
from .tables import NoticeTable

READERS_SHOWN = 500


class NoticeListView(ObjectListView):
    """The notices of the user's subtree, and those published above it that reach into it (read-only)."""

    selector = staticmethod(selectors.notices_for)
    table_class, filterset_class = NoticeTable, NoticeFilterSet
    title, add_url_name, export_name = gettext_lazy("Notices"), "notices:notice_add", "notices"


class NoticeDetailView(ObjectDetailView):
    template_name = "notices/notice_detail.html"
    selector = staticmethod(selectors.notices_for)
    list_url_name, edit_url_name = "notices:notice_list", "notices:notice_edit"

    def get_object_context(self, notice):
        user = self.request.user
        own = scope.can(user, "view", notice.org)
        reads, size, rate = selectors.read_stats(notice) if own else (None, None, None)
        return {"attachments": list(notice.attachments.all()),
                "targets": list(notice.targets.select_related("org", "unit")),
                "own": own, "reads": reads, "audience": size, "rate": rate,
                "can_edit": notice.is_draft and self.context["can_change"]}


class NoticeEditView(ObjectEditView):
    selector = staticmethod(selectors.notices_for)
    form_class, list_url_name = NoticeForm, "notices:notice_list"
    title_add, title_edit = gettext_lazy("Draft a notice"), gettext_lazy("Edit the notice")

    def get_object_or_none(self):
        obj = super().get_object_or_none()
        if obj is not None and not obj.is_draft:
            raise Http404  # published notices are not edited: withdraw and draft a new one
        return obj


class NoticeStepView(ObjectActionView):
    selector = staticmethod(selectors.notices_for)


class NoticePublishView(NoticeStepView):
    transition = "publish"
    title = gettext_lazy("Publish the notice")
    message = gettext_lazy("Members addressed by the notice see it in the portal within its publish window. "
                           "It can no longer be edited.")
    success_message = gettext_lazy("The notice has been published.")
    service = services.publish_notice


class NoticeWithdrawView(NoticeStepView):
    transition = "withdraw"
    title = gettext_lazy("Withdraw the notice")
    message = gettext_lazy("Members no longer see the notice.")
    danger = True
    success_message = gettext_lazy("The notice has been withdrawn.")
    service = services.withdraw_notice


class NoticeDownloadView(DownloadView):
    selector = staticmethod(selectors.notices_for)
    file_model, file_parent = NoticeAttachment, "notice"


class NoticeReadersView(ScopedObjectMixin, TemplateView):
    """Who of the members addressed (in the official's scope) has read the notice, and who has not."""

    template_name = "notices/notice_readers.html"
    selector = staticmethod(selectors.notices_for)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        notice = self.get_object()
        if not scope.can(self.request.user, "view", notice.org):
            raise Http404
        read = self.request.GET.get("read", "")
        rows = selectors.readers(self.request.user, notice, read if read in ("yes", "no") else None)
        ctx.update(object=notice, read=read, rows=list(rows[:READERS_SHOWN]), total=rows.count(),
                   shown=READERS_SHOWN)
        return ctx

"""The member portal: the notices of the member's unions, opened (and so read) and their attachments downloaded."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from gonghui.members.portal import MemberRequiredMixin

from . import selectors, services
from .models import NoticeAttachment


class MyNoticesView(MemberRequiredMixin, TemplateView):
    template_name = "notices/portal/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(notices=list(selectors.member_notices(self.member)[:100]), active_tab="notices")
        return ctx


class NoticeView(MemberRequiredMixin, TemplateView):
    """A notice addressed to the member, inside its window (404 otherwise); opening it counts as read."""

    template_name = "notices/portal/notice.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        notice = selectors.member_notice(self.member, self.kwargs["notice"])
        services.mark_read(self.member, notice)
        ctx.update(notice=notice, attachments=list(notice.attachments.all()), active_tab="notices")
        return ctx


class AttachmentView(MemberRequiredMixin, View):
    def get(self, request, notice, file):
        obj = selectors.member_notice(self.member, notice)
        attachment = get_object_or_404(NoticeAttachment, pk=file, notice=obj)
        if not attachment.file:
            raise Http404
        return attachment.download()

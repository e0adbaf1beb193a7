"""Pages of income thresholds and archives: the list, the archive's page, filing and editing, its steps.

Privacy: archives are listed only where the user may ``assist``; a viewer finds an archive (it is in scope, so no
404) but its page answers 403 and the overview shows counts only.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import scope
from gonghui.core.forms import ReasonForm
from gonghui.core.selectors import capped
from gonghui.core.views import (
    DownloadView,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PrintView,
    RevealView,
)
from gonghui.members.models import Member

from .. import forms, selectors, services
from ..choices import TaskStatus
from ..filtersets import ArchiveFilterSet, ThresholdFilterSet
from ..models import HomeVisitPhoto
from ..tables import ArchiveTable, ThresholdTable
from .common import NAV, AssistMixin

# --- thresholds ----------------------------------------------------------------------------------------------


class ThresholdListView(ObjectListView):
    title = gettext_lazy("Income thresholds")
    export_name = "income-thresholds"
    selector = staticmethod(selectors.thresholds_for)
    filterset_class = ThresholdFilterSet
    table_class = ThresholdTable
    add_url_name = "hardship:threshold_add"
    actions_template = NAV


class ThresholdEditView(ObjectEditView):
    selector = staticmethod(selectors.thresholds_for)
    form_class = forms.ThresholdForm
    title_add = gettext_lazy("Add income threshold")
    title_edit = gettext_lazy("Edit income threshold")
    list_url_name = "hardship:threshold_list"

    def cancel_url(self, obj):
        return self.list_url()  # a threshold's page is this form


# --- archives --------------------------------------------------------------------------------------------------


class ArchiveListView(ObjectListView):
    title = gettext_lazy("Hardship archives")
    export_name = "hardship-archives"
    selector = staticmethod(selectors.archives_for)
    filterset_class = ArchiveFilterSet
    table_class = ArchiveTable
    add_url_name = "hardship:archive_add"
    actions_template = NAV


class ArchiveDetailView(AssistMixin, ObjectDetailView):
    template_name = "hardship/archive_detail.html"
    selector = staticmethod(selectors.archives_visible)

    def get_object_context(self, a):
        self.require_assist(a)
        return {
            "household": a.household.all(),
            "causes": a.causes.all(),
            "home_visits": a.home_visits.prefetch_related("photos"),
            "reviews": a.reviews.select_related("reviewed_by"),
            "visits": capped(a.visits.all(), 50),
            "tasks": a.visit_tasks.filter(status=TaskStatus.OPEN),
            "pairings": a.pairings.all(),
            "aid": a.aid_received.select_related("campaign").prefetch_related("payments"),
        }


class ArchivePrintView(PrintView, ArchiveDetailView):
    template_name = "hardship/print/archive.html"
    form_title = gettext_lazy("Hardship worker archive form")


class ArchiveEditView(ObjectEditView):
    selector = staticmethod(selectors.archives_visible)
    form_class = forms.ArchiveForm
    template_name = "hardship/archive_edit.html"
    title_add = gettext_lazy("File a hardship archive")
    title_edit = gettext_lazy("Edit hardship archive")
    list_url_name = "hardship:archive_list"

    def get_object_or_none(self):
        obj = super().get_object_or_none()
        if obj is not None and not scope.can(self.request.user, "assist", obj.org):
            raise PermissionDenied
        return obj

    def get_initial(self):
        member_no = self.request.GET.get("member")
        if member_no:
            member = Member.objects.for_user(self.request.user).filter(member_no=member_no).first()
            if member is not None:
                return {"org": member.org, "name": member.name, "id_number": member.id_number, "phone": member.phone,
                        "migrant_worker": member.employment_type == "migrant"}
        return {}


class _ArchiveStep(ObjectActionView):
    selector = staticmethod(selectors.archives_visible)


class ArchiveSubmitView(_ArchiveStep):
    transition = "hardship_submit"
    title = gettext_lazy("File the application")
    message = gettext_lazy("The archive goes to verification by a home visit.")
    service = services.submit_archive


class HomeVisitView(_ArchiveStep):
    transition = "home_visit"
    title = gettext_lazy("Record the home visit (入户核查)")
    form_class = forms.HomeVisitForm
    success_message = gettext_lazy("The home visit has been recorded.")
    service, service_fields = services.record_home_visit, ("date", "visitors", "findings", "confirms_application",
                                                           "photos")


class VerifyView(_ArchiveStep):
    transition = "hardship_notice"  # confirming the tier: to public notice, or straight to approval
    title = gettext_lazy("Confirm the tier")
    form_class = forms.VerifyForm

    def initial(self, obj):
        return {"tier": obj.proposed_tier}

    def context(self, obj, form):
        ctx = super().context(obj, form)
        ctx["message"] = _("Proposed by the rules: %(tier)s. %(reason)s") % {
            "tier": obj.get_proposed_tier_display() or _("none"), "reason": obj.tier_reason}
        return ctx

    service, service_fields = services.complete_verification, ("tier", "tier_reason", "public_notice")


class EndNoticeView(_ArchiveStep):
    transition = "hardship_notice_end"
    title = gettext_lazy("End the public notice")
    form_class = forms.NoticeEndForm
    service, service_fields = services.end_notice, ("objection",)


class ArchiveApproveView(_ArchiveStep):
    transition = "approve"
    title = gettext_lazy("Approve the archive")
    message = gettext_lazy("The level above approves: the archive becomes active and is due for review in a year.")
    service = services.approve_archive


class ArchiveRejectView(_ArchiveStep):
    transition = "reject"
    title = gettext_lazy("Reject the application")
    danger = True
    form_class = ReasonForm
    service, service_fields = services.reject_archive, ("reason",)


class ArchiveCloseView(_ArchiveStep):
    transition = "hardship_close"
    title = gettext_lazy("Close the archive (out of hardship)")
    form_class = forms.CloseForm
    danger = True
    service, service_fields = services.close_archive, ("reason", "date")


class ArchiveReviewView(_ArchiveStep):
    transition = "hardship_review"
    title = gettext_lazy("Yearly review")
    form_class = forms.ReviewForm
    service, service_fields = services.review_archive, ("date", "outcome", "tier", "note")


class OccasionView(_ArchiveStep):
    transition = "occasion"
    title = gettext_lazy("Record an occasion to visit (四必访)")
    form_class = forms.OccasionForm
    service, service_fields = services.record_occasion, ("occasion", "due_on", "note")


class VisitView(_ArchiveStep):
    transition = "visit"
    title = gettext_lazy("Record a visit")
    form_class = forms.VisitForm
    service, service_fields = services.record_visit, ("date", "occasion", "visitors", "note")


class PairingView(_ArchiveStep):
    transition = "pairing"
    title = gettext_lazy("Pair a cadre with the household (结对帮扶)")
    form_class = forms.PairingForm
    service, service_fields = services.add_pairing, ("cadre_name", "cadre_title", "started_on")


class ArchiveRevealView(RevealView):
    """POST (htmx): the full ID number and bank account replace the masked ones (audited)."""

    selector = staticmethod(selectors.archives_visible)


class PhotoDownloadView(DownloadView):
    selector = staticmethod(selectors.archives_for)
    file_model, file_kwarg, file_parent = HomeVisitPhoto, "photo", "visit__archive"

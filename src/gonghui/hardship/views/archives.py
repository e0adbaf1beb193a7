"""Pages of income thresholds and archives: the list, the archive's page, filing and editing, its steps.

Privacy: archives are listed only where the user may ``assist``; a viewer finds an archive (it is in scope, so no
404) but its page answers 403 and the overview shows counts only.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.core import scope
from gonghui.core.forms import ReasonForm
from gonghui.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RevealView,
    ScopedObjectMixin,
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

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        a = ctx["object"]
        self.require_assist(a)
        ctx.update(
            household=a.household.all(),
            causes=a.causes.all(),
            home_visits=a.home_visits.prefetch_related("photos"),
            reviews=a.reviews.select_related("reviewed_by"),
            visits=a.visits.all()[:50],
            tasks=a.visit_tasks.filter(status=TaskStatus.OPEN),
            pairings=a.pairings.all(),
            aid=a.aid_received.select_related("campaign").prefetch_related("payments"),
        )
        return ctx


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

    def perform(self, obj, form):
        return services.submit_archive(self.request.user, obj)


class HomeVisitView(_ArchiveStep):
    transition = "home_visit"
    title = gettext_lazy("Record the home visit (入户核查)")
    form_class = forms.HomeVisitForm
    success_message = gettext_lazy("The home visit has been recorded.")

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.record_home_visit(self.request.user, obj, date=d["date"], visitors=d["visitors"],
                                          findings=d["findings"], confirms_application=d["confirms_application"],
                                          photos=d["photos"])


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

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.complete_verification(self.request.user, obj, tier=d["tier"], tier_reason=d["tier_reason"],
                                              public_notice=d["public_notice"])


class EndNoticeView(_ArchiveStep):
    transition = "hardship_notice_end"
    title = gettext_lazy("End the public notice")
    form_class = forms.NoticeEndForm

    def perform(self, obj, form):
        return services.end_notice(self.request.user, obj, objection=form.cleaned_data["objection"])


class ArchiveApproveView(_ArchiveStep):
    transition = "approve"
    title = gettext_lazy("Approve the archive")
    message = gettext_lazy("The level above approves: the archive becomes active and is due for review in a year.")

    def perform(self, obj, form):
        return services.approve_archive(self.request.user, obj)


class ArchiveRejectView(_ArchiveStep):
    transition = "reject"
    title = gettext_lazy("Reject the application")
    danger = True
    form_class = ReasonForm

    def perform(self, obj, form):
        return services.reject_archive(self.request.user, obj, form.cleaned_data["reason"])


class ArchiveCloseView(_ArchiveStep):
    transition = "hardship_close"
    title = gettext_lazy("Close the archive (out of hardship)")
    form_class = forms.CloseForm
    danger = True

    def perform(self, obj, form):
        return services.close_archive(self.request.user, obj, form.cleaned_data["reason"],
                                      date=form.cleaned_data["date"])


class ArchiveReviewView(_ArchiveStep):
    transition = "hardship_review"
    title = gettext_lazy("Yearly review")
    form_class = forms.ReviewForm

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.review_archive(self.request.user, obj, date=d["date"], outcome=d["outcome"], tier=d["tier"],
                                       note=d["note"])


class OccasionView(_ArchiveStep):
    transition = "occasion"
    title = gettext_lazy("Record an occasion to visit (四必访)")
    form_class = forms.OccasionForm

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.record_occasion(self.request.user, obj, occasion=d["occasion"], due_on=d["due_on"],
                                        note=d["note"])


class VisitView(_ArchiveStep):
    transition = "visit"
    title = gettext_lazy("Record a visit")
    form_class = forms.VisitForm

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.record_visit(self.request.user, obj, date=d["date"], occasion=d["occasion"],
                                     visitors=d["visitors"], note=d["note"])


class PairingView(_ArchiveStep):
    transition = "pairing"
    title = gettext_lazy("Pair a cadre with the household (结对帮扶)")
    form_class = forms.PairingForm

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.add_pairing(self.request.user, obj, cadre_name=d["cadre_name"], cadre_title=d["cadre_title"],
                                    started_on=d["started_on"])


class ArchiveRevealView(RevealView):
    """POST (htmx): the full ID number and bank account replace the masked ones (audited)."""

    selector = staticmethod(selectors.archives_visible)


class PhotoDownloadView(ScopedObjectMixin, View):
    selector = staticmethod(selectors.archives_for)

    def get(self, request, pk, photo):
        archive = self.get_object()
        return get_object_or_404(HomeVisitPhoto, pk=photo, visit__archive=archive).download()

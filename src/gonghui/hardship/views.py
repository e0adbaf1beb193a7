"""Pages of hardship aid (困难职工帮扶).

Privacy: archives, recipients, visits and payments are listed only where the user may ``assist``; a viewer
finds an archive (it is in scope, so no 404) but its page answers 403 and the overview shows counts only.
"""

import csv
import datetime
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from gonghui.core import audit, scope
from gonghui.core.attachments import download_response
from gonghui.core.exports import may_reveal_everywhere
from gonghui.core.forms import ReasonForm
from gonghui.core.models import AuditAction
from gonghui.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OfficialRequiredMixin,
    ScopedObjectMixin,
)
from gonghui.members.models import Member
from gonghui.members.views import RevealView
from gonghui.orgs.selectors import scope_roots

from . import forms, selectors, services
from .choices import ArchiveStatus, PaymentKind, Relation
from .filtersets import (
    ArchiveFilterSet,
    CampaignFilterSet,
    EntryFilterSet,
    PaymentFilterSet,
    RecipientFilterSet,
    TaskFilterSet,
    ThresholdFilterSet,
    VisitFilterSet,
)
from .models import HouseholdMember, photo_storage
from .tables import (
    ArchiveTable,
    CampaignTable,
    EntryTable,
    PaymentTable,
    RecipientTable,
    TaskTable,
    ThresholdTable,
    VisitTable,
)

NAV = "hardship/partials/nav.html"


class OverviewView(OfficialRequiredMixin, TemplateView):
    """Counts for everyone in scope; the working lists (reviews due, visit shortfall) for those who assist."""

    template_name = "hardship/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        ctx.update(selectors.archive_counts(user))
        ctx["can_assist"] = scope.can(user, "assist", None)
        if ctx["can_assist"]:
            ctx["reviews_due"] = selectors.reviews_due(user, today).count()
            ctx["review_due_by"] = (today + datetime.timedelta(days=30)).isoformat()
            ctx["tasks_due"] = selectors.tasks_for(user).filter(status="open", due_on__lte=today + datetime.timedelta(days=14)).count()
            ctx["shortfall"] = selectors.visit_shortfall(user, today.year)
            ctx["min_visits"] = selectors.min_visits()
        ctx["year"] = today.year
        return ctx


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

    def cancel_url(self, obj):
        return reverse("hardship:threshold_list")


# --- archives --------------------------------------------------------------------------------------------------


class ArchiveListView(ObjectListView):
    title = gettext_lazy("Hardship archives")
    export_name = "hardship-archives"
    selector = staticmethod(selectors.archives_for)
    filterset_class = ArchiveFilterSet
    table_class = ArchiveTable
    add_url_name = "hardship:archive_add"
    actions_template = NAV


class AssistMixin:
    """The object is found in scope; reading its household details needs ``assist`` (403 otherwise)."""

    def require_assist(self, obj):
        if not scope.can(self.request.user, "assist", self.org_of(obj)):
            raise PermissionDenied(_("Household details are shown to those who handle assistance; your role shows counts only."))


class ArchiveDetailView(AssistMixin, ObjectDetailView):
    template_name = "hardship/archive_detail.html"
    selector = staticmethod(selectors.archives_visible)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        a = ctx["object"]
        self.require_assist(a)
        user = self.request.user
        ctx.update(
            household=a.household.all(),
            causes=a.causes.all(),
            home_visits=a.home_visits.prefetch_related("photos"),
            reviews=a.reviews.select_related("reviewed_by"),
            visits=a.visits.all()[:50],
            tasks=a.visit_tasks.filter(status="open"),
            pairings=a.pairings.all(),
            aid=a.aid_received.select_related("campaign").prefetch_related("payments"),
            can_approve=a.status == ArchiveStatus.PENDING and scope.can(user, "change", services.level_above(a.org)),
            notice_over=a.status == ArchiveStatus.NOTICE and a.notice_end and timezone.localdate() > a.notice_end,
        )
        return ctx


class ArchiveEditView(ObjectEditView):
    selector = staticmethod(selectors.archives_visible)
    form_class = forms.ArchiveForm
    template_name = "hardship/archive_edit.html"
    title_add = gettext_lazy("File a hardship archive")
    title_edit = gettext_lazy("Edit hardship archive")

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

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj is not None else reverse("hardship:archive_list")


class _ArchiveAction(ObjectActionView):
    selector = staticmethod(selectors.archives_visible)


class ArchiveSubmitView(_ArchiveAction):
    title = gettext_lazy("File the application")
    message = gettext_lazy("The archive goes to verification by a home visit.")

    def perform(self, obj, form):
        return services.submit_archive(self.request.user, obj)


class HomeVisitView(_ArchiveAction):
    title = gettext_lazy("Record the home visit (入户核查)")
    form_class = forms.HomeVisitForm
    success_message = gettext_lazy("The home visit has been recorded.")

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.record_home_visit(self.request.user, obj, date=d["date"], visitors=d["visitors"],
                                          findings=d["findings"], confirms_application=d["confirms_application"],
                                          photos=d["photos"])


class VerifyView(_ArchiveAction):
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


class EndNoticeView(_ArchiveAction):
    title = gettext_lazy("End the public notice")
    form_class = forms.NoticeEndForm

    def perform(self, obj, form):
        return services.end_notice(self.request.user, obj, objection=form.cleaned_data["objection"])


class ArchiveApproveView(_ArchiveAction):
    title = gettext_lazy("Approve the archive")
    message = gettext_lazy("The level above approves: the archive becomes active and is due for review in a year.")

    def check(self, obj):
        self.require("change", services.level_above(obj.org))

    def perform(self, obj, form):
        return services.approve_archive(self.request.user, obj)


class ArchiveRejectView(_ArchiveAction):
    title = gettext_lazy("Reject the application")
    danger = True
    form_class = ReasonForm

    def perform(self, obj, form):
        return services.reject_archive(self.request.user, obj, form.cleaned_data["reason"])


class ArchiveCloseView(_ArchiveAction):
    title = gettext_lazy("Close the archive (out of hardship)")
    form_class = forms.CloseForm
    danger = True

    def perform(self, obj, form):
        return services.close_archive(self.request.user, obj, form.cleaned_data["reason"], date=form.cleaned_data["date"])


class ArchiveReviewView(_ArchiveAction):
    title = gettext_lazy("Yearly review")
    form_class = forms.ReviewForm

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.review_archive(self.request.user, obj, date=d["date"], outcome=d["outcome"], tier=d["tier"],
                                       note=d["note"])


class OccasionView(_ArchiveAction):
    title = gettext_lazy("Record an occasion to visit (四必访)")
    form_class = forms.OccasionForm

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.record_occasion(self.request.user, obj, occasion=d["occasion"], due_on=d["due_on"], note=d["note"])


class VisitView(_ArchiveAction):
    title = gettext_lazy("Record a visit")
    form_class = forms.VisitForm

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.record_visit(self.request.user, obj, date=d["date"], occasion=d["occasion"],
                                     visitors=d["visitors"], note=d["note"])


class PairingView(_ArchiveAction):
    title = gettext_lazy("Pair a cadre with the household (结对帮扶)")
    form_class = forms.PairingForm

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.add_pairing(self.request.user, obj, cadre_name=d["cadre_name"], cadre_title=d["cadre_title"],
                                    started_on=d["started_on"])


class ArchiveRevealView(RevealView):
    """POST (htmx): the full ID number and bank account replace the masked ones (audited)."""

    selector = staticmethod(selectors.archives_visible)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        self.require("reveal_pii", obj.org)
        self.require("assist", obj.org)
        data = services.reveal_archive_pii(request.user, obj)
        response = HttpResponse(format_html(
            '<span class="masked text-danger-emphasis" id="id-number">{}</span> {}', data["id_number"],
            data["bank_account"] and format_html('· <span class="masked text-danger-emphasis">{}</span>', data["bank_account"])))
        response["Cache-Control"] = "no-store"
        return response


class PhotoDownloadView(ScopedObjectMixin, TemplateView):
    selector = staticmethod(selectors.archives_for)

    def get(self, request, pk, photo):
        archive = self.get_object()
        from .models import HomeVisitPhoto

        p = get_object_or_404(HomeVisitPhoto, pk=photo, visit__archive=archive)
        return download_response(photo_storage(), p.file.name, p.file_name, p.file_type)


# --- campaigns -------------------------------------------------------------------------------------------------


class CampaignListView(ObjectListView):
    title = gettext_lazy("Aid campaigns")
    export_name = "aid-campaigns"
    selector = staticmethod(selectors.campaigns_for)
    filterset_class = CampaignFilterSet
    table_class = CampaignTable
    add_url_name = "hardship:campaign_add"
    actions_template = NAV


class CampaignDetailView(ObjectDetailView):
    template_name = "hardship/campaign_detail.html"
    selector = staticmethod(selectors.campaigns_for)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = ctx["object"]
        user = self.request.user
        ctx["progress"] = selectors.campaign_progress(c, user)
        ctx["participants"] = c.participants.select_related("org")
        ctx["can_assist"] = scope.can(user, "assist", None)
        ctx["recipients"] = selectors.recipients_for(user).filter(campaign=c)[:200] if ctx["can_assist"] else []
        return ctx


class CampaignEditView(ObjectEditView):
    selector = staticmethod(selectors.campaigns_for)
    form_class = forms.CampaignForm
    title_add = gettext_lazy("Open an aid campaign")

    def cancel_url(self, obj):
        return reverse("hardship:campaign_list")


class CampaignCloseView(ObjectActionView):
    selector = staticmethod(selectors.campaigns_for)
    title = gettext_lazy("Close the campaign")

    def perform(self, obj, form):
        return services.close_campaign(self.request.user, obj)


class ForgottenView(ScopedObjectMixin, TemplateView):
    """Active archives that qualify for the campaign and got nothing ("no one forgotten"), per union."""

    selector = staticmethod(selectors.campaigns_for)
    template_name = "hardship/forgotten.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.get_object()
        ctx["object"] = c
        rows = selectors.forgotten(self.request.user, c)
        groups = {}
        for a in rows:
            groups.setdefault(a.org, []).append(a)
        ctx["groups"] = list(groups.items())
        ctx["total"] = len(rows)
        return ctx


class ProposeView(ObjectActionView):
    """A union proposes a recipient: by archive number (or member number), and for 金秋助学 the student."""

    selector = staticmethod(selectors.campaigns_for)
    title = gettext_lazy("Propose a recipient")
    form_class = forms.ProposeForm
    success_message = gettext_lazy("The recipient has been proposed.")

    def check(self, obj):
        self.require("change", None)
        self.require("assist", None)

    def _students(self, campaign):
        if not campaign.is_school_aid:
            return []
        return list(HouseholdMember.objects.filter(
            archive__in=selectors.archives_for(self.request.user).filter(status=ArchiveStatus.ACTIVE),
            school_entry_year=campaign.school_entry_year, relation__in=[Relation.CHILD, Relation.GRANDCHILD],
        ).exclude(id_hash="").select_related("archive")[:300])

    def form_kwargs(self, obj):
        return {"students": self._students(obj)}

    def initial(self, obj):
        return {"archive_no": self.request.GET.get("archive", "")}

    def perform(self, obj, form):
        d = form.cleaned_data
        user = self.request.user
        student = archive = member = None
        if d["student"]:
            student = HouseholdMember.objects.filter(pk=d["student"], archive__in=selectors.archives_for(user)).select_related("archive").first()
            if student is None:
                raise ValidationError({"student": _("Choose the student from the list.")})
            archive = student.archive
        elif d["archive_no"]:
            archive = selectors.archives_for(user).filter(archive_no=d["archive_no"].strip().upper()).first()
            if archive is None:
                raise ValidationError({"archive_no": _("No archive with this number in your part of the union tree.")})
        elif d["member_no"]:
            member = Member.objects.for_user(user).filter(member_no=d["member_no"].strip()).first()
            if member is None:
                raise ValidationError({"member_no": _("No member with this number in your part of the union tree.")})
        else:
            raise ValidationError({"archive_no": _("Enter an archive number (or a member number).")})
        org = archive.org if archive is not None else member.org
        return services.propose_recipient(user, obj, org, archive=archive, member=member, student=student,
                                          amount=d["amount"], note=d["note"])

    def success_url(self, obj, result):
        return result.get_absolute_url()


# --- recipients and payments ------------------------------------------------------------------------------------


def _recipients_visible(user):
    from .models import AidRecipient

    return AidRecipient.objects.for_user(user).select_related("campaign", "org", "archive")


class RecipientListView(ObjectListView):
    title = gettext_lazy("Aid recipients")
    export_name = "aid-recipients"
    selector = staticmethod(selectors.recipients_for)
    filterset_class = RecipientFilterSet
    table_class = RecipientTable
    actions_template = NAV


class RecipientDetailView(AssistMixin, ObjectDetailView):
    template_name = "hardship/recipient_detail.html"
    selector = staticmethod(_recipients_visible)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        r = ctx["object"]
        self.require_assist(r)
        ctx["payments"] = r.payments.select_related("fund_org")
        ctx["can_approve"] = r.status == "proposed" and scope.can(self.request.user, "change", services.level_above(r.org))
        return ctx


class RecipientApproveView(ObjectActionView):
    selector = staticmethod(_recipients_visible)
    title = gettext_lazy("Approve the recipient")

    def check(self, obj):
        self.require("change", services.level_above(obj.org))

    def perform(self, obj, form):
        return services.approve_recipient(self.request.user, obj)


class RecipientRejectView(RecipientApproveView):
    title = gettext_lazy("Reject the recipient")
    danger = True
    form_class = ReasonForm

    def perform(self, obj, form):
        return services.reject_recipient(self.request.user, obj, form.cleaned_data["reason"])


class PayView(ObjectActionView):
    selector = staticmethod(_recipients_visible)
    title = gettext_lazy("Record the payment")
    success_message = gettext_lazy("The payment has been recorded.")

    form_class = forms.PaymentForm

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def initial(self, obj):
        return {"amount": obj.amount}

    def perform(self, obj, form):
        d = form.cleaned_data
        return services.record_payment(self.request.user, obj, kind=d["kind"], amount=d["amount"], paid_on=d["paid_on"],
                                       goods=d["goods"], fund_org=d["fund_org"])


class PaymentListView(ObjectListView):
    title = gettext_lazy("Aid payments")
    export_name = "aid-payments"
    selector = staticmethod(selectors.payments_for)
    filterset_class = PaymentFilterSet
    table_class = PaymentTable
    actions_template = "hardship/partials/payment_actions.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "bank":
            return self.bank_file(request)
        return super().get(request, *args, **kwargs)

    def bank_file(self, request):
        """The cash payments as a bank transfer file: account numbers in clear, so only for those who may reveal."""
        user = request.user
        if not may_reveal_everywhere(user) or not scope.can(user, "assist", None):
            raise PermissionDenied(_("Your role does not allow exporting bank account numbers."))
        filterset = self.filterset_class(request.GET, queryset=self.get_queryset(), request=request)
        qs = (filterset.qs if filterset.is_valid() else filterset.queryset.none()).filter(kind=PaymentKind.CASH)
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([_("account holder"), _("bank account number"), _("bank"), _("amount"), _("memo")])
        n = 0
        for p in qs.order_by("paid_on", "pk"):
            a = p.recipient.archive
            writer.writerow([(a.bank_account_name or a.name) if a else p.recipient.name, a.bank_account if a else "",
                             a.bank_name if a else "", f"{p.amount:.2f}", p.recipient.campaign.name])
            n += 1
        audit.record(AuditAction.EXPORT, None, user=user, model=qs.model, count=n, note="unmasked bank transfer csv")
        response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="bank-transfer.csv"'
        response["Cache-Control"] = "private, no-store"
        return response


# --- visits --------------------------------------------------------------------------------------------------------


class VisitListView(ObjectListView):
    title = gettext_lazy("Visits")
    export_name = "hardship-visits"
    selector = staticmethod(selectors.visits_for)
    filterset_class = VisitFilterSet
    table_class = VisitTable
    actions_template = NAV


class TaskListView(ObjectListView):
    title = gettext_lazy("Visit tasks (四必访)")
    export_name = "visit-tasks"
    selector = staticmethod(selectors.tasks_for)
    filterset_class = TaskFilterSet
    table_class = TaskTable
    actions_template = NAV


# --- funds -------------------------------------------------------------------------------------------------------


class LedgerView(ObjectListView):
    title = gettext_lazy("Assistance fund ledger")
    export_name = "fund-ledger"
    selector = staticmethod(selectors.entries_for)
    filterset_class = EntryFilterSet
    table_class = EntryTable
    add_url_name = "hardship:income_add"
    actions_template = "hardship/partials/ledger_actions.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["balances"] = [(o, selectors.balance_of(o)) for o in scope_roots(self.request.user)[:10]]
        return ctx


class EntryDetailView(ObjectDetailView):
    template_name = "hardship/entry_detail.html"
    selector = staticmethod(selectors.entries_for)


class IncomeEditView(ObjectEditView):
    selector = staticmethod(selectors.entries_for)
    form_class = forms.IncomeForm
    title_add = gettext_lazy("Record fund income")

    def get(self, request, *args, **kwargs):
        if "pk" in kwargs:
            raise Http404
        return super().get(request, *args, **kwargs)

    def cancel_url(self, obj):
        return reverse("hardship:ledger")


class AllocationEditView(IncomeEditView):
    form_class = forms.AllocationForm
    title_add = gettext_lazy("Allocate funds to a lower union")


class OverdraftEditView(IncomeEditView):
    form_class = forms.OverdraftForm
    title_add = gettext_lazy("Approve an overdraft")

"""Pages of aid campaigns, their recipients and the payments (with the bank transfer file)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from gonghui.core import audit, exports, scope
from gonghui.core.exports import may_reveal_everywhere
from gonghui.core.forms import ReasonForm
from gonghui.core.models import AuditAction
from gonghui.core.selectors import capped
from gonghui.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PrintView,
    ScopedObjectMixin,
)
from gonghui.members.models import Member

from .. import forms, selectors, services
from ..choices import ArchiveStatus, PaymentKind, RecipientStatus, Relation
from ..filtersets import CampaignFilterSet, PaymentFilterSet, RecipientFilterSet
from ..models import AidCampaign, HouseholdMember
from ..tables import CampaignTable, PaymentTable, RecipientTable
from .common import NAV, AssistMixin

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

    def get_object_context(self, c):
        user = self.request.user
        can_assist = scope.can(user, "assist", None)
        return {
            "progress": selectors.campaign_progress(c, user),
            "participants": c.participants.select_related("org"),
            "can_assist": can_assist,
            "can_propose": AidCampaign.workflow.can(c, user, "propose"),  # "not yet helped" goes with proposing
            "recipients": capped(selectors.recipients_for(user).filter(campaign=c), 200,
                                 url=f"{reverse('hardship:recipient_list')}?campaign={c.pk}") if can_assist else [],
        }


class PaymentListPrintView(PrintView, CampaignDetailView):
    """The campaign's list for the recipients' signatures: those approved or paid that the user may assist (as on the
    campaign's page), headed by the user's own union, which hands the aid out."""

    template_name = "hardship/print/payment_list.html"
    form_title = gettext_lazy("Aid payment list for signature")

    def print_org(self, campaign):
        return self.request.user.home_org or campaign.org

    def get_object_context(self, c):
        ctx = super().get_object_context(c)
        rows = []
        if ctx["can_assist"]:
            rows = list(selectors.recipients_for(self.request.user).filter(
                campaign=c, status__in=[RecipientStatus.APPROVED, RecipientStatus.PAID]).order_by("org__path", "id"))
        return ctx | {"sign_rows": rows, "sign_total": sum((r.amount for r in rows), Decimal("0"))}


class CampaignEditView(ObjectEditView):
    selector = staticmethod(selectors.campaigns_for)
    form_class = forms.CampaignForm
    title_add = gettext_lazy("Open an aid campaign")
    list_url_name = "hardship:campaign_list"


class CampaignCloseView(ObjectActionView):
    selector = staticmethod(selectors.campaigns_for)
    transition = "close"
    title = gettext_lazy("Close the campaign")
    service = services.close_campaign


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
    transition = "propose"
    title = gettext_lazy("Propose a recipient")
    form_class = forms.ProposeForm
    success_message = gettext_lazy("The recipient has been proposed.")

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
            student = (HouseholdMember.objects.filter(pk=d["student"], archive__in=selectors.archives_for(user))
                       .select_related("archive").first())
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


class RecipientListView(ObjectListView):
    title = gettext_lazy("Aid recipients")
    export_name = "aid-recipients"
    selector = staticmethod(selectors.recipients_for)
    filterset_class = RecipientFilterSet
    table_class = RecipientTable
    actions_template = NAV


class RecipientDetailView(AssistMixin, ObjectDetailView):
    template_name = "hardship/recipient_detail.html"
    selector = staticmethod(selectors.recipients_visible)

    def get_object_context(self, r):
        self.require_assist(r)
        return {"payments": r.payments.select_related("fund_org")}


class RecipientStepView(ObjectActionView):
    """A step of a proposed recipient (``AidRecipient.workflow``): the decision above, then the payment."""

    selector = staticmethod(selectors.recipients_visible)


class RecipientApproveView(RecipientStepView):
    transition = "approve"
    title = gettext_lazy("Approve the recipient")
    service = services.approve_recipient


class RecipientRejectView(RecipientStepView):
    transition = "reject"
    title = gettext_lazy("Reject the recipient")
    danger = True
    form_class = ReasonForm
    service, service_fields = services.reject_recipient, ("reason",)


class PayView(RecipientStepView):
    transition = "hardship_pay"
    title = gettext_lazy("Record the payment")
    success_message = gettext_lazy("The payment has been recorded.")
    form_class = forms.PaymentForm

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def initial(self, obj):
        return {"amount": obj.amount}

    service, service_fields = services.record_payment, ("kind", "amount", "paid_on", "goods", "fund_org")


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
        rows = [[_("account holder"), _("bank account number"), _("bank"), _("amount"), _("memo")]]
        for p in qs.order_by("paid_on", "pk"):
            a = p.recipient.archive
            rows.append([(a.bank_account_name or a.name) if a else p.recipient.name, a.bank_account if a else "",
                         a.bank_name if a else "", f"{p.amount:.2f}", p.recipient.campaign.name])
        n = len(rows) - 1
        audit.record(AuditAction.EXPORT, None, user=user, model=qs.model, count=n, note="unmasked bank transfer csv")
        # The one export writer (BOM, formula-like names neutralised).
        response = HttpResponse(b"".join(exports.csv_stream(rows)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="bank-transfer.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

"""Pages of the member registry (会员), join applications (入会) and transfers (接转).

Thin views on the generic ones in gonghui.core.views: reads go through the scoped selectors, writes
through members.services. The public join page and its QR code are the only pages without sign-in.
"""

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import cache_control

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.forms import ReasonForm, apply_validation_error
from gonghui.core.net import client_ip
from gonghui.core.selectors import capped
from gonghui.core.validators import normalise_phone
from gonghui.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PrintView,
    RevealView,
    ScopedObjectMixin,
    save_valid,
)
from gonghui.orgs.choices import MEMBER_HOLDING_TYPES
from gonghui.orgs.selectors import find_org_by_code

from . import selectors, services
from .filtersets import ApplicationFilterSet, MemberFilterSet, TransferFilterSet
from .forms import (
    ApproveForm,
    JoinApplicationForm,
    MemberForm,
    StaffApplicationForm,
    StatusChangeForm,
    TransferStartForm,
    mark_invalid,
)
from .models import Member
from .tables import ApplicationTable, MemberTable, TransferTable

# --- Members ------------------------------------------------------------------------------------


def _visible(user, member_id):
    """May ``user`` open the member's page (an application's or a transfer's member may lie outside the scope)?"""
    return selectors.members_for(user).filter(pk=member_id).exists()


class MemberListView(ObjectListView):
    title = gettext_lazy("Members")
    export_name = "members"
    selector = staticmethod(selectors.members_for)
    filterset_class = MemberFilterSet
    table_class = MemberTable
    add_url_name = "members:member_add"
    actions_template = "imports/partials/actions_members.html"

    def get_table_kwargs(self):
        """A search by name lists the names in order, unless a column is sorted: a common name ("王芳") matches
        tens of thousands at a province, and in name order the first page is read from the name index instead of
        sorting them all by join date."""
        kwargs = super().get_table_kwargs()
        if selectors.is_name_search(self.request.GET.get("q")) and not self.request.GET.get("sort"):
            kwargs["order_by"] = ("name",)
        return kwargs


class MemberDetailView(ObjectDetailView):
    template_name = "members/member_detail.html"
    selector = staticmethod(selectors.members_for)

    def get_object_context(self, member):
        return {
            "events": capped(selectors.member_history(member), 200),
            "pending_transfer": selectors.pending_transfer(member),
            "transfers": selectors.member_transfers(member)[:20],
            "applications": selectors.member_applications(member)[:20],
            "account": selectors.portal_account(member),
        }


class MemberPrintView(PrintView, MemberDetailView):
    template_name = "members/print/member.html"
    form_title = gettext_lazy("Member registration form")


class MemberEditView(ObjectEditView):
    selector = staticmethod(selectors.members_for)
    form_class = MemberForm
    title_add = gettext_lazy("Add member")
    title_edit = gettext_lazy("Edit member")
    list_url_name = "members:member_list"


class MemberRevealView(RevealView):
    selector = staticmethod(selectors.members_for)


class MemberStatusView(ObjectActionView):
    """Withdraw (退会), reinstate (恢复), retain (保留会籍), record a death: a reason and an effective date."""

    selector = staticmethod(selectors.members_for)
    form_class = StatusChangeForm
    reason_required = True
    reason_label = None
    service_fields = ("reason", "date")

    def form_kwargs(self, obj):
        return {"reason_required": self.reason_required, "reason_label": self.reason_label}


class MemberWithdrawView(MemberStatusView):
    transition = "withdraw"
    title = gettext_lazy("Withdraw from the union (退会)")
    message = gettext_lazy("The member leaves the union. The record is kept; the person can rejoin later.")
    danger = True
    service = services.withdraw_member
    success_message = gettext_lazy("The member has withdrawn.")


class MemberReinstateView(MemberStatusView):
    transition = "reinstate"
    title = gettext_lazy("Reinstate membership (恢复会籍)")
    message = gettext_lazy("The member becomes active again in the same union.")
    reason_required = False
    reason_label = gettext_lazy("note")
    service, service_fields = services.reinstate_member, ("note=reason", "date")
    success_message = gettext_lazy("The membership has been reinstated.")


class MemberRetainView(MemberStatusView):
    transition = "retain"
    title = gettext_lazy("Retain membership (保留会籍)")
    message = gettext_lazy("For a member who is laid off, on long leave or retired awaiting settlement.")
    service = services.retain_membership
    success_message = gettext_lazy("The membership is retained.")


class MemberDeathView(MemberStatusView):
    transition = "deceased"
    title = gettext_lazy("Record death")
    message = gettext_lazy("The member is recorded as deceased. This cannot be undone here.")
    danger = True
    reason_required = False
    reason_label = gettext_lazy("note")
    service, service_fields = services.record_death, ("note=reason", "date")
    success_message = gettext_lazy("The death has been recorded.")


class MemberInviteView(ObjectActionView):
    selector = staticmethod(selectors.members_for)
    title = gettext_lazy("Invite to the member portal")
    message = gettext_lazy(
        "A portal account is opened for the member's mobile number and an activation link is sent by SMS.")
    success_message = gettext_lazy("The activation link has been sent to the member's mobile phone.")

    def perform(self, obj, form):
        account = services.invite_member(self.request.user, obj)
        if account is None:
            raise ValidationError(_("No portal account was opened: the mobile number is used by another account."))
        return account


class MemberTransferView(ScopedObjectMixin, View):
    """Start a transfer (转出). The receiving union is given by code; the confirmation shows only its name."""

    selector = staticmethod(selectors.members_for)
    template_name = "members/transfer_start.html"

    def _member(self):
        member = self.get_object()
        Member.workflow.require(member, self.request.user, "transfer_start")
        return member

    def get(self, request, *args, **kwargs):
        member = self._member()
        return render(request, self.template_name, {"object": member, "form": TransferStartForm(), "confirming": False})

    def post(self, request, *args, **kwargs):
        member = self._member()
        form = TransferStartForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"object": member, "form": form, "confirming": False})
        if not form.cleaned_data.get("confirm"):
            return render(request, self.template_name,
                          {"object": member, "form": form, "confirming": True, "to_org_name": form.to_org.name})
        try:
            transfer = services.start_transfer(request.user, member, form.to_org, form.cleaned_data["reason"])
        except WorkflowConflict as e:
            messages.error(request, str(e))
            return HttpResponseRedirect(member.get_absolute_url())
        except ValidationError as e:
            if hasattr(e, "error_dict") and "to_org" in e.error_dict:
                e = ValidationError({"to_org_code": e.error_dict["to_org"]})
            apply_validation_error(form, e)
            mark_invalid(form)
            return render(request, self.template_name, {"object": member, "form": form, "confirming": False})
        messages.success(request, _("The transfer has been sent to %(org)s for its decision.")
                         % {"org": form.to_org.name})
        return HttpResponseRedirect(transfer.get_absolute_url())


# --- Join applications --------------------------------------------------------------------------


class ApplicationListView(ObjectListView):
    title = gettext_lazy("Join applications")
    export_name = "join-applications"
    selector = staticmethod(selectors.applications_for)
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    add_url_name = "members:application_add"


class ApplicationDetailView(ObjectDetailView):
    template_name = "members/application_detail.html"
    selector = staticmethod(selectors.applications_for)

    def get_object_context(self, app):
        return {"member_visible": bool(app.member_id) and _visible(self.request.user, app.member_id)}


class ApplicationPrintView(PrintView, ApplicationDetailView):
    template_name = "members/print/application.html"
    form_title = gettext_lazy("Application to join the union")


class ApplicationAddView(ObjectEditView):
    selector = staticmethod(selectors.applications_for)
    form_class = StaffApplicationForm
    title_add = gettext_lazy("Enter a join application")
    list_url_name = "members:application_list"


class ApplicationRevealView(RevealView):
    selector = staticmethod(selectors.applications_for)


class ApplicationStepView(ObjectActionView):
    """A decision on a join application (``JoinApplication.workflow``)."""

    selector = staticmethod(selectors.applications_for)


class ApplicationApproveView(ApplicationStepView):
    transition = "approve"
    form_class = ApproveForm
    title = gettext_lazy("Approve the join application")
    message = gettext_lazy("The applicant becomes a member of this union and is invited to the member portal.")
    success_message = gettext_lazy("Approved: the member has been registered.")
    service, service_fields = services.approve_application, ("join_date",)

    def success_url(self, obj, result):
        return result.get_absolute_url()


class ApplicationRejectView(ApplicationStepView):
    transition = "reject"
    form_class = ReasonForm
    title = gettext_lazy("Reject the join application")
    message = gettext_lazy("The applicant is told the reason.")
    danger = True
    success_message = gettext_lazy("The application has been rejected.")
    service, service_fields = services.reject_application, ("reason",)


# --- Transfers ----------------------------------------------------------------------------------


class TransferListView(ObjectListView):
    title = gettext_lazy("Transfers")
    export_name = "transfers"
    selector = staticmethod(selectors.transfers_for)
    filterset_class = TransferFilterSet
    table_class = TransferTable


class TransferDetailView(ObjectDetailView):
    """Both unions see the transfer; the receiver sees the member's name and masked ID, nothing more."""

    template_name = "members/transfer_detail.html"
    selector = staticmethod(selectors.transfers_for)

    def get_object_context(self, t):
        return {"member": t.member, "member_visible": _visible(self.request.user, t.member_id)}


class TransferPrintView(PrintView, TransferDetailView):
    template_name = "members/print/transfer.html"
    form_title = gettext_lazy("Member transfer slip")


class TransferActionView(ObjectActionView):
    """A step of the transfer: the receiving union accepts or refuses, the sender cancels (``Transfer.workflow``)."""

    selector = staticmethod(selectors.transfers_for)


class TransferAcceptView(TransferActionView):
    transition = "accept"
    title = gettext_lazy("Accept the transfer")
    message = gettext_lazy("The member joins your union and becomes active here.")
    success_message = gettext_lazy("The transfer has been accepted.")
    service = services.accept_transfer


class TransferRefuseView(TransferActionView):
    transition = "refuse"
    form_class = ReasonForm
    title = gettext_lazy("Refuse the transfer")
    message = gettext_lazy("The member stays with the sending union.")
    danger = True
    success_message = gettext_lazy("The transfer has been refused.")
    service, service_fields = services.refuse_transfer, ("reason",)


class TransferCancelView(TransferActionView):
    transition = "cancel"
    title = gettext_lazy("Cancel the transfer")
    message = gettext_lazy("The member stays with your union and is active again.")
    danger = True
    success_message = gettext_lazy("The transfer has been cancelled.")
    service = services.cancel_transfer


# --- Public join page (no sign-in) ---------------------------------------------------------------

# Spam brakes (cache-based, shared by all server processes): submissions per client address and per
# mobile number in a time window.
JOIN_LIMIT_PER_IP = (20, 3600)
JOIN_LIMIT_PER_PHONE = (5, 24 * 3600)


def _over_limit(key, limit, window):
    if cache.add(key, 1, window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            count = 1
    return count > limit


def _join_org(code):
    org = find_org_by_code(code)
    if org is None or org.org_type not in MEMBER_HOLDING_TYPES:
        raise Http404
    return org


def join_url(org):
    return settings.GONGHUI_PUBLIC_BASE_URL.rstrip("/") + reverse("members:join", args=[org.code])


class JoinView(View):
    """入会申请: a mobile-first public form for a worker to apply to the union named by the code."""

    template_name = "members/join.html"

    def render(self, request, org, form, status=200):
        return render(request, self.template_name, {"org": org, "form": form, "title": _("Apply to join the union")},
                      status=status)

    def get(self, request, code):
        org = _join_org(code)
        return self.render(request, org, JoinApplicationForm(org=org))

    def post(self, request, code):
        org = _join_org(code)
        form = JoinApplicationForm(request.POST, org=org)
        if form.is_spam:  # a bot filled the hidden field: pretend all is well, store nothing
            request.session["join_done"] = {"code": org.code, "reference": ""}
            return redirect("members:join_done", code=org.code)
        ip = client_ip(request)  # behind a trusted proxy, the address it forwarded
        limited = _over_limit(f"join:ip:{ip}", *JOIN_LIMIT_PER_IP)
        phone = normalise_phone(request.POST.get("phone", ""))
        if not limited and phone:
            limited = _over_limit(f"join:phone:{phone}", *JOIN_LIMIT_PER_PHONE)
        if limited:
            form.add_error(None, _("Too many applications have been sent from here. Please try again later."))
            return self.render(request, org, form, status=429)
        ok, app = save_valid(form)
        if ok:
            request.session["join_done"] = {"code": org.code, "reference": app.reference_no}
            return redirect("members:join_done", code=org.code)
        return self.render(request, org, form)


class JoinDoneView(View):
    def get(self, request, code):
        org = _join_org(code)
        done = request.session.get("join_done") or {}
        if done.get("code") != org.code:
            return redirect("members:join", code=org.code)
        return render(request, "members/join_done.html",
                      {"org": org, "reference": done.get("reference"), "title": _("Application received")})


@cache_control(max_age=3600, public=True)
def join_qr(request, code):
    """An SVG QR code of the join page's absolute address, for posters and notice boards."""
    org = _join_org(code)
    img = qrcode.make(join_url(org), image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buf = io.BytesIO()
    img.save(buf)
    response = HttpResponse(buf.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="join-{org.code}.svg"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response

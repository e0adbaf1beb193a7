"""The worker's side of rights protection in the member portal (/portal/rights/).

Three ways in: a member signed in to the portal; a worker without an account who proves a phone number with
a one-time code; anyone anonymously (no identity stored), following the case with its reference number and a
follow-up code shown once. No URL carries a database id: cases are addressed by reference number, and a page
shows a case only to the member who filed it, the verified phone of its complainant, or a session that gave
its follow-up code.
"""

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from gonghui.accounts import services as account_services
from gonghui.accounts import throttle
from gonghui.accounts.throttle import client_ip
from gonghui.core.attachments import atomic_with_files
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.forms import apply_validation_error
from gonghui.core.pii import mask_phone
from gonghui.core.views import save_valid
from gonghui.members import selectors as member_selectors
from gonghui.members.portal import MemberRequiredMixin

from . import selectors, services, verification
from .forms import (
    AddInfoForm,
    AnonymousComplaintForm,
    CodeForm,
    FollowForm,
    MemberComplaintForm,
    PhoneForm,
    PublicComplaintForm,
    RateForm,
)

PURPOSE = "rights_complaint"
SESSION_PHONE = "rights_verified_phone"
SESSION_FOLLOW = "rights_follow"
PHONE_SESSION_SECONDS = 2 * 3600


def verified_phone(request):
    data = request.session.get(SESSION_PHONE)
    if not data or data.get("until", 0) < time.time():
        return None
    return data.get("phone")


def _allow(request, case):
    allowed = list(request.session.get(SESSION_FOLLOW, []))
    if case.pk not in allowed:
        allowed.append(case.pk)
    request.session[SESSION_FOLLOW] = allowed[-20:]


def _member(request):
    user = request.user
    if user.is_authenticated and getattr(user, "is_member_account", False):
        return member_selectors.member_for_account(user)
    return None


def _filed(request, case):
    messages.success(request, _("Your complaint has been filed. Reference number: %(ref)s")
                     % {"ref": case.reference_no})
    return redirect("rights_portal:track", reference=case.reference_no)


def case_for_request(request, reference):
    """The case if this visitor may follow it (member who filed it, verified phone, or follow-up code)."""
    case = selectors.case_by_reference(reference)
    if case is None:
        raise Http404
    member = _member(request)
    if member is not None and case.complainant_member_id == member.pk:
        return case
    if case.pk in request.session.get(SESSION_FOLLOW, []):
        return case
    phone = verified_phone(request)
    if phone and selectors.cases_for_phone(phone).filter(pk=case.pk).exists():
        return case
    if member is not None and selectors.cases_filed_for_member(member).filter(pk=case.pk).exists():
        case.read_only = True  # recorded by officials: the member follows it, and the union handles it
        return case
    raise Http404


def _file_with_evidence(form, filing):
    """File the complaint (``filing()`` returns the case, or the case and its follow-up code) and store the evidence
    the form carries, in one block: a failure after the file was written leaves neither the case nor the file."""
    with atomic_with_files():
        result = filing()
        if form.cleaned_data.get("document"):
            case = result[0] if isinstance(result, tuple) else result
            services.store_document(None, case, form.cleaned_data["document"], _("Evidence from the worker"),
                                    from_worker=True)
    return result


class PortalContextMixin:
    def base_context(self, **extra):
        member = _member(self.request)
        return {"member": member, "active_tab": "rights", **extra}


@method_decorator(never_cache, name="dispatch")
class HomeView(PortalContextMixin, View):
    """Members see their cases (those officials recorded for them too, marked); everyone else the ways to file or
    follow a complaint."""

    def get(self, request):
        member = _member(request)
        phone = verified_phone(request)
        cases = list(selectors.member_cases(member)) if member is not None else []
        if member is not None:
            for case in selectors.cases_filed_for_member(member):
                case.read_only = True
                cases.append(case)
        if phone:
            cases += [c for c in selectors.cases_for_phone(phone) if c not in cases]
        return render(request, "rights_portal/home.html", self.base_context(cases=cases, phone=phone))


class FileView(MemberRequiredMixin, TemplateView):
    """A member files a complaint: the member is the complainant, the employer defaults to the member's."""

    template_name = "rights_portal/file.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["active_tab"] = "rights"
        ctx.setdefault("form", MemberComplaintForm(initial={
            "employer_name": self.member.unit.name if self.member.unit else "",
            "credit_code": self.member.unit.credit_code if self.member.unit else "", "worker_count": 1}))
        return ctx

    def post(self, request):
        form = MemberComplaintForm(request.POST, request.FILES)
        ok, case = save_valid(form, lambda: _file_with_evidence(form, lambda: services.file_member_case(
            request.user, self.member, form.complaint_data())))
        if ok:
            return _filed(request, case)
        return self.render_to_response(self.get_context_data(form=form))


class PortalFormView(PortalContextMixin, View):
    """A page of one form: GET shows it; POST gives it to ``submit(form)``, whose answer is the response, or None
    to show the form again with its errors."""

    form_class = None
    template_name = ""
    throttle_form = None  # the public form's name in accounts.throttle: limited per address

    def render_form(self, form):
        return render(self.request, self.template_name, self.base_context(form=form))

    def get(self, request):
        return self.render_form(self.form_class())

    def post(self, request):
        form = self.form_class(request.POST)
        if self.throttle_form and throttle.public_form_limited(self.throttle_form, request):
            form.add_error(None, throttle.PUBLIC_FORM_MESSAGE)
            response = self.render_form(form)
            response.status_code = 429
            return response
        return self.submit(form) or self.render_form(form)


@method_decorator(never_cache, name="dispatch")
class PhoneView(PortalFormView):
    """Without an account: enter a mobile number, receive a code by text message."""

    form_class, template_name = PhoneForm, "rights_portal/phone.html"
    throttle_form = "code_send"

    def submit(self, form):
        ok, _result = save_valid(form, lambda: verification.send_code(form.cleaned_data["phone"], PURPOSE))
        if ok:
            self.request.session["rights_phone_pending"] = form.cleaned_data["phone"]
            return redirect("rights_portal:verify")
        return None


class PhoneRequiredMixin:
    """The page needs a phone number kept in the session (``phone_of(request)``); without one, the visitor is sent
    to the page that asks for it."""

    def dispatch(self, request, *args, **kwargs):
        self.phone = self.phone_of(request)
        if not self.phone:
            return redirect("rights_portal:phone")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class VerifyView(PhoneRequiredMixin, PortalFormView):
    form_class = CodeForm
    throttle_form = "code_check"

    def phone_of(self, request):
        return request.session.get("rights_phone_pending")

    def render_form(self, form):
        return render(self.request, "rights_portal/verify.html",
                      self.base_context(form=form, phone_masked=mask_phone(self.phone)))

    def submit(self, form):
        ok, _result = save_valid(form, lambda: verification.check_code(self.phone, PURPOSE, form.cleaned_data["code"]))
        if ok:
            session = self.request.session
            session.cycle_key()
            session[SESSION_PHONE] = {"phone": self.phone, "until": time.time() + PHONE_SESSION_SECONDS}
            session.pop("rights_phone_pending", None)
            return redirect("rights_portal:home")
        return None


@method_decorator(never_cache, name="dispatch")
class PublicFileView(PhoneRequiredMixin, PortalContextMixin, View):
    """File with a verified phone number (no account)."""

    phone_of = staticmethod(verified_phone)

    def get(self, request):
        return render(request, "rights_portal/file.html",
                      self.base_context(form=PublicComplaintForm(initial={"worker_count": 1}), public=True))

    def post(self, request):
        form = PublicComplaintForm(request.POST, request.FILES)
        ok, case = save_valid(form, lambda: _file_with_evidence(form, lambda: services.file_public_case(
            self.phone, form.cleaned_data["name"], {**form.complaint_data(), "id_number": form.cleaned_data.get(
                "id_number", "")}, area_org=form.area_org())))
        if ok:
            _allow(request, case)
            return _filed(request, case)
        return render(request, "rights_portal/file.html", self.base_context(form=form, public=True))


@method_decorator(never_cache, name="dispatch")
class AnonymousFileView(PortalContextMixin, View):
    """File anonymously: nothing about the person is stored; the follow-up code is shown once."""

    def get(self, request):
        return render(request, "rights_portal/file.html",
                      self.base_context(form=AnonymousComplaintForm(initial={"worker_count": 1}), anonymous=True))

    def post(self, request):
        form = AnonymousComplaintForm(request.POST, request.FILES)
        if throttle.public_form_limited("complaint", request):
            form.add_error(None, throttle.PUBLIC_FORM_MESSAGE)
            return render(request, "rights_portal/file.html", self.base_context(form=form, anonymous=True),
                          status=429)
        ok, filed = save_valid(form, lambda: _file_with_evidence(form, lambda: services.file_anonymous_case(
            form.complaint_data(), area_org=form.area_org())))
        if ok:
            case, code = filed
            _allow(request, case)
            return render(request, "rights_portal/anonymous_done.html", self.base_context(case=case, follow_code=code))
        return render(request, "rights_portal/file.html", self.base_context(form=form, anonymous=True))


@method_decorator(never_cache, name="dispatch")
class FollowView(PortalFormView):
    """Follow a case with its reference number and follow-up code (anonymous complaints)."""

    form_class, template_name = FollowForm, "rights_portal/follow.html"

    def submit(self, form):
        if not form.is_valid():
            return None
        ref, ip = form.cleaned_data["reference"].strip().upper(), client_ip(self.request)
        if account_services.login_blocked("rights_follow", ref, ip):
            form.add_error(None, _("Too many wrong tries. Wait 15 minutes and try again."))
            return None
        case = selectors.case_by_reference(ref)
        if case is not None and services.check_follow_code(case, form.cleaned_data["follow_code"]):
            _allow(self.request, case)
            return redirect("rights_portal:track", reference=case.reference_no)
        account_services.login_failed("rights_follow", ref, ip)
        form.add_error(None, _("The reference number or the follow-up code is not right."))
        return None


@method_decorator(never_cache, name="dispatch")
class TrackView(PortalContextMixin, View):
    """The case's status and history as the worker reads them; add information; rate when closed."""

    def context(self, case, info_form=None, rate_form=None):
        return self.base_context(
            case=case, events=selectors.case_events(case, public_only=True),
            info_form=info_form or AddInfoForm(), rate_form=rate_form or RateForm(),
            can_add=case.worker_may("info") and not getattr(case, "read_only", False),
            can_rate=case.worker_may("rate") and not getattr(case, "read_only", False),
            read_only=getattr(case, "read_only", False),
            days_left=case.days_left(), overdue=case.is_overdue())

    def get(self, request, reference):
        case = case_for_request(request, reference)
        return render(request, "rights_portal/track.html", self.context(case))

    def post(self, request, reference):
        case = case_for_request(request, reference)
        if getattr(case, "read_only", False):
            raise PermissionDenied(_("This case was recorded by your union; please contact the union handling it."))
        info_form = rate_form = None
        try:
            if request.POST.get("action") == "rate":
                rate_form = RateForm(request.POST)
                if rate_form.is_valid():
                    services.rate_case(case, rate_form.cleaned_data["satisfaction"], rate_form.cleaned_data["comment"])
                    messages.success(request, _("Thank you for your rating."))
                    return HttpResponseRedirect(request.path)
            else:
                info_form = AddInfoForm(request.POST, request.FILES)
                if info_form.is_valid():
                    services.add_information(case, info_form.cleaned_data["text"],
                                             info_form.cleaned_data.get("document"))
                    messages.success(request, _("Your information has been added to the case."))
                    return HttpResponseRedirect(request.path)
        except ValidationError as e:
            apply_validation_error(rate_form or info_form, e)
        except WorkflowConflict as e:
            messages.error(request, str(e))
            return HttpResponseRedirect(request.path)
        return render(request, "rights_portal/track.html", self.context(case, info_form, rate_form))


class ForgetPhoneView(View):
    def post(self, request):
        request.session.pop(SESSION_PHONE, None)
        request.session.pop(SESSION_FOLLOW, None)
        return redirect(reverse("rights_portal:home"))

"""Officials' sign-in, and the administration of officials' accounts and roles (org_admin only)."""

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from gonghui.core import scope
from gonghui.core.forms import apply_validation_error
from gonghui.core.selectors import capped
from gonghui.core.views import (
    HISTORY_SHOWN,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedObjectMixin,
)

from . import selectors, services, throttle
from .filtersets import UserFilterSet
from .forms import LoginForm, RoleAssignmentForm, UserForm
from .tables import UserTable
from .throttle import client_ip

THROTTLED_MESSAGE = gettext_lazy(
    "Too many failed sign-in attempts. For your security, please wait 15 minutes and try again."
)


def safe_next(request, default, prefix=None):
    """The ``next`` address if it points into this site (and below ``prefix`` when given), else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    if ok and target and (prefix is None or target.startswith(prefix)):
        return target
    return default


def after_login_url(request, user):
    if user.is_member_account:
        return safe_next(request, reverse("portal:home"), prefix=reverse("portal:home"))
    return safe_next(request, reverse("core:home"))


@method_decorator([sensitive_post_parameters("password"), csrf_protect, never_cache], name="dispatch")
class ThrottledLoginView(View):
    """Sign-in by ``login_field`` and password, refused for a while after repeated failures from the same name or
    address (``services.login_blocked``). A page sets the form, its own ``render`` and ``success_url``."""

    form_class = None
    login_field = ""
    throttle_kind = ""
    failed_message = ""

    def post(self, request):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render(form)
        name, ip = form.cleaned_data[self.login_field].strip(), client_ip(request)
        trusted = throttle.known_device(request, self.throttle_kind, name)
        if services.login_blocked(self.throttle_kind, name, ip, trusted=trusted):
            form.add_error(None, THROTTLED_MESSAGE)
            return self.render(form, status=429)
        user = authenticate(request, password=form.cleaned_data["password"], **{self.login_field: name})
        if user is None:
            services.login_failed(self.throttle_kind, name, ip)
            form.add_error(None, self.failed_message)
            return self.render(form)
        login(request, user)
        services.login_succeeded(self.throttle_kind, name, ip, user)
        return throttle.remember_device(HttpResponseRedirect(self.success_url(user)), request, self.throttle_kind, name)


class LoginView(ThrottledLoginView):
    """Officials sign in with user name and password. A member's account is sent on to the portal."""

    template_name = "accounts/login.html"
    form_class, login_field, throttle_kind = LoginForm, "username", "official"
    failed_message = gettext_lazy("The user name or the password is not correct.")

    def get(self, request):
        if request.user.is_authenticated:
            return redirect(after_login_url(request, request.user))
        return self.render(LoginForm())

    def render(self, form, status=200):
        return render(request=self.request, template_name=self.template_name, status=status,
                      context={"form": form, "next": safe_next(self.request, ""), "title": _("Sign in")})

    def success_url(self, user):
        return after_login_url(self.request, user)


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only) and return to the sign-in page."""

    next_page = "accounts:login"


# --- Users (org_admin) ------------------------------------------------------------------------------------

class ManageUsersMixin:
    """The users list and the create page are for organisation administrators; other officials get 403.

    Pages about one account or role do not need it: they look the object up in the scope first (404
    outside it) and then require ``manage_users`` at its organisation (403), like every ObjectEditView.
    """

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        is_official = user.is_authenticated and (scope.is_unrestricted(user) or scope.scope_paths(user))
        if is_official and "pk" not in kwargs and not scope.can(user, "manage_users", None):
            raise PermissionDenied(_("Only organisation administrators manage user accounts."))
        return super().dispatch(request, *args, **kwargs)


class UserListView(ManageUsersMixin, ObjectListView):
    title = gettext_lazy("Users")
    export_name = "users"
    selector = staticmethod(selectors.users_with_roles_for)
    filterset_class = UserFilterSet
    table_class = UserTable
    add_url_name = "accounts:user_add"
    add_action = "manage_users"


def _without_lookup_keys(entries):
    """Role entries carry ``user_id`` only so the account's log can find them; it is not worth showing."""
    for entry in entries:
        for side in ("before", "after"):
            data = getattr(entry, side)
            if isinstance(data, dict) and "user_id" in data:
                setattr(entry, side, {k: v for k, v in data.items() if k != "user_id"})
    return entries


class ManagedAccountMixin:
    """Pages about one official's account: found through ``selectors.managed_account`` (404 outside the scope or
    when the account holds a role the administrator may not manage, 403 for officials who manage no users)."""

    selector = staticmethod(selectors.users_for)

    def get_object(self):
        return selectors.managed_account(self.request.user, self.kwargs["pk"])


class UserDetailView(ManagedAccountMixin, ObjectDetailView):
    template_name = "accounts/user_detail.html"

    def get_object_context(self, account):
        actor = self.request.user
        roles, other_roles = selectors.roles_of(actor, account)
        return {
            "title": str(account),
            "roles": [(a, scope.can(actor, "manage_users", a.org)) for a in roles],
            "other_roles": other_roles,
            "history": _without_lookup_keys(capped(selectors.user_history(actor, account), HISTORY_SHOWN)),
            "role_form": RoleAssignmentForm(user=actor, account=account),
            "is_self": account.pk == actor.pk,
        }


class UserEditView(ManageUsersMixin, ManagedAccountMixin, ObjectEditView):
    form_class = UserForm
    action = "manage_users"
    title_add = gettext_lazy("Add user")
    title_edit = gettext_lazy("Edit user")
    list_url_name = "accounts:user_list"


class UserActiveView(ManagedAccountMixin, ObjectActionView):
    """Deactivate (the account can no longer sign in; nothing is deleted) or reactivate an account."""

    action = "manage_users"
    activate = False

    def context(self, obj, form):
        ctx = super().context(obj, form)
        if self.activate:
            ctx.update(title=_("Reactivate user"),
                       message=_("The account will be able to sign in again with its roles."))
        else:
            ctx.update(title=_("Deactivate user"), danger=True, message=_(
                "The account will no longer be able to sign in or use the API. Its roles and its history are kept."
            ))
        return ctx

    def perform(self, obj, form):
        return services.update_official(self.request.user, obj, is_active=self.activate)

    @property
    def success_message(self):
        return _("The account is active again.") if self.activate else _("The account is deactivated.")


class RoleAddView(ManagedAccountMixin, ScopedObjectMixin, View):
    """Give the official a role at an organisation in the administrator's part of the tree."""

    template_name = "core/object_edit.html"

    def render_form(self, account, form):
        return render(self.request, self.template_name, {
            "form": form, "object": account, "title": _("Add role"), "cancel_url": account.get_absolute_url(),
        })

    def get(self, request, pk):
        account = self.get_object()
        return self.render_form(account, RoleAssignmentForm(user=request.user, account=account))

    def post(self, request, pk):
        account = self.get_object()
        form = RoleAssignmentForm(request.POST, user=request.user, account=account)
        if form.is_valid():
            try:
                assignment = form.save()
            except ValidationError as e:
                apply_validation_error(form, e)
            except PermissionDenied:
                form.add_error("org", _("Your role does not allow giving roles at this organisation."))
            else:
                messages.success(request, _("Role given: %(role)s at %(org)s.") % {
                    "role": assignment.get_role_display(), "org": assignment.org})
                return HttpResponseRedirect(account.get_absolute_url())
        return self.render_form(account, form)


class RoleRemoveView(ObjectActionView):
    selector = staticmethod(selectors.role_assignments_for)
    action = "manage_users"
    danger = True
    title = gettext_lazy("Remove role")
    message = gettext_lazy("The user loses this role at the organisation and everything below it.")
    success_message = gettext_lazy("Role removed.")
    service = services.revoke_role

    def get_object(self):
        assignment = super().get_object()
        selectors.require_manageable(self.request.user, assignment.user)  # the account as a whole, not this role
        return assignment

    def success_url(self, obj, result):
        return reverse("accounts:user_detail", args=[obj.user_id])

"""Accounts: officials and their roles, and members' portal accounts (opened on approval or by invitation)."""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from gonghui.core import audit, notify, scope
from gonghui.core.models import AuditAction
from gonghui.core.scope import require
from gonghui.core.validators import normalise_phone

from . import selectors, throttle, tokens
from .choices import Role, UserKind
from .models import RoleAssignment, User

logger = logging.getLogger("gonghui.accounts")


def password_link(user):
    """An absolute one-time link to set the password (activation and reset use the same link)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("portal:set_password", args=[uid, token])
    return settings.GONGHUI_PUBLIC_BASE_URL.rstrip("/") + path


def open_member_account(member, actor=None):
    """Create (or find) the member's portal account and send the activation link. Returns the user or None.

    An account is keyed by the member's mobile number; if that number already signs in another member,
    no account is opened and the official is told on the member's page.
    """
    with transaction.atomic():
        user = User.objects.filter(member=member).first()
        if user is None:
            if User.objects.filter(phone=member.phone).exists():
                audit.record(AuditAction.UPDATE, member, user=actor, transition="portal_account",
                             note=_("No portal account opened: the mobile number is used by another account."))
                return None
            user = User(username=f"m{member.member_no}", kind=UserKind.MEMBER, full_name=member.name,
                        phone=member.phone, member=member)
            user.set_unusable_password()
            user.save()
            audit.record(AuditAction.CREATE, member, user=actor, transition="portal_account",
                         note=_("Portal account opened"))
    notify.send(
        member.phone,
        _("gonghui member portal"),
        _("%(name)s, your union membership is confirmed. Set your password to sign in: %(link)s")
        % {"name": member.name, "link": password_link(user)},
    )
    return user


def send_password_reset(phone):
    """Portal 'forgot password': sends a link if an account has this number; says nothing either way."""
    user = User.objects.filter(phone=normalise_phone(phone), kind=UserKind.MEMBER, is_active=True).first()
    if user is not None:
        # In a thread of its own: the answer's time must not tell that the number has an account.
        notify.send_detached(user.phone, _("gonghui member portal"),
                             _("To set a new password, open: %(link)s (valid for a limited time)")
                             % {"link": password_link(user)}, on_commit=False)
    return user


USER_FIELDS = ["username", "full_name", "email", "phone", "is_active", "home_org"]


def _check_home_org(actor, org):
    """An official's account belongs to an organisation whose users ``actor`` manages."""
    if org is None:
        raise ValidationError({"home_org": _("Choose the organisation this account belongs to.")})
    require(actor, "manage_users", org)


def _check_unique(data, user=None):
    """The user name and the mobile number in ``data`` are no other account's than ``user``'s; an empty
    mobile number is stored as none."""
    others = User.objects.exclude(pk=user.pk) if user is not None else User.objects.all()
    if "username" in data and others.filter(username=data["username"]).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    if data.get("phone") and others.filter(phone=data["phone"]).exists():
        raise ValidationError({"phone": _("This mobile number is used by another account.")})
    if "phone" in data:
        data["phone"] = data["phone"] or None


def _set_password(user, password):
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise ValidationError({"password": e.messages}) from None
    user.set_password(password)


@transaction.atomic
def create_official(actor, *, password, **data):
    _check_home_org(actor, data.get("home_org"))
    data = {"phone": None, **{k: v for k, v in data.items() if k in USER_FIELDS}}
    _check_unique(data)
    user = User(kind=UserKind.OFFICIAL, **data)
    _set_password(user, password)
    user.save()
    audit.created(user, actor)
    return user


def require_manage_account(actor, user):
    """PermissionDenied unless ``actor`` may manage the account: its home organisation and every role it holds
    (``selectors.users_managed_by``). Views and the API answer 404 before getting here."""
    require(actor, "manage_users", user.home_org)
    if not selectors.may_manage(actor, user):
        raise PermissionDenied(_("Your role does not allow this."))


@transaction.atomic
def update_official(actor, user, *, password=None, **data):
    require_manage_account(actor, user)
    before = audit.snapshot(user)
    data = {k: v for k, v in data.items() if k in USER_FIELDS}
    if "home_org" in data:
        _check_home_org(actor, data["home_org"])
    if data.get("is_active") is False and user.pk == getattr(actor, "pk", None):
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    _check_unique(data, user)
    for k, v in data.items():
        setattr(user, k, v)
    if password:
        _set_password(user, password)
    user.save()
    audit.updated(user, actor, before)
    if password:
        password_changed(user, actor, "password_set", _("Password set by an administrator"))
    return user


def password_changed(user, actor, transition, note):
    """After any password change: write it to the change log (never the password) and revoke the account's API
    tokens. Its other sessions end by themselves: Django checks each session against the password's hash (the
    session that made the change is kept by ``update_session_auth_hash`` where the user changed their own)."""
    revoked = tokens.revoke_all(user)
    if revoked:
        note = f"{note}; " + _("API tokens revoked: %(count)d") % {"count": revoked}
    org = user.home_org if not user.is_member_account else getattr(user.member, "org", None)
    audit.record(AuditAction.UPDATE, user, user=actor, org=org, transition=transition, note=note)


@transaction.atomic
def change_own_password(user, old_password, new_password):
    """An official changes their own password (the old one is asked for again)."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("Your old password was entered incorrectly. Please enter it again.")})
    try:
        validate_password(new_password, user)
    except ValidationError as e:
        raise ValidationError({"new_password1": e.messages}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    password_changed(user, user, "password_changed", _("Password changed by its owner"))
    return user


def _role_snapshot(assignment):
    """The audited fields of a role assignment, plus the account's id (``user_id``) so that the
    account's change log (``selectors.user_history``) finds its role changes, removed ones included."""
    data = audit.snapshot(assignment)
    data["user_id"] = assignment.user_id
    return data


@transaction.atomic
def assign_role(actor, user, org, role):
    """Give ``user`` a role at ``org`` (replacing a role they had there)."""
    require(actor, "manage_users", org)
    if user.kind == UserKind.OFFICIAL and user.home_org_id is not None:
        require_manage_account(actor, user)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if user.kind != UserKind.OFFICIAL:
        raise ValidationError({"user": _("Roles are given to officials' accounts, not to member portal accounts.")})
    if not org.is_live:
        raise ValidationError({"org": _("A dissolved or merged organisation cannot have roles.")})
    assignment, created = RoleAssignment.objects.get_or_create(user=user, org=org, defaults={"role": role})
    if created:
        audit.record(AuditAction.CREATE, assignment, user=actor, after=_role_snapshot(assignment))
    elif assignment.role != role:
        before = _role_snapshot(assignment)
        assignment.role = role
        assignment.save(update_fields=["role"])
        audit.record(AuditAction.UPDATE, assignment, user=actor, before=before, after=_role_snapshot(assignment))
    scope.clear_cache(user)
    return assignment


@transaction.atomic
def revoke_role(actor, assignment):
    require(actor, "manage_users", assignment.org)
    require_manage_account(actor, assignment.user)
    audit.record(AuditAction.DELETE, assignment, user=actor, before=_role_snapshot(assignment))
    assignment.delete()
    scope.clear_cache(assignment.user)


# --- Signing in -------------------------------------------------------------------------------------------

LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW_SECONDS = 15 * 60
RESET_MAX_REQUESTS = 3


def _throttle_key(kind, identifier, ip):
    digest = hashlib.sha256(f"{(identifier or '').strip().lower()}|{ip or ''}".encode()).hexdigest()
    return f"gonghui:{kind}:{digest}"


def _count(key):
    data = cache.get(key)
    return data[0] if data else 0


def _bump(key, window=LOGIN_WINDOW_SECONDS):
    """Add one to a counter that expires ``window`` seconds after its first hit; returns the new count.

    The counter keeps its own start time, so every cache backend expires it on time (the file cache's
    ``incr`` would reset the expiry to the default). Two hits racing may count once: good enough for a throttle.
    """
    now = time.time()
    count, start = cache.get(key) or (0, now)
    count += 1
    cache.set(key, (count, start), max(1, int(start + window - now)))
    return count


def login_blocked(kind, identifier, ip, trusted=False):
    """True when ``identifier`` (user name or phone) from ``ip`` has failed too often lately, or (unless this
    browser has signed in to the account before: ``trusted``) the account from any address, or the address for
    any account (``throttle.sign_in_blocked``)."""
    return (_count(_throttle_key(kind, identifier, ip)) >= LOGIN_MAX_FAILURES
            or throttle.sign_in_blocked(kind, identifier, ip, trusted))


def login_failed(kind, identifier, ip):
    """Count a failed sign-in; the counts expire ``LOGIN_WINDOW_SECONDS`` after the first failure."""
    _bump(_throttle_key(kind, identifier, ip))
    throttle.sign_in_failed(kind, identifier, ip)
    logger.warning("sign-in failed (%s) from %s", kind, ip)


def login_succeeded(kind, identifier, ip, user, note=None):
    """Forget the failures and write the sign-in to the audit log (``note``: how, when not by password)."""
    cache.delete(_throttle_key(kind, identifier, ip))
    org = user.home_org if not user.is_member_account else getattr(user.member, "org", None)
    audit.record(AuditAction.LOGIN, user, user=user, org=org, note=note or kind)


def reset_allowed(phone, ip):
    """Rate limit for 'forgot password' (messages cost money and annoy): a few per phone and address, and
    ``throttle.PUBLIC_FORM_LIMITS["reset"]`` per address whatever the phone."""
    per_address = throttle.hit("form:reset", ip, throttle.PUBLIC_FORM_LIMITS["reset"][1])
    per_phone = _bump(_throttle_key("reset", phone, ip))
    return per_phone <= RESET_MAX_REQUESTS and per_address <= throttle.PUBLIC_FORM_LIMITS["reset"][0]


# --- Member portal passwords ------------------------------------------------------------------------------

def user_from_password_link(uidb64, token):
    """The member account a password link (``password_link``) was made for, or None if it is invalid or used."""
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        user = User.objects.select_related("member").get(pk=pk, kind=UserKind.MEMBER, is_active=True)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None


@transaction.atomic
def set_member_password(user, password):
    """Set a portal account's password (activation or reset); the link that led here stops working."""
    if not user.is_member_account:
        raise PermissionDenied(_("Your role does not allow this."))
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise ValidationError({"new_password1": e.messages}) from None
    first = not user.has_usable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    password_changed(user, user, "portal_activated" if first else "password_reset",
                     _("Portal account activated") if first else _("Password set through a reset link"))
    return user

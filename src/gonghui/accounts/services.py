"""Accounts: officials and their roles, and members' portal accounts (opened on approval or by invitation)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from gonghui.core import audit, notify, scope
from gonghui.core.models import AuditAction

from .choices import Role, UserKind
from .models import RoleAssignment, User


def _require(user, action, org):
    if not scope.can(user, action, org):
        raise PermissionDenied(_("Your role does not allow this."))


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
            user = User(username=f"m{member.member_no}", kind=UserKind.MEMBER, full_name=member.name, phone=member.phone,
                        member=member)
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
    from gonghui.core.validators import normalise_phone

    user = User.objects.filter(phone=normalise_phone(phone), kind=UserKind.MEMBER, is_active=True).first()
    if user is not None:
        notify.send(user.phone, _("gonghui member portal"),
                    _("To set a new password, open: %(link)s (valid for a limited time)") % {"link": password_link(user)})
    return user


USER_FIELDS = ["username", "full_name", "email", "phone", "is_active", "home_org"]


@transaction.atomic
def create_official(actor, *, password, **data):
    home_org = data.get("home_org")
    if home_org is None:
        raise ValidationError({"home_org": _("Choose the organisation this account belongs to.")})
    _require(actor, "manage_users", home_org)
    data = {k: v for k, v in data.items() if k in USER_FIELDS}
    if User.objects.filter(username=data["username"]).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    if data.get("phone") and User.objects.filter(phone=data["phone"]).exists():
        raise ValidationError({"phone": _("This mobile number is used by another account.")})
    data["phone"] = data.get("phone") or None
    user = User(kind=UserKind.OFFICIAL, **data)
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as e:
        raise ValidationError({"password": e.messages}) from None
    user.set_password(password)
    user.save()
    audit.created(user, actor)
    return user


@transaction.atomic
def update_official(actor, user, *, password=None, **data):
    _require(actor, "manage_users", user.home_org)
    before = audit.snapshot(user)
    data = {k: v for k, v in data.items() if k in USER_FIELDS}
    if "home_org" in data:
        _require(actor, "manage_users", data["home_org"])
    if data.get("phone") and User.objects.filter(phone=data["phone"]).exclude(pk=user.pk).exists():
        raise ValidationError({"phone": _("This mobile number is used by another account.")})
    if "phone" in data:
        data["phone"] = data["phone"] or None
    for k, v in data.items():
        setattr(user, k, v)
    if password:
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password, user)
        except ValidationError as e:
            raise ValidationError({"password": e.messages}) from None
        user.set_password(password)
    user.save()
    audit.updated(user, actor, before)
    return user


@transaction.atomic
def assign_role(actor, user, org, role):
    """Give ``user`` a role at ``org`` (replacing a role they had there)."""
    _require(actor, "manage_users", org)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if user.kind != UserKind.OFFICIAL:
        raise ValidationError({"user": _("Roles are given to officials' accounts, not to member portal accounts.")})
    if not org.is_live:
        raise ValidationError({"org": _("A dissolved or merged organisation cannot have roles.")})
    assignment, created = RoleAssignment.objects.get_or_create(user=user, org=org, defaults={"role": role})
    if created:
        audit.created(assignment, actor)
    elif assignment.role != role:
        before = audit.snapshot(assignment)
        assignment.role = role
        assignment.save(update_fields=["role"])
        audit.updated(assignment, actor, before)
    scope.clear_cache(user)
    return assignment


@transaction.atomic
def revoke_role(actor, assignment):
    _require(actor, "manage_users", assignment.org)
    audit.deleted(assignment, actor)
    assignment.delete()
    scope.clear_cache(assignment.user)

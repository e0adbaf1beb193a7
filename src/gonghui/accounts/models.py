from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.modelfields import created_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import PhoneField

from .choices import Role, UserKind


class User(AbstractUser):
    """Officials (with role assignments) and members (portal accounts, signing in by phone)."""

    kind = models.CharField(pgettext_lazy("user account", "kind"), max_length=10, choices=UserKind.choices,
                            default=UserKind.OFFICIAL)
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    # Masked in lists and in the change log (a personal-data field); the portal's sign-in name.
    phone = PhoneField(_("mobile phone"), unique=True, null=True, blank=True)
    member = models.OneToOneField(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="account",
    )
    # The organisation an official's account belongs to: it decides which org_admin manages it.
    home_org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("home organisation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    scope_org_fields = ("home_org",)  # scoped through selectors.users_for
    read_action = "manage_users"  # an account's page and its change log are the user managers'

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def is_member_account(self):
        return self.kind == UserKind.MEMBER

    audit_fields = ["username", "full_name", "kind", "phone", "email", "is_active", "home_org"]

    def audit_org(self):
        return self.home_org


class RoleAssignment(ScopedModel):
    """A user acts with a role for an organisation and its whole subtree."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
                            related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = created_field()

    audit_fields = ["user", "org", "role"]
    read_action = "manage_users"  # shown on the account's page (the user managers')

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "org"], name="one_role_per_user_and_org")]
        ordering = ["org__path", "user__username"]

    def __str__(self):
        return f"{self.user} · {self.org} · {self.get_role_display()}"

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.user_id])  # a role shows on its account's page


class ApiToken(models.Model):
    """A key for the API (``Authorization: Token <key>``). Only a hash of the key is stored: the key is shown once,
    when it is made. It expires (``GONGHUI_TOKEN_DAYS``), is revoked by its owner, and every token of an account
    is revoked when its password changes."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    audit_fields = ["name", "expires_at"]

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name or str(_("API token"))


class SignInCode(models.Model):
    """A one-time code sent by text message to sign in to the member portal without the password
    (``gonghui.accounts.signin_codes``). Only keyed hashes are stored, of the phone and of the code."""

    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        indexes = [models.Index(fields=["phone_hash", "-created_at"], name="signin_code_phone")]

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    STAFF = "staff", _("Staff")
    VIEWER = "viewer", _("Viewer")


class UserKind(models.TextChoices):
    OFFICIAL = "official", _("Union official")
    MEMBER = "member", _("Member (portal)")

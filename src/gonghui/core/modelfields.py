"""The model fields every area declares alike: who did something, when, and the links to an organisation and to
the record a record belongs to. Functions, not abstract models, so that each model keeps its own field order."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def user_field(verbose_name, **options):
    """The official who did something to a record, kept as none when the account is deleted (and no accessor
    on the user): ``decided_by = user_field(_("decided by"))``."""
    options = {"null": True, "blank": True, "on_delete": models.SET_NULL, "related_name": "+", **options}
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose_name, **options)


def org_field(verbose_name, related_name="+", **options):
    """A link to an organisation of the union tree, which cannot be deleted while the record refers to it."""
    return models.ForeignKey("orgs.Organisation", verbose_name=verbose_name, on_delete=models.PROTECT,
                             related_name=related_name, **options)


def part_of(parent, verbose_name, related_name, **options):
    """The link of a record that belongs to ``parent`` (a case's events, an archive's household) and goes
    with it when it is deleted."""
    return models.ForeignKey(parent, verbose_name=verbose_name, on_delete=models.CASCADE, related_name=related_name,
                             **options)


def created_field(verbose_name=None):
    """When the record was written (set once, on creation); its name "created" unless given."""
    return models.DateTimeField(verbose_name or _("created"), auto_now_add=True)


def updated_field():
    """When the record was last saved."""
    return models.DateTimeField(_("updated"), auto_now=True)


def recorded_fields():
    """Who recorded a record and when, in that order: ``recorded_by, created_at = recorded_fields()``."""
    return user_field(_("recorded by")), created_field(_("recorded"))

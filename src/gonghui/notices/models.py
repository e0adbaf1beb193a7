"""Notices (通知公告): an organisation publishes a notice to its whole subtree or to chosen organisations and units
of it, with attachments and a publish window; members read it in the portal (one read per member).

Draft → published → withdrawn (``Notice.workflow``); only a draft is edited. A notice's audience is fixed when
it is published (``audience_size``: the members then holding membership in its targets), so its read rate and the
statistics' read rate (reads ÷ audience) do not move when members come and go afterwards.
"""

from pathlib import Path

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import scope
from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.querysets import ScopedQuerySet
from gonghui.core.workflow import Transition, Workflow

from .choices import Audience, NoticeStatus

_storage = DataStorage("notices")


def attachment_storage():
    return _storage


def _upload_to(instance, filename):  # uploads go through store_upload; this only names the field's default
    return f"notices/{Path(filename).name}"


def ancestor_paths(path, steplen=4):
    """The paths of ``path`` and every organisation above it."""
    return [path[:n] for n in range(steplen, len(path) + 1, steplen)]


class NoticeQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """Notices published inside the user's subtrees, and published notices from above that reach into them
        (read-only there: the right to change a notice is held at its publisher)."""
        if scope.is_unrestricted(user):
            return self.all()
        paths = scope.scope_paths(user)
        if not paths:
            return self.none()
        return self.filter(scope.scope_filter(user, "org") | reaching(paths))

    def live(self, now=None):
        """Published and inside the publish window now."""
        now = now or timezone.now()
        return self.filter(status=NoticeStatus.PUBLISHED, publish_from__lte=now).filter(
            Q(publish_until__isnull=True) | Q(publish_until__gt=now))


def reaching(paths):
    """Published (or withdrawn) notices from above ``paths`` (an official's subtrees) whose targets reach into them."""
    above = {a for p in paths for a in ancestor_paths(p)[:-1]}
    if not above:
        return Q(pk__in=[])
    target_orgs = NoticeTarget.objects.filter(notice=OuterRef("pk"), org__isnull=False).filter(
        **{"org__path__in": {a for p in paths for a in ancestor_paths(p)}})
    target_inside = NoticeTarget.objects.filter(notice=OuterRef("pk")).filter(
        _any(Q(org__path__startswith=p) | Q(unit__union__path__startswith=p) | Q(unit__area_org__path__startswith=p)
             for p in paths))
    return (Q(org__path__in=above) & ~Q(status=NoticeStatus.DRAFT)
            & (Q(audience=Audience.SUBTREE) | Exists(target_orgs) | Exists(target_inside)))


def _any(qs):
    out = Q(pk__in=[])
    for q in qs:
        out |= q
    return out


class Notice(ScopedModel):
    """A notice published by ``org`` to its subtree or to chosen organisations and units (``targets``)."""

    org = org_field(_("published by"), "notices")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.SUBTREE)
    publish_from = models.DateTimeField(_("publish from"), default=timezone.now)
    publish_until = models.DateTimeField(_("publish until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT,
                              db_index=True)
    published_on = models.DateField(_("published on"), null=True, blank=True, db_index=True)
    audience_size = models.PositiveIntegerField(_("members addressed"), default=0)
    published_by = user_field(_("published by (official)"))
    created_by = user_field(_("created by"))
    created_at = created_field()
    updated_at = updated_field()

    objects = NoticeQuerySet.as_manager()
    detail_url_name = "notices:notice_detail"
    audit_fields = ["org", "title", "body", "audience", "publish_from", "publish_until", "status", "published_on",
                    "audience_size"]
    status_styles = {NoticeStatus.DRAFT: "text-bg-secondary", NoticeStatus.PUBLISHED: "text-bg-success",
                     NoticeStatus.WITHDRAWN: "text-bg-dark"}
    workflow = Workflow(
        Transition("publish", sources=[NoticeStatus.DRAFT], target=NoticeStatus.PUBLISHED, label=_("published"),
                   button=_("Publish"), url_name="notices:notice_publish", style="primary", api="publish"),
        Transition("withdraw", sources=[NoticeStatus.PUBLISHED], target=NoticeStatus.WITHDRAWN, label=_("withdrawn"),
                   button=pgettext_lazy("notice", "Withdraw"), url_name="notices:notice_withdraw",
                   style="outline-danger", api="withdraw"),
        conflict=_("The notice has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-publish_from", "-id"]

    def __str__(self):
        return self.title

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")

    @property
    def is_draft(self):
        return self.status == NoticeStatus.DRAFT

    def audit_extra(self):
        return {"targets": ", ".join(str(t) for t in self.targets.all()) if self.pk else ""}


class NoticeTarget(models.Model):
    """One chosen target of a notice: an organisation (with its subtree) or an employer unit (its members)."""

    notice = part_of(Notice, _("notice"), "targets")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True,
                            on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("notice target")
        verbose_name_plural = _("notice targets")
        constraints = [models.CheckConstraint(condition=Q(org__isnull=False) | Q(unit__isnull=False),
                                              name="notices_target_org_or_unit")]

    def __str__(self):
        return str(self.org or self.unit)


class NoticeAttachment(Attachment):
    """A file attached to a notice: checked by content, downloaded never inline."""

    notice = part_of(Notice, _("notice"), "attachments")
    file = models.FileField(_("file"), storage=attachment_storage, upload_to=_upload_to, max_length=200)
    uploaded_at = created_field(_("uploaded"))

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["id"]

    def __str__(self):
        return self.file_name


class NoticeRead(models.Model):
    """A member opened a notice (the first time; one row per member and notice)."""

    notice = part_of(Notice, _("notice"), "reads")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="+")
    read_at = created_field(_("read at"))

    class Meta:
        verbose_name = _("notice read")
        verbose_name_plural = _("notice reads")
        constraints = [models.UniqueConstraint(fields=["notice", "member"], name="notices_read_once")]

    def __str__(self):
        return f"{self.notice_id}:{self.member_id}"

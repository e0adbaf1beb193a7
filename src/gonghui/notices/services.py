"""Writes of notices: drafting (with targets and attachments), publishing, withdrawing, and a member's read."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import atomic_with_files, store_upload
from gonghui.core.workflow import transition

from . import selectors
from .choices import Audience
from .models import Notice, NoticeAttachment, NoticeRead, NoticeTarget, attachment_storage

MAX_ATTACHMENTS = 10
FIELDS = ("title", "body", "audience", "publish_from", "publish_until")


def _check(notice, org, target_orgs, target_units):
    errors = {}
    if not (notice.title or "").strip():
        errors["title"] = _("Enter a title.")
    if not (notice.body or "").strip():
        errors["body"] = _("Enter the text of the notice.")
    if notice.publish_from is None:
        errors["publish_from"] = _("Enter when the notice is published.")
    elif notice.publish_until is not None and notice.publish_until <= notice.publish_from:
        errors["publish_until"] = _("The end of the publish window must come after its start.")
    if notice.audience == Audience.CHOSEN:
        if not target_orgs and not target_units:
            errors["target_orgs"] = _("Choose at least one organisation or unit, or publish to the whole subtree.")
        outside = [str(o) for o in target_orgs if not o.path.startswith(org.path)]
        outside += [str(u) for u in target_units if not selectors.unit_within(u, org)]
        if outside:
            errors["target_orgs"] = _("These are not within the publishing union: %(names)s.") % {
                "names": "、".join(outside)}
    if errors:
        raise ValidationError(errors)


def _set_targets(notice, target_orgs, target_units):
    notice.targets.all().delete()
    if notice.audience == Audience.CHOSEN:
        NoticeTarget.objects.bulk_create([NoticeTarget(notice=notice, org=o) for o in target_orgs]
                                         + [NoticeTarget(notice=notice, unit=u) for u in target_units])


def _attach(notice, uploads):
    if notice.attachments.count() + len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachment": _("A notice has at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}})
    for upload in uploads:
        stored = store_upload(upload, storage=attachment_storage(), folder=f"{notice.org_id}/{notice.pk}",
                              field="attachment", what=_("The attachment"))
        NoticeAttachment(notice=notice).attach(stored).save()


def _detach(notice, remove):
    """Remove attachments of the draft; their files go once the transaction commits (a rollback keeps them)."""
    for attachment in notice.attachments.filter(pk__in=list(remove)):
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def save_notice(user, notice, org=None, *, target_orgs=(), target_units=(), uploads=(), remove=(), **data):
    """Create a draft notice of ``org`` (``notice`` None) or edit a draft: its fields, targets, attachments added
    (``uploads``) and removed (``remove``: their ids)."""
    with atomic_with_files():
        creating = notice is None
        if creating:
            if org is None:
                raise ValidationError({"org": _("Choose the publishing union.")})
            notice = Notice(org=org, created_by=user if getattr(user, "pk", None) else None)
        else:
            notice = Notice.objects.select_for_update().get(pk=notice.pk)
            if not notice.is_draft:
                raise ValidationError(_("Only a draft notice can be edited; this one is %(status)s.")
                                      % {"status": notice.get_status_display()})
        scope.require(user, "change", notice.org)
        before = None if creating else audit.snapshot(notice)
        for name in FIELDS:
            if name in data:
                setattr(notice, name, data[name])
        target_orgs, target_units = list(target_orgs or ()), list(target_units or ())
        if not creating and "audience" not in data and not target_orgs and not target_units:
            target_orgs = [t.org for t in notice.targets.all() if t.org_id]
            target_units = [t.unit for t in notice.targets.all() if t.unit_id]
        _check(notice, notice.org, target_orgs, target_units)
        notice.title, notice.body = notice.title.strip(), notice.body.strip()
        notice.save()
        _set_targets(notice, target_orgs, target_units)
        if remove and not creating:
            _detach(notice, remove)
        _attach(notice, list(uploads or ()))
        if creating:
            audit.created(notice, user)
        else:
            audit.updated(notice, user, before)
        return notice


@transaction.atomic
def publish_notice(user, notice):
    """Publish a draft: the audience (members holding membership in its targets now) is counted once."""
    now = timezone.now()
    start = notice.publish_from if notice.publish_from and notice.publish_from > now else now
    return transition(notice, user, "publish", changes={
        "audience_size": selectors.audience_members(notice).count(), "published_on": timezone.localdate(start),
        "published_by": user if getattr(user, "pk", None) else None})


@transaction.atomic
def withdraw_notice(user, notice):
    return transition(notice, user, "withdraw")


def mark_read(member, notice):
    """The member opened the notice: one read per member, however often it is opened (idempotent, race-safe)."""
    if NoticeRead.objects.filter(notice=notice, member=member).exists():
        return False
    try:
        with transaction.atomic():
            NoticeRead.objects.create(notice=notice, member=member)
    except IntegrityError:  # opened twice at once: the other request counted it
        return False
    return True

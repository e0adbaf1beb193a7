"""What hardship aid does when another area announces a change (``gonghui.core.hooks``)."""

from django.db.models import Q

from gonghui.core import audit

from .choices import ArchiveStatus
from .models import HardshipArchive


def person_placed(user, org, id_hash, member_id, placed_on, note=""):
    """A person was placed in a job (employment services): their active archive's review (动态管理) falls due on the
    placement day, so the yearly-review reminder of the daily round tells the archive's union. The archives
    prompted."""
    match = Q(id_hash=id_hash) if id_hash else Q(pk__in=[])
    if member_id:
        match |= Q(member_id=member_id)
    prompted = []
    for archive in HardshipArchive.objects.select_for_update().filter(match, status=ArchiveStatus.ACTIVE):
        if archive.next_review_due is not None and archive.next_review_due <= placed_on:
            prompted.append(archive)
            continue
        before = audit.snapshot(archive)
        archive.next_review_due, archive.review_reminded_for = placed_on, None
        archive.save(update_fields=["next_review_due", "review_reminded_for", "updated_at"])
        audit.updated(archive, user, before, note=note)
        prompted.append(archive)
    return prompted

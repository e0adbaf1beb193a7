"""What training shows on a member's page (``gonghui.core.alerts``): their training record in one line."""

from django.utils.translation import gettext as _

from gonghui.core.alerts import RecordAlert
from gonghui.stats.registry import list_url

from .choices import EnrolmentStatus
from .selectors import enrolments_for


def member_alerts(user, member):
    rows = list(enrolments_for(user).filter(member=member).values_list("status", "certificate_no"))
    if not rows:
        return []
    completed = sum(1 for status, _no in rows if status == EnrolmentStatus.COMPLETED)
    certificates = sum(1 for _status, no in rows if no)
    message = _("Training record: %(n)d courses, %(done)d completed, %(certs)d certificates.") % {
        "n": len(rows), "done": completed, "certs": certificates}
    return [RecordAlert("training_record", "info", message, url=list_url("training:enrolment_list", member=member.pk),
                        link_text=_("Training records"))]

"""What democratic management shows on other areas' records (``gonghui.core.alerts``): a rights case at an
employer whose rules the congress never passed carries the flag 未经职代会审议通过."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gonghui.core.alerts import RecordAlert
from gonghui.stats.registry import list_url

from .selectors import rules_for
from .services import unpassed_rules


def case_alerts(user, case):
    if not case.unit_id:
        return []
    rules = list(unpassed_rules(rules_for(user), case.unit_id).values_list("title", flat=True)[:5])
    if not rules:
        return []
    message = ngettext(
        "Not passed by the workers' congress: the employer's rule %(titles)s was never passed by its congress and is "
        "not accepted in a dispute.",
        "Not passed by the workers' congress: the employer's rules %(titles)s were never passed by its congress and "
        "are not accepted in a dispute.", len(rules)) % {"titles": "、".join(f"《{t}》" for t in rules)}
    return [RecordAlert("democracy_unpassed_rules", "warning", message,
                        url=list_url("democracy:rule_list", unit=case.unit_id, passed="no"),
                        link_text=_("Employer rules register"))]


def describe_motion(motion):
    return f"{motion.congress.org.name} · {motion.get_status_display()}"

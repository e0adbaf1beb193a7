"""Figures of democratic management for dashboards, targets and the annual report (section "democracy").

Every figure is a ``RecordIndicator`` (counted from the records, with its recount and its drill-down to the list
showing exactly those records) or the ratio of two of them: 建制率 (employers with a union whose congress system
is set up, over all of them; split public and non-public ownership), 规范率 (sessions held on time with a quorum
and a resolution, over the sessions held), 审议率 (employer rules put to the congress, over the rules adopted),
motions filed, accepted, answered and implemented (and the implementation rate), stars by level.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RatioIndicator, RecordIndicator, register, register_section

from .choices import PUBLIC_OWNERSHIPS, MotionStatus, Stars
from .filtersets import ACCEPTED, ANSWERED, HELD, STANDARD

register_section("democracy", _("Democratic management"))

SECTION = "democracy"
EMPLOYERS, SESSIONS, RULES, MOTIONS = _("employers"), _("sessions"), _("rules"), _("motions")
WITH_UNION = Q(union__isnull=False)
SET_UP = Q(congress_setup__established_on__isnull=False)

for suffix, where, params, label_due, label_set, label_rate in (
    ("", Q(), {}, _("Employers that should have a congress"), _("Employers with a congress system"),
     _("Congress system rate (建制率)")),
    ("_public", Q(ownership__in=PUBLIC_OWNERSHIPS), {"public": "yes"},
     _("Public employers that should have a congress"), _("Public employers with a congress system"),
     _("Congress system rate, public employers")),
    ("_nonpublic", ~Q(ownership__in=PUBLIC_OWNERSHIPS), {"public": "no"},
     _("Non-public employers that should have a congress"), _("Non-public employers with a congress system"),
     _("Congress system rate, non-public employers")),
):
    register(RecordIndicator(f"democracy_employers_due{suffix}", label_due, unit=EMPLOYERS, section=SECTION,
                             model="orgs.EmployerUnit", org_field="area_org", where=WITH_UNION & where,
                             list_url_name="democracy:employer_list", list_params=params,
                             help=_("Employers with a union: each should hold a workers' congress (or take part in "
                                    "a regional or industry one).")))
    register(RecordIndicator(f"democracy_employers_set_up{suffix}", label_set, unit=EMPLOYERS, section=SECTION,
                             model="orgs.EmployerUnit", org_field="area_org", where=WITH_UNION & where & SET_UP,
                             list_url_name="democracy:employer_list", list_params={**params, "established": "yes"},
                             report_table="democracy" if not suffix else ""))
    register(RatioIndicator(f"democracy_setup_rate{suffix}", label_rate, section=SECTION,
                            numerator=f"democracy_employers_set_up{suffix}",
                            denominator=f"democracy_employers_due{suffix}", target=not suffix))

register(RecordIndicator("democracy_sessions_held", _("Congress sessions held"), unit=SESSIONS, section=SECTION,
                         model="democracy.Session", org_field="congress__org", date_field="held_on", where=HELD,
                         list_url_name="democracy:session_list", list_params={"held": "yes"}, target=True,
                         report_table="democracy"))
register(RecordIndicator("democracy_sessions_standard", _("Sessions held to standard"), unit=SESSIONS,
                         section=SECTION, model="democracy.Session", org_field="congress__org", date_field="held_on",
                         where=STANDARD, list_url_name="democracy:session_list", list_params={"standard": "yes"},
                         help=_("Held by their date, with two thirds of the delegates present and a resolution "
                                "passed.")))
register(RatioIndicator("democracy_standard_rate", _("Congress standard rate (规范率)"), section=SECTION,
                        numerator="democracy_sessions_standard", denominator="democracy_sessions_held", target=True))

register(RecordIndicator("democracy_rules_adopted", _("Employer rules and major decisions adopted"), unit=RULES,
                         section=SECTION, model="democracy.EmployerRule", date_field="adopted_on",
                         list_url_name="democracy:rule_list"))
register(RecordIndicator("democracy_rules_deliberated", _("Rules and decisions put to the congress"), unit=RULES,
                         section=SECTION, model="democracy.EmployerRule", date_field="adopted_on",
                         where=Q(item__isnull=False), list_url_name="democracy:rule_list",
                         list_params={"deliberated": "yes"}))
register(RatioIndicator("democracy_deliberation_rate", _("Deliberation rate (审议率)"), section=SECTION,
                        numerator="democracy_rules_deliberated", denominator="democracy_rules_adopted", target=True))

for key, label, where, params in (
    ("filed", _("Motions filed"), None, {}),
    ("accepted", _("Motions accepted"), Q(status__in=ACCEPTED), {"accepted": "yes"}),
    ("answered", _("Motions answered"), Q(status__in=ANSWERED), {"answered": "yes"}),
    ("implemented", _("Motions implemented"), Q(status=MotionStatus.IMPLEMENTED),
     {"status": MotionStatus.IMPLEMENTED}),
):
    register(RecordIndicator(f"democracy_motions_{key}", label, unit=MOTIONS, section=SECTION,
                             model="democracy.Motion", org_field="congress__org", date_field="filed_on", where=where,
                             list_url_name="democracy:motion_list", list_params=params,
                             report_table="democracy" if key in ("filed", "implemented") else ""))
register(RatioIndicator("democracy_implementation_rate", _("Motion implementation rate"), section=SECTION,
                        numerator="democracy_motions_implemented", denominator="democracy_motions_accepted",
                        target=True))

for level in Stars:
    register(RecordIndicator(f"democracy_stars_{level.value}", level.label, unit=_("congresses"), section=SECTION,
                             model="democracy.StarRating", org_field="congress__org", date_field="rated_on",
                             where=Q(stars=level.value), list_url_name="democracy:star_list",
                             list_params={"stars": level.value}))

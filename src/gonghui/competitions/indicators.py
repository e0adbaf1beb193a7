"""Figures of competitions and mass innovation for dashboards, targets and the annual report (section
"competitions"): competitions held and who takes part, skill contests, entrants, winners and workers upgraded,
proposals filed / adopted / implemented and the implementation rate, the value created, innovations and patents,
studios by level. Each counts the records its list shows (``within`` the subtree, the period on the list's date
filters)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RatioIndicator, RecordIndicator, list_url, register, register_section

from .choices import Level, ParticipantKind, ProposalStatus
from .filtersets import ADOPTED, PATENTS, UPGRADED, WON

SECTION = "competitions"
register_section(SECTION, _("Competitions and mass innovation"))

COMPETITIONS, PROPOSALS, PEOPLE = _("competitions"), _("proposals"), _("people")
HELD = ("held_from", "held_to")
STARTS = ("starts_from", "starts_to")


def _rec(key, name, unit, model, list_name, **kw):
    return register(RecordIndicator(key, name, unit=unit, section=SECTION, model=f"competitions.{model}",
                                    list_url_name=f"competitions:{list_name}", **kw))


_rec("competitions_held", _("Labour competitions held"), COMPETITIONS, "Competition", "competition_list",
     date_field="starts_on", target=True, report_table="competitions",
     help=_("Labour competitions the unions of the subtree launched in the period."))
_rec("competitions_employers", _("Employers taking part in competitions"), _("employers"), "Participant",
     "participant_list", date_field="competition__starts_on", period_params=STARTS,
     where=Q(kind=ParticipantKind.EMPLOYER), list_params={"kind": ParticipantKind.EMPLOYER},
     help=_("Employers entered by the unions of the subtree in competitions starting in the period."))
register(RatioIndicator(
    "competitions_participation_rate", _("Competition participation rate (参赛面)"), section=SECTION,
    numerator="competitions_employers", denominator="units_covered",
    help=_("Employers entered in competitions ÷ unionised employers of the subtree.")))
_rec("competitions_workers", _("Workers taking part in competitions"), PEOPLE, "Participant", "participant_list",
     date_field="competition__starts_on", period_params=STARTS, sum_field="headcount", report_table="competitions",
     help=_("The workers taking part, as entered with each participant."))
_rec("competitions_contests", _("Skill contests held"), _("contests"), "Contest", "contest_list",
     date_field="held_on", target=True)
_rec("competitions_entrants", _("Skill contest entrants"), PEOPLE, "Entrant", "entrant_list", org_field="contest__org",
     date_field="contest__held_on", period_params=HELD)
_rec("competitions_winners", _("Skill contest winners with a title"), PEOPLE, "Entrant", "entrant_list",
     org_field="contest__org", date_field="contest__held_on", period_params=HELD, where=WON,
     list_params={"won": "yes"}, report_table="competitions",
     help=_("Technical champions (技术状元) and technical experts (技术能手)."))
_rec("competitions_upgraded", _("Workers upgraded through contests"), PEOPLE, "Entrant", "entrant_list",
     org_field="contest__org", date_field="contest__held_on", period_params=HELD, where=UPGRADED,
     list_params={"upgraded": "yes"})
_rec("competitions_proposals_filed", _("Rationalisation proposals filed"), PROPOSALS, "Proposal", "proposal_list",
     date_field="filed_on", target=True, report_table="competitions")
_rec("competitions_proposals_adopted", _("Rationalisation proposals adopted"), PROPOSALS, "Proposal",
     "proposal_list", date_field="filed_on", where=Q(status__in=ADOPTED), list_params={"adopted": "yes"},
     help=_("Proposals filed in the period and adopted (implemented ones included)."))
_rec("competitions_proposals_implemented", _("Rationalisation proposals implemented"), PROPOSALS, "Proposal",
     "proposal_list", date_field="filed_on", where=Q(status=ProposalStatus.IMPLEMENTED),
     list_params={"status": ProposalStatus.IMPLEMENTED}, target=True, report_table="competitions",
     help=_("Proposals filed in the period and implemented."))
register(RatioIndicator(
    "competitions_implementation_rate", _("Proposal implementation rate"), section=SECTION,
    numerator="competitions_proposals_implemented", denominator="competitions_proposals_filed",
    help=_("Proposals implemented ÷ proposals filed in the period."),
    drilldown=lambda org, p: list_url("competitions:proposal_list", within=org.code, filed_from=p.start.isoformat(),
                                      filed_to=p.end.isoformat())))
_rec("competitions_value_created", _("Value created or saved by proposals"), _("yuan"), "Proposal", "proposal_list",
     date_field="implemented_on", where=Q(status=ProposalStatus.IMPLEMENTED), sum_field="value",
     list_params={"status": ProposalStatus.IMPLEMENTED}, report_table="competitions",
     help=_("The value created or saved by the proposals implemented in the period."))
_rec("competitions_innovations", _("Innovations"), _("items"), "Innovation", "innovation_list",
     date_field="achieved_on")
_rec("competitions_patents", _("Patents obtained by workers"), _("items"), "Innovation", "innovation_list",
     date_field="achieved_on", where=PATENTS, list_params={"patented": "yes"}, report_table="competitions")
_rec("competitions_studios", _("Innovation studios"), _("studios"), "Studio", "studio_list", target=True,
     report_table="competitions", help=_("Innovation studios of the subtree's unions (now, whatever the period)."))
for level in Level:
    _rec(f"competitions_studios_{level.value}", level.label, _("studios"), "Studio", "studio_list",
         where=Q(level=level.value), list_params={"level": level.value})
_rec("competitions_tech_associations", _("Technical associations"), _("associations"), "TechAssociation",
     "association_list", help=_("Technical associations (技协) of the subtree's unions (now, whatever the period)."))
_rec("competitions_mentorships", _("Master and apprentice pairs formed"), _("pairs"), "Mentorship",
     "mentorship_list", date_field="starts_on", period_params=STARTS)

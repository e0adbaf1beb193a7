from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem, PortalLink


class CompetitionsConfig(AreaConfig):
    name = "gonghui.competitions"
    verbose_name = _("Competitions and mass innovation")
    url_prefix = "competitions/"
    nav = (
        NavItem(_("Labour competitions"), "competitions:competition_list", order=10, menu="excellence"),
        NavItem(_("Competition participants"), "competitions:participant_list", order=11, menu="excellence"),
        NavItem(_("Skill contests"), "competitions:contest_list", order=12, menu="excellence"),
        NavItem(_("Contest entrants"), "competitions:entrant_list", order=13, menu="excellence"),
        NavItem(_("Rationalisation proposals"), "competitions:proposal_list", order=14, menu="excellence"),
        NavItem(_("Innovations"), "competitions:innovation_list", order=15, menu="excellence"),
        NavItem(_("Innovation studios"), "competitions:studio_list", order=16, menu="excellence"),
        NavItem(_("Technical associations"), "competitions:association_list", order=17, menu="excellence"),
        NavItem(_("Master and apprentice pairs"), "competitions:mentorship_list", order=18, menu="excellence"),
    )
    todo = "gonghui.competitions.selectors.workbench_todo"
    api_routes = (
        ("labour-competitions", "gonghui.competitions.api.views.CompetitionViewSet"),
        ("competition-participants", "gonghui.competitions.api.views.ParticipantViewSet"),
        ("skill-contests", "gonghui.competitions.api.views.ContestViewSet"),
        ("contest-entrants", "gonghui.competitions.api.views.EntrantViewSet"),
        ("rationalisation-proposals", "gonghui.competitions.api.views.ProposalViewSet"),
        ("innovations", "gonghui.competitions.api.views.InnovationViewSet"),
        ("innovation-studios", "gonghui.competitions.api.views.StudioViewSet"),
        ("technical-associations", "gonghui.competitions.api.views.AssociationViewSet"),
        ("master-apprentice-pairs", "gonghui.competitions.api.views.MentorshipViewSet"),
    )
    import_kinds = (ImportKind("competition_participants", _("Competition participants"),
                               "gonghui.competitions.importers.ParticipantImporter"),
                    ImportKind("contest_entrants", _("Contest entrants"),
                               "gonghui.competitions.importers.EntrantImporter"),
                    ImportKind("rationalisation_proposals", _("Rationalisation proposals"),
                               "gonghui.competitions.importers.ProposalImporter"))
    portal_links = (PortalLink(_("Proposals"), "competitions_portal:home", "competitions", order=75,
                               description=_("Send a rationalisation proposal to your union and follow it.")),)

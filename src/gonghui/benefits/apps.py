from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem, PortalLink


class BenefitsConfig(AreaConfig):
    name = "gonghui.benefits"
    verbose_name = _("Member benefits")
    url_prefix = "benefits/"
    todo = "gonghui.benefits.selectors.workbench_todo"
    nav = (NavItem(_("Service cards"), "benefits:card_list", order=30, menu="services"),
           NavItem(_("Discount merchants"), "benefits:merchant_list", order=31, menu="services"),
           NavItem(_("Mutual aid rounds"), "benefits:round_list", order=32, menu="services"),
           NavItem(_("Mutual aid claims"), "benefits:claim_list", order=33, menu="services"),
           NavItem(_("Group insurance"), "benefits:plan_list", order=33, menu="services"),
           NavItem(_("Insurance claims"), "benefits:iclaim_list", order=33, menu="services"),
           NavItem(_("Micro-loans"), "benefits:loan_list", order=34, menu="services"),
           NavItem(_("Micro-loan quotas"), "benefits:quota_list", order=35, menu="services"))
    api_routes = (("service-cards", "gonghui.benefits.api.views.CardViewSet"),
                  ("benefit-merchants", "gonghui.benefits.api.views.MerchantViewSet"),
                  ("aid-rounds", "gonghui.benefits.api.views.RoundViewSet"),
                  ("aid-claims", "gonghui.benefits.api.views.ClaimViewSet"),
                  ("micro-loans", "gonghui.benefits.api.views.LoanViewSet"),
                  ("loan-quotas", "gonghui.benefits.api.views.QuotaViewSet"),
                  ("insurance-plans", "gonghui.benefits.api.views.PlanViewSet"),
                  ("insurance-claims", "gonghui.benefits.api.views.InsuranceClaimViewSet"))
    import_kinds = (ImportKind("service_cards", _("Service cards (the bank's return file)"),
                               "gonghui.benefits.importers.CardImporter"),
                    ImportKind("service_card_uses", _("Service card use events (the bank's file)"),
                               "gonghui.benefits.importers.CardUseImporter"),
                    ImportKind("insurance_enrolments", _("Group insurance: members enrolled"),
                               "gonghui.benefits.importers.InsuranceEnrolmentImporter"),
                    ImportKind("aid_enrolments", _("Mutual medical aid: members enrolled"),
                               "gonghui.benefits.importers.AidEnrolmentImporter"))
    portal_links = (PortalLink(_("My service card"), "benefits_portal:home", "benefits", order=55,
                               description=_("Activate your service card, see merchants' discounts and claim "
                                             "mutual medical aid.")),
                    PortalLink(_("My insurance"), "benefits_portal:insurance", "benefits", order=56,
                               description=_("Your group insurance: the cover, your claims, and filing a claim "
                                             "with its documents.")))

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgType(models.TextChoices):
    NATIONAL_FEDERATION = "national_federation", _("National federation of trade unions")
    PROVINCE_FEDERATION = "province_federation", _("Provincial federation of trade unions")
    CITY_FEDERATION = "city_federation", _("City federation of trade unions")
    COUNTY_FEDERATION = "county_federation", _("County/district federation of trade unions")
    TOWNSHIP = "township", _("Township (street) union")
    ENTERPRISE = "enterprise", _("Enterprise union")
    PUBLIC_INSTITUTION = "public_institution", _("Government or public institution union")
    JOINT_REGIONAL = "joint_regional", _("Joint grassroots union (regional)")
    JOINT_INDUSTRY = "joint_industry", _("Joint grassroots union (industry)")
    COMMUNITY = "community", _("Community/village union")
    BRANCH = "branch", _("Branch/workshop union")
    GROUP = "group", _("Union group")
    INDUSTRY = "industry", _("Industry union")
    ORGAN_WORK_COMMITTEE = "organ_work_committee", _("Government organs union work committee")


class OrgLevel(models.IntegerChoices):
    NATIONAL = 1, _("National level")
    PROVINCE = 2, _("Provincial level")
    CITY = 3, _("City level")
    COUNTY = 4, _("County/district level")
    TOWNSHIP = 5, _("Township/street level")
    GRASSROOTS = 6, _("Grassroots")
    BRANCH = 7, _("Branch")
    GROUP = 8, _("Group")


# The level a type normally sits at; the form proposes it, the user may change it.
DEFAULT_LEVEL = {
    OrgType.NATIONAL_FEDERATION: OrgLevel.NATIONAL,
    OrgType.PROVINCE_FEDERATION: OrgLevel.PROVINCE,
    OrgType.CITY_FEDERATION: OrgLevel.CITY,
    OrgType.COUNTY_FEDERATION: OrgLevel.COUNTY,
    OrgType.INDUSTRY: OrgLevel.COUNTY,
    OrgType.ORGAN_WORK_COMMITTEE: OrgLevel.COUNTY,
    OrgType.TOWNSHIP: OrgLevel.TOWNSHIP,
    OrgType.ENTERPRISE: OrgLevel.GRASSROOTS,
    OrgType.PUBLIC_INSTITUTION: OrgLevel.GRASSROOTS,
    OrgType.JOINT_REGIONAL: OrgLevel.GRASSROOTS,
    OrgType.JOINT_INDUSTRY: OrgLevel.GRASSROOTS,
    OrgType.COMMUNITY: OrgLevel.GRASSROOTS,
    OrgType.BRANCH: OrgLevel.BRANCH,
    OrgType.GROUP: OrgLevel.GROUP,
}

# Types whose unions hold members directly (federations hold organisations, not people).
MEMBER_HOLDING_TYPES = {
    OrgType.ENTERPRISE,
    OrgType.PUBLIC_INSTITUTION,
    OrgType.JOINT_REGIONAL,
    OrgType.JOINT_INDUSTRY,
    OrgType.COMMUNITY,
    OrgType.BRANCH,
    OrgType.GROUP,
    OrgType.TOWNSHIP,
    OrgType.ORGAN_WORK_COMMITTEE,
}


class OrgStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    ACTIVE = "active", _("Active")
    DISSOLVED = "dissolved", _("Dissolved")
    MERGED = "merged", _("Merged")


LIVE_STATUSES = (OrgStatus.PREPARING, OrgStatus.ACTIVE)

# The badge of each status (pages and the organisations list).
STATUS_STYLES = {
    OrgStatus.PREPARING: "text-bg-warning",
    OrgStatus.ACTIVE: "text-bg-success",
    OrgStatus.DISSOLVED: "text-bg-secondary",
    OrgStatus.MERGED: "text-bg-secondary",
}


class OperatingStatus(models.TextChoices):
    OPERATING = "operating", _("Operating normally")
    PREPARING = "preparing", _("Not yet operating")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed or deregistered")


class SalesBand(models.TextChoices):
    """Annual sales (营业收入) bands of the census."""

    BELOW_5M = "lt5m", _("Under 5 million yuan")
    TO_20M = "5m_20m", _("5 to 20 million yuan")
    TO_200M = "20m_200m", _("20 to 200 million yuan")
    ABOVE_200M = "ge200m", _("200 million yuan or more")


class CommitteeKind(models.TextChoices):
    UNION_COMMITTEE = "union", _("Union committee")
    FUNDS_REVIEW = "funds_review", _("Funds review committee")
    WOMEN = "women", _("Women workers' committee")
    MEDIATION = "mediation", _("Labour dispute mediation committee")
    LABOUR_PROTECTION = "labour_protection", _("Labour protection supervision committee")


class CommitteePosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Committee member")
    DIRECTOR = "director", _("Director")


class Ownership(models.TextChoices):
    STATE = "state", _("State-owned")
    COLLECTIVE = "collective", _("Collective")
    PRIVATE = "private", _("Private")
    FOREIGN = "foreign", _("Foreign-invested")
    HK_MACAO_TAIWAN = "hmt", _("Hong Kong, Macao and Taiwan invested")
    PUBLIC_SECTOR = "public", _("Government organ or public institution")


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections."""

    A = "A", _("Agriculture, forestry, animal husbandry and fishery")
    B = "B", _("Mining")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, heat, gas and water supply")
    E = "E", _("Construction")
    F = "F", _("Wholesale and retail trade")
    G = "G", _("Transport, storage and postal services")
    H = "H", _("Accommodation and catering")
    I = "I", _("Information transmission, software and IT services")  # noqa: E741
    J = "J", _("Finance")
    K = "K", _("Real estate")
    L = "L", _("Leasing and business services")
    M = "M", _("Scientific research and technical services")
    N = "N", _("Water conservancy, environment and public facilities")
    O = "O", _("Resident services, repair and other services")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Health and social work")
    R = "R", _("Culture, sports and entertainment")
    S = "S", _("Public administration, social security and social organisations")
    T = "T", _("International organisations")

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("Bachelor's degree")
    COLLEGE = "college", _("Junior college")
    VOCATIONAL = "vocational", _("Secondary vocational school")
    HIGH_SCHOOL = "high_school", _("Senior high school")
    JUNIOR_OR_BELOW = "junior_or_below", _("Junior high school or below")


class PoliticalStatus(models.TextChoices):
    CPC_MEMBER = "cpc", _("CPC member")
    CPC_PROBATIONARY = "cpc_probationary", _("CPC probationary member")
    CYL_MEMBER = "cyl", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("Member of a democratic party")
    MASSES = "masses", _("Ordinary citizen")


class EmploymentType(models.TextChoices):
    REGULAR = "regular", _("Regular employee")
    MIGRANT = "migrant", _("Migrant worker")
    DISPATCHED = "dispatched", _("Dispatched worker")
    NEW_FORMS = "new_forms", _("New forms of employment")
    OTHER = "other", _("Other")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active member")
    TRANSFERRING = "transferring", _("Transfer pending")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RETAINED = "retained", _("Membership retained")
    DECEASED = "deceased", _("Deceased")


# A person in one of these states belongs to a union: nobody else may add them.
HOLDING_STATUSES = (MemberStatus.ACTIVE, MemberStatus.TRANSFERRING, MemberStatus.RETAINED)

# The members the statistics count (a retained membership is kept, not counted). Plain strings: the counters
# compare them with raw column values and pass them to SQL.
COUNTED_MEMBER_STATUSES = (MemberStatus.ACTIVE.value, MemberStatus.TRANSFERRING.value)


class MemberEventKind(models.TextChoices):
    JOINED = "joined", _("Joined")
    REJOINED = "rejoined", _("Rejoined")
    EDITED = "edited", _("Details edited")
    TRANSFER_STARTED = "transfer_started", _("Transfer started")
    TRANSFERRED = "transferred", _("Transferred")
    TRANSFER_REFUSED = "transfer_refused", _("Transfer refused")
    TRANSFER_CANCELLED = "transfer_cancelled", _("Transfer cancelled")
    WITHDRAWN = "withdrawn", _("Withdrew")
    REINSTATED = "reinstated", _("Reinstated")
    STATUS_CHANGED = "status_changed", _("Status changed")
    MOVED_BY_MERGER = "moved_by_merger", _("Moved by merger of unions")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApplicationChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    STAFF = "staff", _("Entered by staff")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


# The badge of each state on lists and pages (Bootstrap classes).
MEMBER_STATUS_STYLES = {
    MemberStatus.ACTIVE: "text-bg-success",
    MemberStatus.TRANSFERRING: "text-bg-warning",
    MemberStatus.WITHDRAWN: "text-bg-secondary",
    MemberStatus.RETAINED: "text-bg-info",
    MemberStatus.DECEASED: "text-bg-dark",
}
APPLICATION_STATUS_STYLES = {
    ApplicationStatus.PENDING: "text-bg-warning",
    ApplicationStatus.APPROVED: "text-bg-success",
    ApplicationStatus.REJECTED: "text-bg-danger",
}
TRANSFER_STATUS_STYLES = {
    TransferStatus.PENDING: "text-bg-warning",
    TransferStatus.ACCEPTED: "text-bg-success",
    TransferStatus.REFUSED: "text-bg-danger",
    TransferStatus.CANCELLED: "text-bg-secondary",
}


class Ethnicity(models.TextChoices):
    """GB/T 3304 codes of the 56 ethnic groups (the common ones listed first in forms)."""

    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BUYEI = "09", _("Buyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    LISU = "20", _("Lisu")
    VA = "21", _("Va")
    SHE = "22", _("She")
    GAOSHAN = "23", _("Gaoshan")
    LAHU = "24", _("Lahu")
    SUI = "25", _("Sui")
    DONGXIANG = "26", _("Dongxiang")
    NAXI = "27", _("Naxi")
    JINGPO = "28", _("Jingpo")
    KYRGYZ = "29", _("Kyrgyz")
    TU = "30", _("Tu")
    DAUR = "31", _("Daur")
    MULAO = "32", _("Mulao")
    QIANG = "33", _("Qiang")
    BLANG = "34", _("Blang")
    SALAR = "35", _("Salar")
    MAONAN = "36", _("Maonan")
    GELAO = "37", _("Gelao")
    XIBE = "38", _("Xibe")
    ACHANG = "39", _("Achang")
    PUMI = "40", _("Pumi")
    TAJIK = "41", _("Tajik")
    NU = "42", _("Nu")
    UZBEK = "43", _("Uzbek")
    RUSSIAN = "44", _("Russian")
    EWENKI = "45", _("Ewenki")
    DEANG = "46", _("De'ang")
    BONAN = "47", _("Bonan")
    YUGUR = "48", _("Yugur")
    GIN = "49", _("Gin")
    TATAR = "50", _("Tatar")
    DERUNG = "51", _("Derung")
    OROQEN = "52", _("Oroqen")
    HEZHEN = "53", _("Hezhen")
    MONBA = "54", _("Monba")
    LHOBA = "55", _("Lhoba")
    JINO = "56", _("Jino")

"""The bank's return file of service cards (one row per member: member number, card number, bank, issue date and,
when the member activated it at the bank, the activation date), declared in ``BenefitsConfig.import_kinds``. Each
row goes through the services (one live card per member, scope, audit) in a savepoint of its own."""

from django.utils.translation import gettext as _

from gonghui.core.importing import Column, RecordImporter
from gonghui.members.selectors import members_for

from . import selectors, services
from .choices import CardStatus
from .models import AidEnrolment, CardUse, InsuranceEnrolment, ServiceCard

CARD_COLUMNS = (
    Column("member_no", "会员编号", "Member number", required="always", aliases=("会员号", "member number"),
           max_length=20),
    Column("card_number", "卡号", "Card number", required="always", aliases=("服务卡号", "card number"),
           max_length=30),
    Column("bank", "发卡银行", "Issuing bank", required="always", aliases=("银行", "bank"), max_length=60),
    Column("issued_on", "发卡日期", "Issued on", kind="date", required="always", aliases=("制卡日期",)),
    Column("batch", "批次", "Batch", aliases=("发卡批次",), max_length=40),
    Column("activated_on", "激活日期", "Activated on", kind="date"),
)


class CardImporter(RecordImporter):
    """Cards of the bank's return file: issued (and activated when the row has the date). A card number already
    in the register is left as it is."""

    kind = "service_cards"
    columns = CARD_COLUMNS
    model = ServiceCard
    fields = tuple(c.field for c in CARD_COLUMNS)

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            if "card_number" in row.data and not row.errors:
                row.data["card_number"] = services.normalise_card_number(row.data["card_number"])
                self.check_duplicate(row, row.data["card_number"], "card_number")
        numbers = [r.data.get("member_no") for r in rows]
        members = {m.member_no: m for m in members_for(self.user).filter(
            member_no__in=numbers, org__path__startswith=self.root.path).select_related("org")}
        hashes = {services.card_hash(r.data["card_number"]): r for r in rows if r.data.get("card_number")}
        known = set(ServiceCard.objects.filter(card_hash__in=hashes).values_list("card_hash", flat=True))
        for row in rows:
            d = row.data
            if not row.errors:
                member = members.get(d["member_no"])
                if member is None:
                    row.error(None, "member_no", _("No member with this number in your part of the union tree."))
                else:
                    d["member"] = member
            if row.errors:
                row.action = "error"
            elif services.card_hash(d["card_number"]) in known:
                row.action = "unchanged"
            else:
                row.action = "create"
        return rows

    def create_record(self, row, data):
        d = row.data
        card = services.issue_card(self.user, d["member"], card_number=d["card_number"], bank=d["bank"],
                                   issued_on=d["issued_on"], batch=d.get("batch") or "")
        if d.get("activated_on"):
            services.activate_card(self.user, card, d["activated_on"])


# --- card use events ------------------------------------------------------------------------------------------------

USE_COLUMNS = (
    Column("card_number", "卡号", "Card number", required="always", aliases=("服务卡号", "card number"),
           max_length=30),
    Column("serial", "交易流水号", "Transaction serial number", required="always", aliases=("流水号", "serial"),
           max_length=40),
    Column("used_on", "交易日期", "Used on", kind="date", required="always", aliases=("使用日期", "date")),
    Column("merchant_name", "商户名称", "Merchant", aliases=("商户", "merchant"), max_length=100),
)


class CardUseImporter(RecordImporter):
    """Card use events of the bank's file (one row per transaction): each serial number counts once, so a file
    imported again changes nothing; a use activates a card not yet activated."""

    kind = "service_card_uses"
    columns = USE_COLUMNS
    model = CardUse
    fields = tuple(c.field for c in USE_COLUMNS)

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            if "card_number" in row.data and not row.errors:
                row.data["card_number"] = services.normalise_card_number(row.data["card_number"])
            if row.data.get("used_on") and row.data["used_on"] > self.today:
                row.error(None, "used_on", _("The date cannot be in the future."))
            if not row.errors:
                self.check_duplicate(row, (row.data["card_number"], row.data["serial"]), "serial")
        hashes = {services.card_hash(r.data["card_number"]) for r in rows if r.data.get("card_number")}
        cards = {c.card_hash: c for c in selectors.cards_for(self.user).filter(
            card_hash__in=hashes, org__path__startswith=self.root.path).exclude(status=CardStatus.CANCELLED)}
        known = set(CardUse.objects.filter(card__in=cards.values()).filter(
            serial__in=[r.data.get("serial") for r in rows]).values_list("card_id", "serial"))
        for row in rows:
            d = row.data
            if not row.errors:
                card = cards.get(services.card_hash(d["card_number"]))
                if card is None:
                    row.error(None, "card_number", _("No card with this number in your part of the union tree, "
                                                     "or it is cancelled."))
                else:
                    d["card"] = card
            if row.errors:
                row.action = "error"
            elif (d["card"].pk, d["serial"]) in known:
                row.action = "unchanged"
            else:
                row.action = "create"
        return rows

    def create_record(self, row, data):
        card = ServiceCard.objects.get(pk=row.data["card"].pk)
        services.record_use(card, row.data["used_on"], serial=row.data["serial"],
                            merchant_name=row.data.get("merchant_name") or "")


# --- enrolment lists (mutual aid rounds, group insurance) -----------------------------------------------------------

def _enrolment_columns(what_zh, what_en):
    return (
        Column("member_no", "会员编号", "Member number", required="always", aliases=("会员号", "member number"),
               max_length=20),
        Column("year", "年度", "Year", kind="int", required="always", aliases=("year",)),
        Column("scheme", what_zh, what_en, required="always", aliases=("名称", "name"), max_length=100),
        Column("name", "姓名", "Name", aliases=("name of the member",), max_length=50),
    )


class _EnrolmentImporter(RecordImporter):
    """A union's list of members enrolled (会员编号, 年度, the scheme's name as on its page, 姓名 to check): each
    row through the enrolment service (scope, the scheme's rules, the change log); those enrolled are unchanged."""

    model = None
    fields = ("member_no", "year", "scheme", "name")

    def schemes(self):
        raise NotImplementedError

    def enrolled(self, pairs):
        raise NotImplementedError

    def enrol(self, scheme, member):
        raise NotImplementedError

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            if not row.errors:
                self.check_duplicate(row, (row.data["member_no"], row.data["year"], row.data["scheme"]),
                                     "member_no")
        members = {m.member_no: m for m in members_for(self.user).filter(
            member_no__in=[r.data.get("member_no") for r in rows],
            org__path__startswith=self.root.path).select_related("org")}
        schemes = {}
        for s in self.schemes().filter(year__in={r.data.get("year") for r in rows},
                                       name__in={r.data.get("scheme") for r in rows}):
            schemes.setdefault((s.year, s.name), []).append(s)
        pairs = []
        for row in rows:
            d = row.data
            if row.errors:
                continue
            member = members.get(d["member_no"])
            if member is None:
                row.error(None, "member_no", _("No member with this number in your part of the union tree."))
            elif d.get("name") and d["name"].strip() != member.name:
                row.error(None, "name", _("The name does not match the member with this number."))
            found = schemes.get((d["year"], d["scheme"]), [])
            if len(found) != 1:
                row.error(None, "scheme", _("No scheme of this year and name in your part of the union tree.")
                          if not found else _("More than one scheme has this year and name."))
            if not row.errors:
                d["member"], d["target"] = member, found[0]
                pairs.append((found[0].pk, member.pk))
        done = self.enrolled(pairs)
        for row in rows:
            if row.errors:
                row.action = "error"
            elif (row.data["target"].pk, row.data["member"].pk) in done:
                row.action = "unchanged"
            else:
                row.action = "create"
        return rows

    def create_record(self, row, data):
        self.enrol(row.data["target"], row.data["member"])


class AidEnrolmentImporter(_EnrolmentImporter):
    kind = "aid_enrolments"
    columns = _enrolment_columns("互助期次", "Mutual aid round")
    model = AidEnrolment

    def schemes(self):
        return selectors.rounds_for(self.user)

    def enrolled(self, pairs):
        return set(AidEnrolment.objects.filter(round_id__in={p for p, _m in pairs},
                                               member_id__in={m for _p, m in pairs})
                   .values_list("round_id", "member_id"))

    def enrol(self, scheme, member):
        services.enrol(self.user, scheme, [member])


class InsuranceEnrolmentImporter(_EnrolmentImporter):
    kind = "insurance_enrolments"
    columns = _enrolment_columns("保险名称", "Group insurance")
    model = InsuranceEnrolment

    def schemes(self):
        return selectors.plans_for(self.user)

    def enrolled(self, pairs):
        return set(InsuranceEnrolment.objects.filter(plan_id__in={p for p, _m in pairs},
                                                     member_id__in={m for _p, m in pairs})
                   .values_list("plan_id", "member_id"))

    def enrol(self, scheme, member):
        services.enrol_insured(self.user, scheme, [member])

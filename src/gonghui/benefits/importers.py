"""The bank's return file of service cards (one row per member: member number, card number, bank, issue date and,
when the member activated it at the bank, the activation date), declared in ``BenefitsConfig.import_kinds``. Each
row goes through the services (one live card per member, scope, audit) in a savepoint of its own."""

from django.utils.translation import gettext as _

from gonghui.core.importing import Column, RecordImporter
from gonghui.members.selectors import members_for

from . import services
from .models import ServiceCard

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

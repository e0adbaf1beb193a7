"""The sheet of members' dues (会费): each row a member (by the member number, the name checked), the month, the
declared basic wage, the rate (empty: the default) and, when paid, the day paid; each row through
``services.save_dues`` and ``services.pay_dues`` in a savepoint of its own (``RecordImporter``)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.importing import Column, RecordImporter
from gonghui.core.validators import parse_money

from . import bank, services
from .choices import Channel, DuesStatus
from .models import BankLine, DuesRecord, Remittance

MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


def parse_month(text):
    if isinstance(text, (datetime.date, datetime.datetime)):
        return datetime.date(text.year, text.month, 1)
    match = MONTH.match(str(text or ""))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


class DuesImporter(RecordImporter):
    kind = "funds_dues"
    model = DuesRecord
    fields = ("member_no", "month", "basic_wage", "rate", "paid_on")
    columns = (
        Column("member_no", "会员编号", "Member number", required="always", aliases=("会员号", "member number"),
               max_length=20),
        Column("name", "姓名", "Full name", required="always", aliases=("会员姓名", "name"), max_length=50),
        Column("month", "月份", "Month", required="always", aliases=("缴费月份", "所属月份", "month"), max_length=20),
        Column("basic_wage", "基本工资", "Basic wage", required="always",
               aliases=("申报基本工资", "工资", "basic wage"), max_length=20),
        Column("rate", "费率(%)", "Rate (%)", aliases=("费率", "比例", "rate"), max_length=10),
        Column("paid_on", "缴纳日期", "Paid on", kind="date", aliases=("缴费日期", "paid on")),
    )

    def classify(self, rows):
        from gonghui.members.models import Member

        for row in rows:
            self.convert(row)
        numbers = {r.data["member_no"] for r in rows if "member_no" in r.data}
        members = {m.member_no: m for m in Member.objects.for_user(self.user).filter(
            member_no__in=numbers, org__path__startswith=self.root.path)}
        for row in rows:
            d = row.data
            member = members.get(d.get("member_no"))
            if member is None and "member_no" in d:
                row.error(None, "member_no", _("No member with this number in %(org)s.") % {"org": self.root.name})
            elif member is not None and member.name != d.get("name"):
                row.error(None, "name", _("The name differs from the member's (%(name)s).") % {"name": member.name})
            if "month" in d:
                month = parse_month(d["month"])
                if month is None:
                    row.error(None, "month", _("Write the month as 2025-03."))
                else:
                    d["month"] = month
            for field in ("basic_wage", "rate"):
                if d.get(field) not in (None, ""):
                    try:
                        d[field] = parse_money(d[field], field)
                    except ValidationError as e:
                        row.error(None, field, e.messages[0])
            if d.get("paid_on") and d["paid_on"] > self.today:
                row.error(None, "paid_on", _("This date cannot be in the future."))
            if row.errors:
                row.action = "error"
                continue
            existing = DuesRecord.objects.filter(member=member, month=d["month"]).first()
            row.existing, row.changes = existing, {}
            if existing is None:
                row.action = "create"
            elif existing.status == DuesStatus.DUE and d.get("paid_on"):
                row.action = "update"
                row.changes = {"status": (existing.status, DuesStatus.PAID)}
            else:
                row.action = "unchanged"
        return rows

    def create_record(self, row, data):
        dues = services.save_dues(self.user, None, member_no=data["member_no"], month=data["month"],
                                  basic_wage=data["basic_wage"], rate=data.get("rate"))
        if data.get("paid_on"):
            services.pay_dues(self.user, dues, data["paid_on"])

    def update_record(self, row, data):
        services.pay_dues(self.user, row.existing, data["paid_on"])


CHANNEL_SPELLINGS = {"直接拨缴": "direct", "直接": "direct", "税务代收": "tax", "地税代收": "tax", "税务": "tax",
                     "委托代收": "agent", "代收": "agent"}


class RemittanceImporter(RecordImporter):
    """The sheet of payroll bases and payments (拨缴): each row an employer's year at the import's union — its
    payroll base (a new remittance, 2% unless a rate is given) and, when given, a payment received, split to three
    levels like one recorded by hand (``services.save_remittance`` and ``services.record_payment``)."""

    kind = "funds_remittances"
    model = Remittance
    fields = ("employer", "year", "payroll_base", "rate", "amount", "paid_on", "channel")
    columns = (
        Column("employer", "单位名称", "Employer", required="always", aliases=("单位", "employer"), max_length=100),
        Column("year", "年度", "Year", kind="int", required="always", aliases=("year",)),
        Column("payroll_base", "工资总额", "Payroll base", aliases=("职工工资总额", "payroll base"), max_length=20),
        Column("rate", "拨缴比例(%)", "Rate (%)", aliases=("拨缴比例", "rate"), max_length=10),
        Column("amount", "到账金额", "Amount received", aliases=("缴款金额", "amount"), max_length=20),
        Column("paid_on", "到账日期", "Received on", kind="date", aliases=("缴款日期", "received on")),
        Column("channel", "拨缴方式", "Channel", kind="choice", choices=Channel, aliases=("channel",),
               spellings=CHANNEL_SPELLINGS),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        existing = {(r.employer, r.year): r for r in Remittance.objects.for_user(self.user).filter(org=self.root)}
        for row in rows:
            d = row.data
            for field in ("payroll_base", "rate", "amount"):
                if d.get(field) not in (None, ""):
                    try:
                        d[field] = parse_money(d[field], field)
                    except ValidationError as e:
                        row.error(None, field, e.messages[0])
            if d.get("amount") and not d.get("paid_on"):
                row.error(None, "paid_on", _("Give the day the payment was received."))
            if d.get("paid_on") and d["paid_on"] > self.today:
                row.error(None, "paid_on", _("This date cannot be in the future."))
            found = existing.get((d.get("employer"), d.get("year")))
            if found is None and d.get("payroll_base") in (None, ""):
                row.error(None, "payroll_base", _("Give the payroll base of a new remittance."))
            if row.errors:
                row.action = "error"
                continue
            row.existing, row.changes = found, {}
            if found is None:
                row.action = "create"
            elif d.get("amount"):
                row.action = "update"
                row.changes = {"received": (found.received, found.received + d["amount"])}
            else:
                row.action = "unchanged"
        return rows

    def _pay(self, remittance, data):
        if data.get("amount"):
            services.record_payment(self.user, remittance, amount=data["amount"], date=data["paid_on"],
                                    channel=data.get("channel") or Channel.DIRECT)

    def create_record(self, row, data):
        remittance = services.save_remittance(self.user, None, org=self.root, employer=data["employer"],
                                              year=data["year"], payroll_base=data["payroll_base"],
                                              rate=data.get("rate"), memo="")
        self._pay(remittance, data)

    def update_record(self, row, data):
        self._pay(row.existing, data)


class BankStatementImporter(RecordImporter):
    """A bank statement (银行流水) as CSV: each credit line matched to a remittance in arrears of a union under the
    import's union (``bank.Matcher``) and its payment recorded through ``services.record_payment``; a line no
    remittance matches is kept for matching by hand; debit lines are skipped; a line already imported (its
    fingerprint) is unchanged, so importing the same statement again changes nothing."""

    kind = "funds_bank_statement"
    model = BankLine
    fields = ("date", "amount", "payer_name", "payer_account", "reference", "fingerprint")
    columns = (
        Column("date", "交易日期", "Date", kind="date", required="always", aliases=("日期", "记账日期", "date")),
        Column("amount", "金额", "Amount", required="always", aliases=("贷方金额", "收入金额", "交易金额", "amount"),
               max_length=20),
        Column("payer_name", "付款人名称", "Payer name", required="always",
               aliases=("对方户名", "付款人", "对方名称", "payer name"), max_length=100),
        Column("payer_account", "付款人账号", "Payer account", aliases=("对方账号", "付款账号", "payer account"),
               max_length=40),
        Column("reference", "摘要", "Reference", aliases=("附言", "用途", "备注", "reference", "memo"), max_length=200),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.occurrences = {}
        self.matcher = None

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        if self.matcher is None:
            self.matcher = bank.Matcher(self.user, self.root)
        for row in rows:
            d = row.data
            text = str(d.get("amount") or "").replace("，", ",").strip()
            debit = text.startswith("-")
            if text and not debit:
                try:
                    d["amount"] = parse_money(text, "amount", positive=True)
                except ValidationError as e:
                    row.error(None, "amount", e.messages[0])
            if d.get("date") and d["date"] > self.today:
                row.error(None, "date", _("This date cannot be in the future."))
            if row.errors:
                row.action = "error"
                continue
            row.changes = {}
            if debit:
                row.action = "unchanged"  # a debit line: not a payment received
                continue
            base = (d["date"], d["amount"], d.get("payer_name", ""), d.get("payer_account", ""),
                    d.get("reference", ""))
            n = self.occurrences[base] = self.occurrences.get(base, 0) + 1
            d["fingerprint"] = bank.fingerprint(*base, occurrence=n)
            if BankLine.objects.filter(fingerprint=d["fingerprint"]).exists():
                row.action = "unchanged"
                continue
            row.target, row.key = self.matcher.match(d["date"], d["amount"], d.get("payer_name"), d.get("reference"))
            row.action = "create"
            if row.target is not None:
                row.changes = {"remittance": ("", str(row.target))}
        return rows

    def create_record(self, row, data):
        data.setdefault("payer_account", "")
        data.setdefault("reference", "")
        bank.record_line(self.user, self.root, data, row.target, row.key or "")

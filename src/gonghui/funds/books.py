"""A union's books for the auditors (经审): the ledger entries of one union for one year, with the fund, the kind
and the category of each, then the totals by fund and category and the year's totals, as an Excel workbook. The
union is one in the official's scope; the export is in the change log."""

from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.exports import rows_response
from gonghui.core.models import AuditAction

from .models import LedgerEntry


def books_union(user, code):
    """The union of ``code`` in the user's scope, else 404 (a code outside the scope is simply not found)."""
    org = scope.org_by_code(user, code)
    if org is None:
        raise Http404(_("No such union in your part of the tree."))
    scope.require(user, "view", org)
    return org


def books_year(text):
    text = (text or "").strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise Http404(_("Give the year as four digits, such as 2025."))
    return int(text)


def book_rows(org, year):
    """The rows of the workbook, header first: one per entry, then the totals by fund and category."""
    entries = list(LedgerEntry.objects.filter(org=org, date__year=year).select_related("fund", "counterpart")
                   .order_by("date", "id"))
    rows = [[_("Date"), _("Fund"), _("Entry kind"), _("Category"), _("Income"), _("Spending"), _("Balance"),
             _("Other organisation"), _("Memo")]]
    totals, income, spending = {}, Decimal("0"), Decimal("0")
    for e in entries:
        into, out = (e.amount, None) if e.amount >= 0 else (None, -e.amount)
        rows.append([e.date, e.fund.get_kind_display(), e.get_kind_display(), e.get_category_display(), into, out,
                     e.balance_after, e.counterpart.name if e.counterpart_id else "", e.memo])
        key = (e.fund.get_kind_display(), e.get_category_display())
        got = totals.setdefault(key, [Decimal("0"), Decimal("0")])
        got[0 if into is not None else 1] += into if into is not None else out
        income += into or 0
        spending += out or 0
    rows.append([])
    rows.append([_("Totals by fund and category"), _("Fund"), "", _("Category"), _("Income"), _("Spending")])
    for (fund, category), (into, out) in sorted(totals.items()):
        rows.append(["", fund, "", category, into, out])
    rows.append([_("Total of %(year)s") % {"year": year}, "", "", "", income, spending])
    return rows, len(entries)


def books_response(user, code, year_text):
    """The workbook of a union's books for a year, recorded in the change log as an export."""
    org, year = books_union(user, code), books_year(year_text)
    rows, count = book_rows(org, year)
    audit.record(AuditAction.EXPORT, org, user=user, org=org, count=count,
                 note=_("The books of %(year)s exported for the auditors.") % {"year": year})
    return rows_response(rows, "xlsx", f"books-{org.code}-{year}")

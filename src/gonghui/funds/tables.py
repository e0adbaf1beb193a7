from gonghui.core.tables import table_for

from .models import Fund, LedgerEntry, Remittance, SplitRatio

FundTable = table_for(Fund, ("kind", "org", "account", "balance"))
EntryTable = table_for(LedgerEntry, ("date", "org", "fund", "kind", "category", "level", "amount", "balance_after",
                                     "memo"))
RatioTable = table_for(SplitRatio, ("year", "org", "grassroots_pct", "parent_pct", "higher_pct", "rounding_to",
                                     "basis"))
RemittanceTable = table_for(Remittance, ("employer", "org", "year", "payroll_base", "rate", "amount_due",
                                         "received"))

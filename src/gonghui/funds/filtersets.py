from gonghui.core.filtersets import filterset_for

from .models import Fund, LedgerEntry, Remittance, SplitRatio

FundFilterSet = filterset_for(Fund, search=("account__icontains", "org__name__icontains"), within="org",
                              fields=("kind",))
EntryFilterSet = filterset_for(LedgerEntry, search=("memo__icontains", "org__name__icontains"), within="org",
                               fields=("kind", "category", "level"))
RatioFilterSet = filterset_for(SplitRatio, search=("basis__icontains", "org__name__icontains"), within="org",
                               fields=("year",))
RemittanceFilterSet = filterset_for(Remittance, search=("employer__icontains", "org__name__icontains"),
                                    within="org", fields=("year",))

"""Two unions racing on PostgreSQL: real concurrent connections, released together."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.core.testing import run_together
from gonghui.hardship import services
from gonghui.hardship.models import AidRecipient, FundBalance, FundLedgerEntry, HardshipArchive
from gonghui.hardship.testing import archive_data, child, threshold
from gonghui.members.services import create_member
from gonghui.tools.testing import build_small_city, make_official, member_data

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real concurrent connections"),
]


def _together(jobs):
    """(results, errors) of the jobs run at the same moment."""
    outcomes = run_together(jobs)
    return ([value for kind, value in outcomes if kind == "ok"],
            [value for kind, value in outcomes if kind == "error"])


def test_two_unions_racing_to_add_the_same_person_to_a_campaign():
    tree = build_small_city()
    root = make_official("race_root", superuser=True)
    ea1 = make_official("race_ea1", tree["EA1"], "staff")
    ea2 = make_official("race_ea2", tree["EA2"], "staff")
    threshold(root, tree["city"])
    campaign = services.open_campaign(root, tree["city"], {"kind": "summer", "name": "夏送清凉", "budget": "1000",
                                                           "standard_amount": "100", "needs_archive": False})
    # Three unions whose part of the tree holds the member (the district, the township, the enterprise union)
    # propose the same person at the same moment: exactly one succeeds.
    member = create_member(root, tree["EA1"], member_data(name="竞争者"))
    a_staff = make_official("race_a", tree["A"], "staff")
    a1_staff = make_official("race_a1", tree["A1"], "staff")
    for _round in range(3):
        AidRecipient.objects.all().delete()
        results, errors = _together([
            lambda: services.propose_recipient(a_staff, campaign, tree["A"], member=member),
            lambda: services.propose_recipient(a1_staff, campaign, tree["A1"], member=member),
            lambda: services.propose_recipient(ea1, campaign, tree["EA1"], member=member),
        ])
        assert len(results) == 1, (results, errors)
        assert len(errors) == 2 and all(isinstance(e, ValidationError) for e in errors), errors
        assert all("只能受助一次" in " ".join(e.messages) for e in errors)
        assert AidRecipient.objects.filter(campaign=campaign).count() == 1
    with pytest.raises(ValidationError):  # a union outside the member's branch cannot propose them at all
        services.propose_recipient(ea2, campaign, tree["EA2"], member=member)


def test_two_unions_racing_to_file_the_same_household():
    tree = build_small_city()
    root = make_official("race_root2", superuser=True)
    kid = child("同一孩子")
    results, errors = _together([
        lambda: services.create_archive(root, tree["EA1"], archive_data("父"), [dict(kid)], ["illness"]),
        lambda: services.create_archive(root, tree["EB1"], archive_data("母"), [dict(kid)], ["illness"]),
    ])
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert isinstance(errors[0], ValidationError)
    assert HardshipArchive.objects.count() == 1


def test_concurrent_payments_never_overdraw_the_fund():
    tree = build_small_city()
    root = make_official("race_root3", superuser=True)
    services.record_income(root, tree["A"], amount="1000", source="union_funds")
    jobs = [lambda: services.allocate_funds(root, tree["A"], tree["A1"], amount="300") for _ in range(5)]
    results, errors = _together(jobs)
    assert len(results) == 3 and len(errors) == 2, (results, errors)
    assert FundBalance.objects.get(org=tree["A"]).balance == Decimal("100")
    assert sum(e.amount for e in FundLedgerEntry.objects.filter(org=tree["A"])) == Decimal("100")

"""The counters stay exact: after every kind of write, the stored counters equal a recount from the records,
and every dashboard figure equals the direct count (random organisations and periods)."""

import csv
import datetime
import random

import pytest
from django.core.management import CommandError, call_command

from gonghui.core.testing import make_credit_code
from gonghui.imports.choices import ImportMode
from gonghui.imports.services import import_file_sync
from gonghui.members import services as member_services
from gonghui.members.services import create_member
from gonghui.orgs import services as org_services
from gonghui.orgs.choices import OrgType
from gonghui.orgs.models import Organisation
from gonghui.orgs.services import create_unit, set_committee
from gonghui.stats import counters
from gonghui.stats.indicators import breakdown_recount
from gonghui.stats.models import OrgCounter
from gonghui.stats.periods import Period, parse_period
from gonghui.stats.registry import StatsContext, all_indicators, breakdowns, get
from gonghui.stats.selectors import dashboard_data
from gonghui.tools.testing import member_data

pytestmark = pytest.mark.django_db


def assert_counters_exact():
    """The stored counters equal a recount from the records (counters.differences recounts every
    organisation's own records and adds them up the tree, independently of the stored rows)."""
    diff = counters.differences()
    assert not diff, diff


def assert_figures_equal_recount(orgs, periods):
    for period in periods:
        for org in orgs:
            ctx = StatsContext(period)
            for ind in all_indicators():
                if not ind.derived or ind.recount_fn is None and not ind.is_ratio:
                    continue
                assert ctx.value(ind, org.pk) == ind.recount(org, period), (ind.key, org.code, period)
            for b in breakdowns():
                shown = {item.label: item.value for item in b.items(ctx, org)}
                labels = b.labels()
                recount = {labels.get(k, k): n for k, n in breakdown_recount(b.key, org, period).items() if n}
                assert shown == recount, (b.key, org.code, period)


@pytest.fixture
def busy(tree, users):
    """Members, units and committees in several unions, written through the services."""
    rng = random.Random(7)
    root = users["root"]
    units = {}
    for key, area, union, employees in (("u1", "A1", "EA1", 300), ("u2", "A1", None, 40), ("u3", "A1", None, 10),
                                        ("u4", "B1", "EB1", 80), ("u5", "B1", None, 26), ("u6", "A1", "EA2", 12)):
        units[key] = create_unit(root, name=f"单位{key}", credit_code=make_credit_code(),
                                 ownership=rng.choice(["state", "private"]), industry=rng.choice("CFG"),
                                 employee_count=employees, area_org=tree[area], union=tree[union] if union else None)
    people = []
    for i in range(24):
        org = tree[rng.choice(["EA1", "EA1", "EA2", "EB1"])]
        unit = units[{"EA1": "u1", "EA2": "u6", "EB1": "u4"}[org.code[3:]]] if rng.random() < 0.8 else None
        birth = datetime.date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28))
        people.append(create_member(root, org, member_data(
            name=f"成员{i}", birth_date=birth, gender=rng.choice("MF"), employment_type=rng.choice(
                ["regular", "migrant", "dispatched", "new_forms"]), education=rng.choice(["", "bachelor", "college"]),
            political_status=rng.choice(["", "masses", "cpc"]), unit=unit,
            join_date=datetime.date(rng.choice([2019, 2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28)))))
    set_committee(root, tree["EA1"], [{"committee": "women", "position": "director", "name": "女委主任"}])
    return {"units": units, "people": people}


def _periods():
    return [Period.year(2024), Period.year(2025), parse("2024-Q2"), parse("2023-07"), parse("2023-03-15~2025-02-10")]


def parse(token):
    return parse_period(token)


def test_counters_follow_member_workflows(tree, users, busy):
    root = users["root"]
    assert_counters_exact()
    people = busy["people"]
    member_services.withdraw_member(root, people[0], "离职")
    member_services.retain_membership(root, people[1], "下岗")
    member_services.reinstate_member(root, people[1])
    member_services.record_death(root, people[2])
    member_services.update_member(root, people[3], {"employment_type": "migrant", "education": "postgraduate",
                                                    "join_date": datetime.date(2025, 6, 1)})
    target = tree["EB1"] if people[4].org_id != tree["EB1"].pk else tree["EA1"]
    t1 = member_services.start_transfer(root, people[4], target)
    assert_counters_exact()
    member_services.accept_transfer(root, t1)
    target = tree["EB1"] if people[5].org_id != tree["EB1"].pk else tree["EA1"]
    t2 = member_services.start_transfer(root, people[5], target)
    member_services.cancel_transfer(root, t2)
    # A former member rejoins elsewhere on the same record.
    member_services.create_member(root, tree["EA2"], member_data(
        name="重新入会", id_number=people[0].id_number, gender=people[0].gender, birth_date=people[0].birth_date,
        join_date=datetime.date(2025, 9, 1)))
    assert_counters_exact()
    assert_figures_equal_recount([tree[k] for k in ("city", "A", "A1", "EA1", "B", "EB1")], _periods())


def test_counters_follow_units_orgs_moves_and_merges(tree, users, busy):
    root = users["root"]
    units = busy["units"]
    org_services.update_unit(root, units["u2"], union=tree["EA2"], employee_count=45)
    org_services.update_unit(root, units["u1"], ownership="foreign", industry="I")  # members count by employer kind
    org_services.update_unit(root, units["u5"], area_org=tree["A1"])
    new = org_services.create_org(root, tree["B1"], name="新建工会", code="C01NEW", org_type=OrgType.ENTERPRISE,
                                  founded_on=datetime.date(2025, 4, 2), next_election_due=datetime.date(2026, 3, 1))
    org_services.update_org(root, tree["EA2"], next_election_due=datetime.date(2025, 12, 1))
    assert_counters_exact()
    org_services.move_org(root, tree["A1"], tree["B"])  # a township with its unions, units and members
    assert_counters_exact()
    org_services.merge_org(root, tree["EA1"], tree["EB1"], "企业重组")
    assert_counters_exact()
    org_services.dissolve_org(root, new, "撤销")
    org_services.set_committee(root, tree["EB1"], [{"committee": "women", "position": "director", "name": "女委主任"}])
    assert_counters_exact()
    fresh = {k: Organisation.objects.get(pk=v.pk) for k, v in tree.items()}
    assert_figures_equal_recount([fresh[k] for k in ("city", "A", "B", "A1", "EB1", "EA2")], _periods())


def test_imports_keep_counters_exact(tree, users, busy, tmp_path):
    """The bulk importer writes members through COPY/INSERT ... SELECT; the counters follow in each batch."""
    root = users["root"]
    path = tmp_path / "members.csv"
    existing = busy["people"][6]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "身份证号", "手机号", "用工形式", "入会日期"])
        for i in range(15):
            d = member_data(birth_date=datetime.date(1980 + i, 2, 3), gender="MF"[i % 2])
            w.writerow([f"导入{i}", d["id_number"], d["phone"], "农民工" if i % 3 else "在岗职工",
                        f"2025-0{1 + i % 9}-11"])
        if existing.org_id == tree["EA1"].pk:
            w.writerow([existing.name, existing.id_number, existing.phone, "农民工", "2025-05-05"])
    import_file_sync(root, "members", str(path), tree["EA1"], ImportMode.SKIP_INVALID)
    assert_counters_exact()
    assert_figures_equal_recount([tree["city"], tree["EA1"]], [Period.year(2025)])


def test_rebuild_repairs_damaged_counters(tree, users, busy):
    OrgCounter.objects.filter(key="m.count").update(total=999)
    OrgCounter.objects.filter(key__startswith="u.").delete()
    counters.rebuild()
    assert_counters_exact()


def test_verify_command_finds_damage_and_rebuild_repairs_it(tree, users, busy):
    call_command("stats", "verify")
    OrgCounter.objects.filter(key="m.count", org=tree["city"]).update(total=1)
    with pytest.raises(CommandError):
        call_command("stats", "verify")
    call_command("stats", "rebuild")
    call_command("stats", "verify")


def test_periods_inside_months_read_their_edge_days_exactly(tree, users, busy):
    """Flows are kept by month; a period that starts or ends inside a month takes those days from the records.
    Random day ranges (within one month, across months and years) and elections due in the middle of a month."""
    due = {"EA1": datetime.date(2025, 3, 14), "EA2": datetime.date(2025, 3, 20), "EB1": datetime.date(2025, 4, 2)}
    for code, day in due.items():
        Organisation.objects.filter(pk=tree[code].pk).update(next_election_due=day)
    counters.refresh([tree[c].pk for c in due], families=("orgs",))
    assert_counters_exact()
    rng = random.Random(11)
    periods = [Period("custom", datetime.date(2025, 3, 1), datetime.date(2025, 3, 14)),
               Period("custom", datetime.date(2025, 3, 15), datetime.date(2025, 3, 19)),
               Period("custom", datetime.date(2024, 12, 31), datetime.date(2025, 4, 1))]
    for _ in range(6):
        start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 2400))
        periods.append(Period("custom", start, start + datetime.timedelta(days=rng.randint(0, 400))))
    assert_figures_equal_recount([tree[k] for k in ("city", "A", "A1", "EA1", "EB1")], periods)

    # The trend's last month stops at the period's end.
    period = Period("custom", datetime.date(2025, 1, 1), datetime.date(2025, 3, 14))
    trend = dashboard_data(tree["city"], period)["trend"]
    new_members = next(s for s in trend["series"] if s["key"] == "new_members")
    assert new_members["values"][-1] == get("new_members").recount(
        tree["city"], Period("custom", datetime.date(2025, 3, 1), datetime.date(2025, 3, 14)))
    assert new_members["values"][-2] == get("new_members").recount(tree["city"], Period(
        "month", datetime.date(2025, 2, 1), datetime.date(2025, 2, 28)))


def test_old_years_are_kept_by_year_and_the_window_can_move(tree, users, busy, settings):
    """Flows of the recent years are kept by month, older ones by year. The counters written while every year
    was recent (month rows) stay exact after the window moves past them: figures of old and mixed periods, the
    trend of an old year, the recount of differences(), and writes after the move."""
    settings.GONGHUI_STATS_MONTHLY_YEARS = 3
    old = datetime.date(counters.monthly_from().year - 1, 6, 1)
    assert OrgCounter.objects.filter(key="m.joined", day=datetime.date(2019, 1, 1)).exists()  # a year row
    assert not OrgCounter.objects.filter(key="m.joined", day__gt=datetime.date(2019, 1, 1),
                                         day__lt=datetime.date(2020, 1, 1)).exists()
    assert OrgCounter.objects.filter(key="m.joined", day__gte=counters.monthly_from()).exclude(day__month=1).exists()

    settings.GONGHUI_STATS_MONTHLY_YEARS = 40  # every year recent: month rows only
    Organisation.objects.filter(pk=tree["EA1"].pk).update(next_election_due=datetime.date(2023, 5, 20))
    Organisation.objects.filter(pk=tree["EB1"].pk).update(next_election_due=datetime.date(2023, 11, 2))
    counters.rebuild()
    assert OrgCounter.objects.filter(key="m.joined", day__year=2019).exclude(day__month=1).exists()
    settings.GONGHUI_STATS_MONTHLY_YEARS = 1  # the window moves: only this year is kept by month
    assert_counters_exact()
    year = counters.monthly_from().year
    periods = [Period.year(2023), Period.year(2019), parse("2023-Q3"), parse("2024-05"),
               Period("custom", datetime.date(2019, 3, 15), datetime.date(year, 2, 10)),
               Period("custom", datetime.date(2023, 12, 31), datetime.date(2025, 1, 1))]
    orgs = [tree[k] for k in ("city", "A", "EA1", "EB1")]
    assert_figures_equal_recount(orgs, periods)

    # writes after the move: old join dates go to year rows beside the month rows of the same year
    member = busy["people"][0]
    member_services.update_member(users["root"], member, {"join_date": old, "employment_type": "migrant"})
    mover = next(p for p in busy["people"][1:] if p.org_id != tree["EB1"].pk)
    member_services.accept_transfer(users["root"], member_services.start_transfer(users["root"], mover, tree["EB1"]))
    Organisation.objects.filter(pk=tree["EA2"].pk).update(next_election_due=datetime.date(2023, 8, 9))
    counters.refresh([tree["EA2"].pk], families=("orgs",))
    assert_counters_exact()
    assert_figures_equal_recount(orgs, periods)

    # the trend of an old year: every month from the records
    trend = dashboard_data(tree["city"], Period.year(2023))["trend"]
    new_members = next(s for s in trend["series"] if s["key"] == "new_members")
    for i, month in enumerate(range(1, 13)):
        last = datetime.date(2023 + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        assert new_members["values"][i] == get("new_members").recount(
            tree["city"], Period("month", datetime.date(2023, month, 1), last))
    assert sum(new_members["values"]) == get("new_members").recount(tree["city"], Period.year(2023))

"""`gonghui seed --province` at a tiny size: the tree (province root above its cities), totals equal to a recount,
the counters right, the disk check, and resuming after a stop and after a city interrupted half-way."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext

from gonghui.members.models import Member, MemberEvent
from gonghui.orgs.models import EmployerUnit, Organisation
from gonghui.stats import counters
from gonghui.stats.models import NO_DAY, OrgCounter
from gonghui.tools.demo.seeder import history, province
from gonghui.tools.demo.seeder import members as member_rows

pytestmark = pytest.mark.django_db

SIZE = {"cities": 3, "orgs": 300, "members": 3000}


def _seed(**kw):
    out = io.StringIO()
    call_command("seed", province=True, **(SIZE | {"seed": 3, "workers": 0, "stdout": out} | kw))
    return out.getvalue()


def _said(msgid, **values):
    """A line as the command prints it (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(msgid) % values


def _indexes(model):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return sorted(tuple(c["columns"]) for c in found.values() if c["index"])


def _check_province():
    """The whole province is there once: tree, totals, identifiers, history and counters."""
    root = Organisation.objects.get(depth=1)
    assert (root.org_type, root.level, root.name) == ("province_federation", 2, "江苏省总工会")
    cities = list(root.get_children())
    assert {(c.org_type, c.level) for c in cities} == {("city_federation", 3)}
    assert [c.name for c in cities] == ["南京市总工会", "无锡市总工会", "徐州市总工会"]
    assert [c.code[:4] for c in cities] == ["3201", "3202", "3203"]
    assert Organisation.find_problems() == ([], [], [], [], [])
    assert Organisation.objects.count() == SIZE["orgs"]  # the province federation included
    assert Member.objects.count() == SIZE["members"]
    assert Member.objects.values("id_hash").distinct().count() == SIZE["members"]
    assert Member.objects.values("member_no").distinct().count() == SIZE["members"]
    # Unequal cities, each with its own units and members (ID numbers of its own districts).
    per_city = [Member.objects.filter(org__path__startswith=c.path).count() for c in cities]
    assert sum(per_city) == SIZE["members"] and len(set(per_city)) == 3
    for city in cities:
        assert EmployerUnit.objects.filter(area_org__path__startswith=city.path).exists()
        m = Member.objects.filter(org__path__startswith=city.path).first()
        assert m.id_number.startswith(city.code[:4])
    joined = MemberEvent.objects.filter(kind="joined")
    assert joined.count() == SIZE["members"]
    assert not joined.values("member_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    # The counters roll up to the province: its member count is the recount, and nothing differs anywhere.
    counted = Member.objects.filter(status__in=counters.COUNTED_MEMBER_STATUSES).count()
    assert OrgCounter.objects.get(org=root, key="m.count", day=NO_DAY).total == counted
    assert counters.differences() == []
    assert province.STATE_TABLE not in connection.introspection.table_names()


def test_province_tree_totals_and_counters():
    output = _seed()
    assert _said("Province: %(name)s (%(code)s), %(n)d cities; %(orgs)s organisations and %(members)s members "
                 "in all.", name="江苏省总工会", code="320000000001", n=3, orgs="300", members="3,000") in output
    assert output.count("3,000 / 3,000") == 1  # the province's progress after its last city
    _check_province()
    with pytest.raises(CommandError):  # finished: a second province needs --force
        _seed()


def test_province_resumes_after_a_stop_and_a_half_written_city(monkeypatch):
    before = (_indexes(Member), _indexes(MemberEvent))
    monkeypatch.setattr(member_rows, "DEFER_INDEXES_THRESHOLD", 1000)  # the indexes are dropped for the whole run
    output = _seed(stop_after_cities=1)
    assert _said("Stopped after %(n)d cities (--stop-after-cities): run the same command again to continue.",
                 n=1) in output
    assert Organisation.objects.get(depth=1).get_children().count() == 1
    first = Member.objects.count()
    assert province.STATE_TABLE in connection.introspection.table_names()
    assert (_indexes(Member), _indexes(MemberEvent)) != before
    with pytest.raises(CommandError, match='"members": 3000'):
        _seed(members=3001)

    # The second city fails once its members are written (before their history): the city is rolled back.
    def fail(self, after_id):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(history.HistoryWriter, "_insert_events", fail)
    with pytest.raises(RuntimeError):
        _seed()
    assert Organisation.objects.get(depth=1).get_children().count() == 1
    assert Member.objects.count() == first
    monkeypatch.undo()

    output = _seed()
    left = SIZE["members"] - first
    assert _said("Continuing %(name)s: %(done)d of %(n)d cities written before, %(left)s members to go.",
                 name="江苏省总工会", done=1, n=3, left=f"{left:,}") in output
    assert (_indexes(Member), _indexes(MemberEvent)) == before
    _check_province()


def test_province_refused_without_disk_room(monkeypatch):
    monkeypatch.setattr(province, "BYTES_PER_MEMBER", {"postgresql": 10**12, "sqlite": 10**12})
    with pytest.raises(CommandError) as refused:
        _seed()
    assert "3,000" in str(refused.value)
    assert not Organisation.objects.exists()

"""How a scope is written in SQL (gonghui.core.scope.subtree_q): the same rows every way, read the way each
database serves fastest at province scale."""

from django.db import connection

from gonghui.members.selectors import members_for
from gonghui.orgs.selectors import units_for


def test_each_scope_sees_its_subtree_and_is_written_for_its_database(tree, users, members):
    seen = {"city_admin": {"李明", "王芳", "赵强"}, "a_staff": {"李明", "王芳"}, "b_staff": {"赵强"},
            "ea1_staff": {"李明", "王芳"}}
    for name, expected in seen.items():
        qs = members_for(users[name])
        assert set(qs.values_list("name", flat=True)) == expected, name
        sql = str(qs.values("pk").query)
        if connection.vendor != "sqlite":
            assert " LIKE " in sql.upper(), name  # PostgreSQL: the path's pattern index
            continue
        wide = users[name].role_assignments.get().org.depth <= 2
        if wide:
            # a city or district: each row's organisation read by its key, no join (no Bloom filter over every
            # organisation before the first row)
            assert "JOIN" not in sql and "BETWEEN" in sql, name
        else:
            assert 'INNER JOIN "orgs_organisation"' in sql and "BETWEEN" in sql, name


def test_a_wide_scope_over_two_organisation_links_is_their_union(tree, users):
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit

    root = users["root"]
    # a unit in district A's area organised by a union of district B: both districts' officials see it
    unit = create_unit(root, name="跨区公司", credit_code=make_credit_code(), ownership="private", industry="C",
                       area_org=tree["A"], union=tree["EB1"])
    for name in ("city_admin", "a_staff", "b_staff"):
        assert units_for(users[name]).filter(pk=unit.pk).exists(), name
    assert not units_for(users["ea1_staff"]).filter(pk=unit.pk).exists()
    # a narrow scope over two links on SQLite: the keys found through each link (two index reads), not an OR over
    # two joined paths (which reads no index)
    sql = str(units_for(users["ea1_staff"]).values("pk").query)
    if connection.vendor == "sqlite":
        assert sql.count('"orgs_employerunit"."id" IN (SELECT') == 2, sql

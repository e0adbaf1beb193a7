"""The tests' union tree is written in one statement: it must be the tree treebeard itself would build."""

import pytest

from gonghui.orgs.models import Organisation
from gonghui.tools.testing import build_small_city


@pytest.mark.django_db
def test_the_small_city_is_a_sound_tree_that_grows_as_treebeard_grows_it():
    first = build_small_city()
    assert Organisation.find_problems() == ([], [], [], [], [])
    assert [o.code for o in first["A1"].get_children()] == ["C01EA1", "C01EA2"]
    assert [o.code for o in first["EA1"].get_ancestors()] == ["C01", "C01A", "C01A1"]
    added = Organisation.objects.get(pk=first["A1"].pk).add_child(name="新公司工会", code="C01EA3",
                                                                   org_type=first["EA1"].org_type,
                                                                   level=first["EA1"].level)
    assert added.path == first["EA2"].path[:-4] + "0003"
    assert Organisation.find_problems() == ([], [], [], [], [])

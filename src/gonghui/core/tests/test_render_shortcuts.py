"""Pages written faster than the libraries write them: the HTML must stay theirs (form widgets, table cells,
links, choice labels), escaping included."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from gonghui.core.renderers import FormRenderer
from gonghui.members.filtersets import MemberFilterSet

EVIL = '"><script>alert(1)</script>'


class Sample(forms.Form):
    plain = forms.CharField(required=False)
    number = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 0, "readonly": True}))
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"disabled": False}))
    kind = forms.ChoiceField(choices=[("", "---"), ("a", "甲"), (EVIL, EVIL)], required=False)
    grouped = forms.ChoiceField(choices=[("东", [("1", "一"), ("2", "二")]), ("其他", [("3", EVIL)])])
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)


def _both(form_class, data):
    ours = form_class(data, renderer=FormRenderer())
    django = form_class(data, renderer=DjangoTemplates())
    return [(str(ours[name]), str(django[name])) for name in ours.fields]


def test_the_same_html_as_djangos_templates():
    data = {"plain": EVIL, "number": "3", "day": datetime.date(2026, 1, 2), "kind": EVIL, "grouped": "3",
            "many": ["x", "y"]}
    pairs = _both(Sample, data) + _both(Sample, {})
    assert len(pairs) == 12
    for ours, django in pairs:
        assert parse_html(ours) == parse_html(django), (ours, django)
    assert "<script>" not in "".join(ours for ours, _ in pairs)


def test_a_filter_form_renders_the_same(rf):
    filterset = MemberFilterSet({"status": "active", "gender": "F", "q": "李"}, queryset=None)
    form = filterset.form
    for name in form.fields:
        ours = form[name].as_widget()
        form.renderer = DjangoTemplates()
        django = form[name].as_widget()
        form.renderer = FormRenderer()
        assert parse_html(ours) == parse_html(django), name

# --- the table cells' shortcuts (gonghui.core.tables, gonghui.core.models) ---------------------------------------

def test_date_columns_write_what_the_librarys_templates_write(settings):
    import django_tables2 as tables
    from django.utils import timezone

    from gonghui.core.tables import DateColumn, DateTimeColumn, TimeColumn

    settings.TIME_ZONE = "Asia/Shanghai"
    moment = datetime.datetime(2026, 3, 1, 17, 30, tzinfo=datetime.UTC)  # 2 March 01:30 in Beijing
    rows = [{"day": datetime.date(2026, 1, 2), "at": moment}, {"day": None, "at": None}]

    def html(day_column, at_column):
        table_class = type("T", (tables.Table,), {"day": day_column, "at": at_column})
        return [[str(cell) for cell in row] for row in table_class(rows).rows]

    with timezone.override("Asia/Shanghai"):
        assert html(DateColumn(format="Y-m-d"), TimeColumn()) == html(
            tables.DateColumn(format="Y-m-d"), tables.DateTimeColumn(format="Y-m-d H:i"))
        assert html(DateColumn(), DateTimeColumn()) == html(tables.DateColumn(), tables.DateTimeColumn())
        assert html(DateColumn(format="Y-m-d"), TimeColumn())[0] == ["2026-01-02", "2026-03-02 01:30"]


def test_a_detail_url_is_the_reversed_one():
    from django.urls import NoReverseMatch, reverse

    from gonghui.core.models import detail_url

    for name in ("members:member_detail", "orgs:org_detail", "rights:case_detail"):
        for pk in (1, 42, 9_087_654_321):
            assert detail_url(name, pk) == reverse(name, args=[pk])
    with pytest.raises(NoReverseMatch):
        detail_url("members:member_detail", None)


def test_choice_labels_are_djangos(db):
    from django.db.models import Model

    from gonghui.members.models import Member

    member = Member(gender="F", status="active", education="zz")  # zz: not a choice, shown as it is
    for field in ("gender", "status", "education"):
        ours = getattr(member, f"get_{field}_display")()
        assert ours == Model._get_FIELD_display(member, Member._meta.get_field(field))
    assert member.get_education_display() == "zz"


def test_cell_functions_are_called_with_their_own_arguments():
    import functools

    from django_tables2.utils import call_with_appropriate

    class Cell:
        def render(self, value, record):
            return (value, record)

    def both(value, **kwargs):
        return (value, sorted(kwargs))

    arguments = {"value": 1, "record": 2, "column": 3}
    for _ in range(2):  # the second time from what was kept
        assert call_with_appropriate(Cell().render, arguments) == (1, 2)
        assert call_with_appropriate(lambda record: record, arguments) == 2
        assert call_with_appropriate(both, arguments) == (1, ["column", "record"])
        assert call_with_appropriate(functools.partial(both, column=0), arguments) == (1, ["column", "record"])
        assert call_with_appropriate(lambda missing: missing, arguments) is None

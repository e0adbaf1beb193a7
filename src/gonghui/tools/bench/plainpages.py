"""The plain Django way of the pages ``gonghui bench pages`` times ours against. Not product pages: they are only in
the URLconf of the benchmark's process (:mod:`.settings_pages`, under ``/bench-plain/``), signed-in officials only.

What a Django developer would write without gonghui's machinery, on the same data and with the same filters:

- the scope is the officials' role organisations' subtrees (``org__path__startswith``), as ours;
- lists are a ``ListView`` (the API a DRF ``ListAPIView``) with ``paginate_by``: Django's ``Paginator`` counts the
  whole filtered list (``COUNT(*)``) and reads the page with ``OFFSET``; the search box means what ours means
  (:func:`gonghui.members.selectors.search_q`: exact ID number by its hash, phone, member number, name);
- counts (the tree's, the dashboard's) are ``COUNT(*)`` over the records, one query per figure and row, with no
  counters;
- pages extend the same frame (``core/page.html``: navigation, header) so both render the same chrome.
"""

import datetime
from functools import cache

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.http import Http404
from django.template import engines
from django.urls import include, path
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated

from gonghui.accounts.models import RoleAssignment
from gonghui.members.choices import COUNTED_MEMBER_STATUSES
from gonghui.members.models import Member, MemberEvent
from gonghui.members.selectors import search_q
from gonghui.orgs.choices import LIVE_STATUSES
from gonghui.orgs.models import EmployerUnit, Organisation
from gonghui.urls import handler404  # noqa: F401  (the product's, in this URLconf too)
from gonghui.urls import urlpatterns as product_urls


def scope_q(user, field="org__path"):
    """The subtrees of the user's role organisations."""
    q = Q(pk__in=[])
    for p in RoleAssignment.objects.filter(user=user).values_list("org__path", flat=True):
        q |= Q(**{f"{field}__startswith": p})
    return q


@cache
def _template(source):
    return engines["django"].from_string("{% extends 'core/page.html' %}{% load i18n %}" + source)


class StringTemplateMixin:
    """The page's template is written here, not in a template directory."""

    source = ""

    def get_template_names(self):
        return _template(self.source)  # TemplateResponse takes a template object as it is


PAGER = """<p>{{ page_obj.number }} / {{ paginator.num_pages }} ({{ paginator.count }})
{% if page_obj.has_next %}<a href="?q={{ request.GET.q|urlencode }}&page={{ page_obj.next_page_number }}">&raquo;</a>
{% endif %}</p>"""


def member_list(request):
    """The members in the user's scope, searched by ``q``, newest first (the list page's and the API's)."""
    qs = Member.objects.filter(scope_q(request.user)).select_related("org", "unit")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(search_q(q))
    return qs.order_by("-join_date", "-id")


class PlainMemberList(LoginRequiredMixin, StringTemplateMixin, ListView):
    paginate_by = 50
    source = """{% block page %}<form><input name="q" value="{{ request.GET.q }}"></form>
<table class="table"><tbody>{% for m in object_list %}<tr>
<td><a href="{% url 'members:member_detail' m.pk %}">{{ m.member_no }}</a></td><td>{{ m.name }}</td>
<td>{{ m.get_gender_display }}</td><td>{{ m.id_number_masked }}</td><td>{{ m.phone_masked }}</td>
<td>{{ m.org.name }}</td><td>{{ m.unit.name|default:"" }}</td><td>{{ m.get_employment_type_display }}</td>
<td>{{ m.join_date|date:"Y-m-d" }}</td><td>{{ m.get_status_display }}</td></tr>{% endfor %}</tbody></table>
""" + PAGER + "{% endblock %}"

    def get_queryset(self):
        return member_list(self.request)


class PlainMemberDetail(LoginRequiredMixin, StringTemplateMixin, DetailView):
    source = """{% block page %}<dl><dt>{{ object.member_no }}</dt><dd>{{ object.name }}</dd>
<dd>{{ object.get_gender_display }} {{ object.birth_date|date:"Y-m-d" }} {{ object.id_number_masked }}
{{ object.phone_masked }}</dd><dd>{{ object.org.name }} ({{ object.org.code }})</dd>
<dd>{{ object.unit.name|default:"" }}</dd><dd>{{ object.get_employment_type_display }}</dd>
<dd>{{ object.join_date|date:"Y-m-d" }} {{ object.get_status_display }}</dd></dl>
<ol>{% for e in events %}<li>{{ e.date|date:"Y-m-d" }} {{ e.get_kind_display }} {{ e.from_org.name|default:"" }}
{{ e.to_org.name|default:"" }} {{ e.note }} {{ e.actor|default:"" }}</li>{% endfor %}</ol>{% endblock %}"""

    def get_queryset(self):
        return Member.objects.filter(scope_q(self.request.user)).select_related("org", "unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["events"] = MemberEvent.objects.filter(member=self.object).select_related("from_org", "to_org", "actor")
        return ctx


class PlainOrgChildren(LoginRequiredMixin, StringTemplateMixin, ListView):
    """A node's children, a page at a time, each with the organisations and members below it counted."""

    paginate_by = 100  # as the tree's page (orgs.views.TREE_PAGE)
    source = """{% block page %}<ul>{% for o, orgs, members in rows %}<li><a href="{% url 'orgs:org_detail' o.pk %}">
{{ o.name }}</a> {{ o.code }} {{ o.get_org_type_display }} {{ orgs }} {{ members }}</li>{% endfor %}</ul>
""" + PAGER + "{% endblock %}"

    def get_queryset(self):
        parent = Organisation.objects.filter(scope_q(self.request.user, "path"), pk=self.kwargs["pk"]).first()
        if parent is None:
            raise Http404
        return Organisation.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("path")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = [
            (o, Organisation.objects.filter(path__startswith=o.path, depth__gt=o.depth).count(),
             Member.objects.filter(org__path__startswith=o.path, status__in=COUNTED_MEMBER_STATUSES).count())
            for o in ctx["object_list"]]
        return ctx


class PlainDashboard(LoginRequiredMixin, StringTemplateMixin, TemplateView):
    """The dashboard's main figures for the year, counted from the records: members, new members, by gender,
    employer units and those with a union, and the table of live children (members, new members). Fewer
    figures than ours (which has every indicator of the registry): the plain way's time is understated."""

    source = """{% block page %}<h2>{{ org.name }} {{ year }}</h2><dl><dt>members</dt><dd>{{ members }}</dd>
<dt>new</dt><dd>{{ new }}</dd>{% for g in genders %}<dt>{{ g.gender }}</dt><dd>{{ g.n }}</dd>{% endfor %}
<dt>units</dt><dd>{{ units }} / {{ unionised }}</dd></dl><table class="table">{% for c, m, n in children %}
<tr><td>{{ c.name }}</td><td>{{ m }}</td><td>{{ n }}</td></tr>{% endfor %}</table>{% endblock %}"""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = Organisation.objects.filter(scope_q(self.request.user, "path"),
                                          code=self.request.GET.get("org", "")).first()
        if org is None:
            raise Http404
        year = int(self.request.GET.get("period") or timezone.localdate().year)
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)

        def members(o):
            return Member.objects.filter(org__path__startswith=o.path, status__in=COUNTED_MEMBER_STATUSES)

        def new(o):
            return Member.objects.filter(org__path__startswith=o.path, join_date__range=(start, end))

        units = EmployerUnit.objects.filter(area_org__path__startswith=org.path)
        children = Organisation.objects.filter(path__startswith=org.path, depth=org.depth + 1,
                                               status__in=LIVE_STATUSES).order_by("path")
        ctx.update(
            org=org, year=year, title=org.name, members=members(org).count(), new=new(org).count(),
            genders=members(org).order_by().values("gender").annotate(n=Count("id")).order_by("gender"),
            units=units.count(), unionised=units.filter(union__isnull=False).count(),
            children=[(c, members(c).count(), new(c).count()) for c in children],
        )
        return ctx


class PlainMemberSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name")
    org_code = serializers.CharField(source="org.code")
    unit_name = serializers.CharField(source="unit.name", default=None)
    id_number = serializers.CharField(source="id_number_masked")
    phone = serializers.CharField(source="phone_masked")

    class Meta:
        model = Member
        fields = ["id", "member_no", "name", "id_number", "gender", "birth_date", "ethnicity", "education",
                  "political_status", "phone", "org", "org_name", "org_code", "unit", "unit_name", "job_title",
                  "employment_type", "join_date", "status", "status_changed_on", "created_at", "updated_at"]


class PlainPagination(PageNumberPagination):
    page_size = 50


class PlainMemberApi(generics.ListAPIView):
    serializer_class = PlainMemberSerializer
    pagination_class = PlainPagination
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return member_list(self.request)


plain_urls = [
    path("members/", PlainMemberList.as_view(), name="plain_member_list"),
    path("members/<int:pk>/", PlainMemberDetail.as_view(), name="plain_member_detail"),
    path("orgs/<int:pk>/children/", PlainOrgChildren.as_view(), name="plain_org_children"),
    path("dashboard/", PlainDashboard.as_view(), name="plain_dashboard"),
    path("api/members/", PlainMemberApi.as_view(), name="plain_member_api"),
]

# The URLconf of the benchmark's process (settings_pages): the product's, and the plain pages under /bench-plain/.
urlpatterns = [path("bench-plain/", include(plain_urls)), *product_urls]

"""Builders for tests, the demo and benchmarks: a small union tree, officials with roles, valid identifiers."""

import datetime
import itertools
import random

from .validators import CREDIT_CODE_CHARS, credit_code_check_char, id_check_char

_counter = itertools.count(1)


def make_id_number(birth=datetime.date(1990, 5, 17), gender="M", region="320311", seq=None):
    """A valid 18-digit ID number with the given birth date and gender."""
    seq = next(_counter) if seq is None else seq
    order = (seq % 500) * 2 + (1 if gender == "M" else 0)  # odd order digit = male
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + id_check_char(body)


def make_credit_code(seq=None, rng=None):
    """A valid 18-character unified social credit code."""
    rng = rng or random.Random(seq if seq is not None else next(_counter))
    body = "91" + "320311" + "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(9))
    return body + credit_code_check_char(body)


def make_phone(seq=None):
    seq = next(_counter) if seq is None else seq
    return f"139{seq % 100000000:08d}"


def build_small_city():
    """City → 2 districts → a township each → enterprise unions; returns a dict of organisations by key.

    Keys: city, A, A1, EA1, EA2, B, B1, EB1.
    """
    from gonghui.orgs.choices import OrgLevel, OrgType
    from gonghui.orgs.models import Organisation

    city = Organisation.add_root(name="测试市总工会", code="C01", org_type=OrgType.CITY_FEDERATION, level=OrgLevel.CITY)
    orgs = {"city": city}
    for key in ("A", "B"):
        d = city.add_child(name=f"{key}区总工会", code=f"C01{key}", org_type=OrgType.COUNTY_FEDERATION, level=OrgLevel.COUNTY)
        orgs[key] = d
        t = d.add_child(name=f"{key}区一街道工会", code=f"C01{key}1", org_type=OrgType.TOWNSHIP, level=OrgLevel.TOWNSHIP)
        orgs[f"{key}1"] = t
    for key, parent in (("EA1", "A1"), ("EA2", "A1"), ("EB1", "B1")):
        parent_obj = Organisation.objects.get(pk=orgs[parent].pk)
        orgs[key] = parent_obj.add_child(name=f"{key}公司工会", code=f"C01{key}", org_type=OrgType.ENTERPRISE, level=OrgLevel.GRASSROOTS)
    from gonghui.stats.counters import refresh

    refresh([o.pk for o in orgs.values()], ("orgs",))  # built without the services: count them once
    return {k: Organisation.objects.get(pk=v.pk) for k, v in orgs.items()}


def make_official(username, org=None, role="staff", password="Gonghui-test-2026", superuser=False):
    from gonghui.accounts.models import RoleAssignment, User

    user = User.objects.create_user(username=username, password=password, full_name=username, home_org=org,
                                    is_superuser=superuser, is_staff=superuser)
    if org is not None and not superuser:
        RoleAssignment.objects.create(user=user, org=org, role=role)
    return user


def member_data(**overrides):
    """Valid form data for a member (gender and birth date consistent with the ID number)."""
    birth = overrides.pop("birth_date", datetime.date(1990, 5, 17))
    gender = overrides.pop("gender", "M")
    data = {
        "name": "张三",
        "id_number": make_id_number(birth, gender),
        "gender": gender,
        "birth_date": birth,
        "phone": make_phone(),
        "ethnicity": "01",
        "education": "bachelor",
        "political_status": "masses",
        "employment_type": "regular",
        "join_date": datetime.date(2024, 3, 1),
    }
    data.update(overrides)
    return data


# --- The scope "world": one object of every scoped model inside each district ----------------------
#
# The scope matrix (tests/scope/) discovers every concrete model that declares ``scope_org_fields`` and
# needs a builder for it here, keyed by model label (``app_label.modelname``, lower case). A builder is
# ``builder(org, actor, marker) -> object``: ``org`` is a grassroots (enterprise) union inside one
# district, ``actor`` a superuser, and ``marker`` a unique text (letters and digits) that the builder
# must put where list pages and exports show it (a name, a code, a user's full name). Build through the
# services. A new app with a scoped model registers its builder with ``@register_scope_builder(...)``
# (in its own tests or conftest), otherwise the matrix fails and names the model.

SCOPE_WORLD_BUILDERS = {}


def register_scope_builder(label):
    def _register(func):
        SCOPE_WORLD_BUILDERS[label.lower()] = func
        return func

    return _register


def _second_union(org, actor, marker):
    """Another enterprise union next to ``org`` (same parent), created through the service."""
    from gonghui.orgs.choices import OrgType
    from gonghui.orgs.models import Organisation
    from gonghui.orgs.services import create_org

    parent = Organisation.objects.get(pk=org.pk).get_parent()
    return create_org(actor, parent, name=f"{marker}接收工会", code=f"{marker}R", org_type=OrgType.ENTERPRISE)


@register_scope_builder("orgs.organisation")
def _build_org(org, actor, marker):
    from gonghui.orgs.choices import OrgType
    from gonghui.orgs.services import create_org

    return create_org(actor, org, name=f"{marker}分工会", code=marker, org_type=OrgType.BRANCH, chair_name=f"{marker}主席")


@register_scope_builder("orgs.employerunit")
def _build_unit(org, actor, marker):
    from gonghui.orgs.services import create_unit

    return create_unit(
        actor, name=f"{marker}有限公司", credit_code=make_credit_code(), ownership="private", industry="C",
        employee_count=120, address=f"{marker}路1号", area_org=org.get_parent(), union=org,
    )


@register_scope_builder("orgs.committeemember")
def _build_committee_member(org, actor, marker):
    from gonghui.orgs.services import set_committee

    existing = [
        {"committee": s.committee, "position": s.position, "name": s.name, "term_number": s.term_number,
         "started_on": s.started_on}
        for s in org.committee_members.all()
    ]
    seats = set_committee(actor, org, existing + [{"name": marker, "position": "member", "term_number": 1}])
    return next(s for s in seats if s.name == marker)


@register_scope_builder("members.member")
def _build_member(org, actor, marker):
    from gonghui.members.services import create_member

    return create_member(actor, org, member_data(name=marker))


@register_scope_builder("members.joinapplication")
def _build_application(org, actor, marker):
    from gonghui.members.choices import ApplicationChannel
    from gonghui.members.services import submit_application

    return submit_application(org, member_data(name=marker, unit_name=f"{marker}公司"), user=actor,
                              channel=ApplicationChannel.STAFF)


@register_scope_builder("members.transfer")
def _build_transfer(org, actor, marker):
    """A pending transfer between two unions of the same district (the member is named ``marker``)."""
    from gonghui.members.services import create_member, start_transfer

    member = create_member(actor, org, member_data(name=marker))
    return start_transfer(actor, member, _second_union(org, actor, f"{marker}T"), reason=f"{marker}调动")


@register_scope_builder("accounts.user")
def _build_user(org, actor, marker):
    from gonghui.accounts.services import create_official

    return create_official(actor, password="Gonghui-test-2026", username=marker.lower(), full_name=marker,
                           home_org=org, email=f"{marker.lower()}@example.org")


@register_scope_builder("accounts.roleassignment")
def _build_role_assignment(org, actor, marker):
    from gonghui.accounts.services import assign_role

    user = _build_user(org, actor, marker)
    return assign_role(actor, user, org, "viewer")


@register_scope_builder("core.auditlog")
def _build_audit_entry(org, actor, marker):
    """The entry a service writes when it creates an organisation named after ``marker``."""
    from gonghui.core.models import AuditLog
    from gonghui.orgs.choices import OrgType
    from gonghui.orgs.services import create_org

    new = create_org(actor, org, name=f"{marker}审计工会", code=f"{marker}L", org_type=OrgType.BRANCH)
    return AuditLog.objects.filter(object_id=str(new.pk), action="create", org=new).latest("id")


def load_app_builders():
    """Import ``<app>.testing`` of every gonghui app, where apps register their own scope builders."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui.") or config.name == "gonghui.core":
            continue
        try:
            importlib.import_module(f"{config.name}.testing")
        except ModuleNotFoundError as e:
            if e.name != f"{config.name}.testing":
                raise


def scoped_models():
    """Concrete models that declare ``scope_org_fields`` (the scope matrix covers each of them)."""
    from django.apps import apps

    return [m for m in apps.get_models() if getattr(m, "scope_org_fields", None) is not None
            and not m._meta.abstract and not m._meta.proxy]


def model_label(model):
    return model._meta.label_lower


def scope_q(model, org):
    """Objects of ``model`` placed inside ``org``'s subtree (computed here, independently of selectors)."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for field in model.scope_org_fields:
        q |= Q(**{(f"{field}__path__startswith" if field else "path__startswith"): org.path})
    return q


def build_scope_world(tree, actor, districts=("A", "B"), grassroots=None):
    """One object of every scoped model inside each district, with unique markers.

    Returns ``{"objects": {label: {district: obj}}, "markers": {district: {label: marker}},
    "missing": [labels without a builder]}``. ``grassroots`` maps district → the union to build in
    (default EA1 for A and EB1 for B).
    """
    load_app_builders()
    grassroots = grassroots or {"A": tree["EA1"], "B": tree["EB1"]}
    world = {"objects": {}, "markers": {d: {} for d in districts}, "missing": []}
    for n, model in enumerate(sorted(scoped_models(), key=model_label)):
        label = model_label(model)
        builder = SCOPE_WORLD_BUILDERS.get(label)
        if builder is None:
            world["missing"].append(label)
            continue
        for district in districts:
            marker = f"QX{district}{n:02d}{label.split('.')[1][:3].upper()}Z"
            obj = builder(grassroots[district], actor, marker)
            world["objects"].setdefault(label, {})[district] = obj
            world["markers"][district][label] = marker
    return world


# --- URL discovery for the scope matrix -----------------------------------------------------------


class UrlEntry:
    """One URL pattern of the project, flattened: its full route, name with namespaces, view and kwargs."""

    def __init__(self, route, name, callback, kwarg_names):
        self.route = route
        self.name = name
        self.callback = callback
        self.kwarg_names = tuple(kwarg_names)
        self.view_class = getattr(callback, "view_class", None)  # Django class-based views
        self.viewset = getattr(callback, "cls", None)  # DRF viewsets and API views
        self.actions = dict(getattr(callback, "actions", None) or {})  # DRF router: method -> action

    def __repr__(self):
        return f"<UrlEntry {self.name or '?'} {self.route}>"

    def reverse(self, **kwargs):
        from django.urls import reverse

        return reverse(self.name, kwargs=kwargs)


def iter_url_entries(resolver=None, prefix="", namespace=None, kwarg_names=()):
    """Every URL pattern reachable from the root URLconf (recursively through includes)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        names = list(kwarg_names) + list(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from iter_url_entries(p, prefix + str(p.pattern), ns, names)
        elif isinstance(p, URLPattern):
            name = None
            if p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
            yield UrlEntry(prefix + str(p.pattern), name, p.callback, names)


def unrestricted_user():
    """An unsaved superuser: ``selector(unrestricted_user()).model`` names a view's model without a database."""
    from django.contrib.auth import get_user_model

    return get_user_model()(username="__matrix__", is_superuser=True, is_active=True)

# Pages that take a ``pk`` and scope it by hand instead of through ScopedObjectMixin: URL name → model
# label of the object the pk names. The scope matrix checks them like the others (GET only).
SCOPE_PK_VIEW_MODELS = {
    "orgs:org_tree_children": "orgs.organisation",
}


@register_scope_builder("imports.importjob")
def _build_import_job(org, actor, marker):
    """An uploaded (not yet checked) member sheet whose file name carries the marker."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.imports.services import create_job

    csv_bytes = "姓名,居民身份证号,手机号码\n".encode() + f"{marker},{make_id_number()},{make_phone()}\n".encode()
    upload = SimpleUploadedFile(f"{marker}.csv", csv_bytes, content_type="text/csv")
    return create_job(actor, "members", upload, org, "skip_invalid")

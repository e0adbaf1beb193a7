"""Scope builders of honours (the scope matrix, ModelViewTests) and helpers for the area's tests."""

import datetime
import itertools

from gonghui.core.testing import make_id_number, register_scope_builder

_n = itertools.count(1)


def above(org):
    return org.get_parent() or org


def make_scheme(actor, org, name="区劳动模范", level="district", recipient="person"):
    from .services import save_scheme

    return save_scheme(actor, None, org=org, name=name, category="model_worker", level=level, recipient=recipient,
                       cycle_years=5)


def make_round(actor, org, year=2026, scheme=None, notice_days=5, **kw):
    from .services import save_round

    scheme = scheme or make_scheme(actor, org, name=f"劳动模范{next(_n)}", **kw)
    return save_round(actor, None, scheme=scheme, year=year, name=f"{year}年{scheme.name}评选",
                      notice_days=notice_days)


def recommend(actor, rnd, org, nominee="张建国", id_number=None, **kw):
    from .services import save_recommendation

    data = {"nominee": nominee, "id_number": id_number if id_number is not None else make_id_number(),
            "employer": "第一机床厂", "deeds": "技术革新", "meeting": "职代会主席团会议",
            "meeting_on": datetime.date(2026, 3, 1), "votes_for": 40, "votes_total": 45, **kw}
    return save_recommendation(actor, None, round=rnd, org=org, **data)


def make_worker(actor, org, name="李秀英", level="district", **kw):
    from .services import save_worker

    data = {"org": org, "name": name, "id_number": make_id_number(), "employer": "第二纺织厂", "level": level,
            "bank_name": "工商银行", "bank_account": "6222020200112233445", **kw}
    return save_worker(actor, None, **data)


def make_rule(actor, org, level="district", worker_status="working", kind="monthly", amount="300", basis=""):
    from .services import save_rule

    return save_rule(actor, None, org=org, level=level, worker_status=worker_status, kind=kind, amount=amount,
                     basis=basis)


@register_scope_builder("honours.honourscheme")
def _build_scheme(org, actor, marker):
    return make_scheme(actor, org, name=f"{marker}奖")


@register_scope_builder("honours.selectionround")
def _build_round(org, actor, marker):
    from .services import save_round

    scheme = make_scheme(actor, org, name=f"{marker}奖")
    return save_round(actor, None, scheme=scheme, year=2026, name=f"{marker}评选", notice_days=5)


@register_scope_builder("honours.recommendation")
def _build_recommendation(org, actor, marker):
    """A recommendation by ``org`` in a round of the union above it, within a quota of 5."""
    from .services import set_quota

    rnd = make_round(actor, above(org))
    set_quota(actor, rnd, org, 5) if above(org) != org else None
    return recommend(actor, rnd, org, nominee=f"{marker}")


@register_scope_builder("honours.modelworker")
def _build_worker(org, actor, marker):
    return make_worker(actor, org, name=marker)


_COMBOS = [(lv, st, kd) for lv in ("district", "city", "provincial", "national") for st in ("working", "retired")
           for kd in ("monthly", "retirement")]


@register_scope_builder("honours.allowancerule")
def _build_rule(org, actor, marker):
    """The first case the union has no rule for yet; the marker in its basis."""
    from .models import AllowanceRule

    used = set(AllowanceRule.objects.filter(org=org).values_list("level", "worker_status", "kind"))
    level, status, kind = next(c for c in _COMBOS if c not in used)
    return make_rule(actor, org, level=level, worker_status=status, kind=kind, basis=f"{marker}号文")


@register_scope_builder("honours.paymentrun")
def _build_run(org, actor, marker):
    from .models import AllowanceRule, PaymentRun
    from .services import create_run

    if not AllowanceRule.objects.filter(org=org, level="district", worker_status="working", kind="monthly").exists():
        make_rule(actor, org)
    make_worker(actor, org, name=marker)
    months = PaymentRun.objects.filter(org=org).count()
    period = datetime.date(2020 + months // 12, months % 12 + 1, 1)
    return create_run(actor, org, period, memo=f"{marker}")


def make_care_round(actor, org, kind="rest_trip", places=3, starts_on=datetime.date(2026, 5, 10), name=None):
    from .services import save_care_round

    return save_care_round(actor, None, org=org, kind=kind, name=name or f"{starts_on.year}年劳模疗休养",
                           year=starts_on.year, place="工人疗养院", starts_on=starts_on,
                           ends_on=starts_on + datetime.timedelta(days=4), places=places)


@register_scope_builder("honours.careround")
def _build_care_round(org, actor, marker):
    return make_care_round(actor, org, name=f"{marker}疗休养")


@register_scope_builder("honours.supportrecord")
def _build_support(org, actor, marker):
    from .services import save_support

    worker = make_worker(actor, org, name=marker)
    return save_support(actor, None, org=org, worker=worker, kind="holiday_visit", occasion=f"{marker}春节慰问",
                        given_on=datetime.date(2026, 1, 20), amount="500")

"""Builders of the organisations area for tests and the scope matrix (``AreaConfig.testing``)."""

from gonghui.core.models import AuditLog
from gonghui.core.testing import make_credit_code, register_scope_builder

from .choices import OrgType
from .models import Organisation
from .services import create_org, create_unit, set_committee


def second_union(org, actor, marker):
    """Another enterprise union next to ``org`` (same parent), created through the service."""
    parent = Organisation.objects.get(pk=org.pk).get_parent()
    return create_org(actor, parent, name=f"{marker}接收工会", code=f"{marker}R", org_type=OrgType.ENTERPRISE)


@register_scope_builder("orgs.organisation")
def _build_org(org, actor, marker):
    return create_org(actor, org, name=f"{marker}分工会", code=marker, org_type=OrgType.BRANCH,
                      chair_name=f"{marker}主席")


@register_scope_builder("orgs.employerunit")
def _build_unit(org, actor, marker):
    return create_unit(
        actor, name=f"{marker}有限公司", credit_code=make_credit_code(), ownership="private", industry="C",
        employee_count=120, address=f"{marker}路1号", area_org=org.get_parent(), union=org,
    )


@register_scope_builder("orgs.committeemember")
def _build_committee_member(org, actor, marker):
    existing = [
        {"committee": s.committee, "position": s.position, "name": s.name, "term_number": s.term_number,
         "started_on": s.started_on}
        for s in org.committee_members.all()
    ]
    seats = set_committee(actor, org, existing + [{"name": marker, "position": "member", "term_number": 1}])
    return next(s for s in seats if s.name == marker)


@register_scope_builder("core.auditlog")
def _build_audit_entry(org, actor, marker):
    """The entry a service writes when it creates an organisation named after ``marker``."""
    new = create_org(actor, org, name=f"{marker}审计工会", code=f"{marker}L", org_type=OrgType.BRANCH)
    return AuditLog.objects.filter(object_id=str(new.pk), action="create", org=new).latest("id")

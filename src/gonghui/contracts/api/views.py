"""``/api/v1/collective-contracts/`` and ``/api/v1/labour-contract-coverage/``: the same selectors, filtersets and
services as the pages; each workflow step is a POST action on the contract."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer
from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin
from gonghui.core.services import delete_object

from .. import selectors, services
from ..filtersets import ContractFilterSet, LabourCoverageFilterSet
from ..forms import units_by_codes
from ..models import CollectiveContract, LabourContractCoverage


def _save_contract(user, instance, org=None, unit_codes=None, **data):
    units = units_by_codes(user, [str(c).strip().upper() for c in unit_codes]) if unit_codes is not None else None
    return services.save_contract(user, instance, org, units=units, **data)


class ContractSerializer(ScopedModelSerializer):
    service = staticmethod(_save_contract)
    org_code = serializers.CharField(source="org.code", read_only=True)
    unit_codes = serializers.ListField(child=serializers.CharField(), required=False,
                                       help_text="Credit codes of the employers covered.")
    minimum_wage = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    wage_rise_pct = serializers.CharField(required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = CollectiveContract
        fields = ["id", "org", "org_code", "number", "title", "contract_type", "regional", "unit_codes", "starts_on",
                  "ends_on", "workers_covered", "minimum_wage", "wage_rise_pct", "congress_approved_on",
                  "congress_session", "status", "signed_on", "submission_due_on", "submitted_on", "submitted_late",
                  "effective_on", "objected_on", "objection", "published_on", "ended_on", "end_reason", "notes",
                  "created_at", "updated_at"]
        read_only_fields = ["status", "signed_on", "submission_due_on", "submitted_on", "submitted_late",
                            "effective_on", "objected_on", "objection", "published_on", "ended_on", "end_reason",
                            "created_at", "updated_at"]

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data["unit_codes"] = [u.credit_code for u in obj.units.all()]
        return data


class DateSerializer(serializers.Serializer):
    on = serializers.DateField()


class ObjectionSerializer(serializers.Serializer):
    on = serializers.DateField()
    objection = serializers.CharField(max_length=2000)


class EndSerializer(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class CheckSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    passed = serializers.BooleanField()
    findings = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    fixes = serializers.CharField(required=False, allow_blank=True, max_length=4000)


def _draft_only(contract):
    if not contract.is_draft:
        raise ValidationError(_("Only a draft contract can be edited; this one is %(status)s.")
                              % {"status": contract.get_status_display()})


class ContractViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Collective contracts (集体合同). Drafts are edited and deleted; the steps are POST actions."""

    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet
    ordering_fields = ["starts_on", "ends_on", "signed_on", "number"]
    selector = staticmethod(lambda user: selectors.contracts_for(user).prefetch_related("units"))
    workflow_model = CollectiveContract
    steps = {
        "sign": Step(lambda user, c, d: services.sign_contract(user, c, d["on"]), serializer=DateSerializer,
                     description="Record the signing."),
        "submit": Step(lambda user, c, d: services.submit_contract(user, c, d["on"]), serializer=DateSerializer,
                       description="Record the submission to the labour department."),
        "object": Step(lambda user, c, d: services.object_contract(user, c, d["on"], d["objection"]),
                       serializer=ObjectionSerializer, description="Record the department's objection."),
        "redraft": Step(lambda user, c, d: services.redraft_contract(user, c)),
        "publish": Step(lambda user, c, d: services.publish_contract(user, c, d["on"]), serializer=DateSerializer,
                        description="Record the publication to the workers."),
        "check": Step(lambda user, c, d: services.record_check(user, c, d["checked_on"], d["passed"],
                                                               d.get("findings", ""), d.get("fixes", "")) and c,
                      serializer=CheckSerializer, description="Record a performance check."),
        "terminate": Step(lambda user, c, d: services.terminate_contract(user, c, d["on"], d["reason"]),
                          serializer=EndSerializer, description="Terminate the contract."),
    }

    def perform_update(self, serializer):
        _draft_only(serializer.instance)
        serializer.save()

    def perform_destroy(self, instance):
        _draft_only(instance)
        delete_object(self.request.user, instance)


def _save_coverage(user, instance, unit=None, **data):
    return services.save_labour_coverage(user, instance, unit, year=data.get("year", getattr(instance, "year", None)),
                                         workers=data.get("workers", getattr(instance, "workers", None)),
                                         signed=data.get("signed", getattr(instance, "signed", None)))


class LabourCoverageSerializer(ScopedModelSerializer):
    service = staticmethod(_save_coverage)

    class Meta:
        model = LabourContractCoverage
        fields = ["id", "unit", "org", "year", "workers", "signed", "updated_at"]
        read_only_fields = ["org", "updated_at"]


class LabourCoverageViewSet(ScopedModelViewSet):
    serializer_class = LabourCoverageSerializer
    filterset_class = LabourCoverageFilterSet
    selector = staticmethod(selectors.coverage_for)
    ordering_fields = ["year", "workers", "signed"]

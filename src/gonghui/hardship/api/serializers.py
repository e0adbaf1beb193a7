"""API serializers; writes call the services. ID numbers are masked; household details need ``assist``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.orgs.api.serializers import ScopedOrgField
from gonghui.orgs.selectors import live_orgs_for

from .. import selectors, services
from ..choices import Cause, Tier
from ..models import AidCampaign, AidRecipient, FundLedgerEntry, HardshipArchive, HouseholdMember


class HouseholdSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True)
    id_number_masked = serializers.CharField(read_only=True)

    class Meta:
        model = HouseholdMember
        fields = ["relation", "name", "id_number", "id_number_masked", "birth_date", "health", "work", "employer",
                  "school_entry_year", "monthly_income"]
        extra_kwargs = {"birth_date": {"required": False}}


class ArchiveSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="hardship-archive-detail", read_only=True)
    org = ScopedOrgField(help_text=_("Id of the worker's union."))
    org_code = serializers.CharField(source="org.code", read_only=True)
    id_number = serializers.CharField(write_only=True, help_text=_("18-digit ID number (stored encrypted)."))
    id_number_masked = serializers.CharField(read_only=True)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True)
    phone_masked = serializers.CharField(read_only=True)
    bank_account = serializers.CharField(write_only=True, required=False, allow_blank=True)
    household = HouseholdSerializer(many=True, required=False)
    causes = serializers.MultipleChoiceField(choices=Cause.choices, write_only=True)
    monthly_income = serializers.DecimalField(max_digits=14, decimal_places=2, write_only=True, required=False,
                                              help_text=_("The worker's own income a month."))
    submit = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = HardshipArchive
        fields = ["id", "url", "archive_no", "org", "org_code", "name", "id_number", "id_number_masked", "phone",
                  "phone_masked", "address", "housing", "housing_note", "receives_dibao", "model_worker",
                  "migrant_worker", "monthly_rigid_expenses", "situation", "bank_name", "bank_account_name",
                  "bank_account", "household", "causes", "monthly_income", "submit", "household_size",
                  "household_income", "income_per_person", "proposed_tier", "tier", "tier_reason", "status",
                  "applied_on", "notice_start", "notice_end", "approved_on", "next_review_due", "closed_on",
                  "close_reason", "created_at", "updated_at"]
        read_only_fields = ["archive_no", "household_size", "household_income", "income_per_person", "proposed_tier",
                            "tier", "tier_reason", "status", "applied_on", "notice_start", "notice_end", "approved_on",
                            "next_review_due", "closed_on", "close_reason", "created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["causes"] = sorted(c.cause for c in instance.causes.all())
        return data

    def create(self, validated):
        user = self.context["request"].user
        household = [dict(h) for h in validated.pop("household", [])]
        causes = list(validated.pop("causes", []))
        org = validated.pop("org")
        submit = validated.pop("submit", False)
        return services.create_archive(user, org, validated, household, causes, submit=submit)

    def update(self, instance, validated):
        user = self.context["request"].user
        validated.pop("org", None)
        validated.pop("submit", None)
        household = validated.pop("household", None)
        if household is not None:
            household = [dict(h) for h in household]
            if not any(h.get("relation") == "self" for h in household):
                own = instance.household.filter(relation="self").first()
                household.append({"relation": "self", "name": instance.name, "id_number": instance.id_number,
                                  "health": own.health if own else "healthy", "work": own.work if own else "employed",
                                  "monthly_income": validated.get("monthly_income", own.monthly_income if own else 0)})
        causes = validated.pop("causes", None)
        causes = list(causes) if causes is not None else None
        return services.update_archive(user, instance, validated, household, causes)


class ParticipantBody(serializers.Serializer):
    """A union taking part in a campaign, with its budget."""

    org = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text=_("Id of the organisation."))
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)


class ParticipatingSerializer(serializers.Serializer):
    org = serializers.IntegerField()
    org_code = serializers.CharField()
    budget = serializers.CharField()


class CampaignProgressSerializer(serializers.Serializer):
    """One union's row of a campaign's progress."""

    org = serializers.IntegerField()
    org_code = serializers.CharField()
    budget = serializers.CharField(allow_null=True)
    proposed = serializers.IntegerField()
    approved = serializers.IntegerField()
    planned = serializers.CharField()
    paid = serializers.CharField()


class CampaignSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="aid-campaign-detail", read_only=True)
    org = ScopedOrgField(help_text=_("Id of the city or district federation opening the campaign."))
    org_code = serializers.CharField(source="org.code", read_only=True)
    participants = serializers.ListField(child=ParticipantBody(), required=False, write_only=True,
                                         help_text=_('[{"org": id, "budget": "1000.00"}]; empty: the opener itself.'))
    participating = serializers.SerializerMethodField()

    class Meta:
        model = AidCampaign
        fields = ["id", "url", "org", "org_code", "kind", "name", "year", "budget", "needs_archive", "eligible_tiers",
                  "eligible_categories", "school_entry_year", "standard_amount", "status", "opened_on", "note",
                  "participants", "participating", "created_at"]
        read_only_fields = ["status", "created_at"]
        extra_kwargs = {"opened_on": {"required": False}, "name": {"required": False}}

    @extend_schema_field(ParticipatingSerializer(many=True))
    def get_participating(self, obj):
        return [{"org": p.org_id, "org_code": p.org.code, "budget": str(p.budget)} for p in obj.participants.all()]

    def create(self, validated):
        user = self.context["request"].user
        parts = []
        orgs = live_orgs_for(user)
        for p in validated.pop("participants", []):
            org = orgs.filter(pk=p.get("org")).first()
            if org is None:
                raise serializers.ValidationError({"participants": [_("Unknown organisation.")]})
            parts.append((org, p.get("budget") or "0"))
        org = validated.pop("org")
        return services.open_campaign(user, org, validated, parts)

    def update(self, instance, validated):
        raise serializers.ValidationError(
            {"non_field_errors": [_("A campaign is not edited; close it and open another.")]})


class RecipientSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="aid-recipient-detail", read_only=True)
    campaign = serializers.PrimaryKeyRelatedField(queryset=AidCampaign.objects.none())
    archive = serializers.PrimaryKeyRelatedField(queryset=HardshipArchive.objects.none(), required=False,
                                                 allow_null=True)
    student = serializers.IntegerField(write_only=True, required=False, allow_null=True, min_value=1,
                                       max_value=2**63 - 1,
                                       help_text=_("Id of the household member who is the student (金秋助学)."))
    org_code = serializers.CharField(source="org.code", read_only=True)
    paid = serializers.SerializerMethodField()

    class Meta:
        model = AidRecipient
        fields = ["id", "url", "campaign", "org", "org_code", "archive", "member", "name", "student", "student_name",
                  "school", "entry_year", "amount", "status", "decided_on", "note", "paid", "created_at"]
        read_only_fields = ["org", "member", "name", "student_name", "school", "entry_year", "status", "decided_on",
                            "created_at"]
        extra_kwargs = {"amount": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["campaign"].queryset = selectors.campaigns_for(request.user)
            fields["archive"].queryset = selectors.archives_for(request.user)
        return fields

    def get_paid(self, obj) -> str:
        return str(sum((p.amount for p in obj.payments.all()), 0))

    def create(self, validated):
        user = self.context["request"].user
        archive = validated.get("archive")
        if archive is None:
            raise serializers.ValidationError({"archive": [_("Choose an archive to propose.")]})
        student = None
        if validated.get("student"):
            student = archive.household.filter(pk=validated["student"]).first()
            if student is None:
                raise serializers.ValidationError({"student": [_("Choose a child of the household.")]})
        return services.propose_recipient(user, validated["campaign"], archive.org, archive=archive, student=student,
                                          amount=validated.get("amount"), note=validated.get("note", ""))

    def update(self, instance, validated):
        raise serializers.ValidationError({"non_field_errors": [_("Use the approve, reject and pay steps.")]})


class PaySerializer(serializers.Serializer):
    kind = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField(required=False)
    goods = serializers.CharField(required=False, allow_blank=True)
    fund_org = ScopedOrgField(required=False, allow_null=True)


class EntrySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="fund-entry-detail", read_only=True)
    org = ScopedOrgField()
    org_code = serializers.CharField(source="org.code", read_only=True)
    counterpart = ScopedOrgField(required=False, allow_null=True,
                                 help_text=_("For an allocation (kind allocation_out): the receiving organisation."))

    class Meta:
        model = FundLedgerEntry
        fields = ["id", "url", "org", "org_code", "date", "kind", "source", "donor", "counterpart", "amount",
                  "balance_after", "memo", "payment", "created_at"]
        read_only_fields = ["balance_after", "payment", "created_at"]
        extra_kwargs = {"date": {"required": False}, "kind": {"required": False}}

    def create(self, validated):
        user = self.context["request"].user
        kind = validated.get("kind") or "income"
        if kind == "allocation_out":
            out, _into = services.allocate_funds(user, validated["org"], validated.get("counterpart"),
                                                 amount=validated["amount"], date=validated.get("date"),
                                                 memo=validated.get("memo", ""))
            return out
        if kind != "income":
            raise serializers.ValidationError(
                {"kind": [_("Record income or an allocation; payments come from aid payments.")]})
        return services.record_income(user, validated["org"], amount=validated["amount"], date=validated.get("date"),
                                      source=validated.get("source", ""), donor=validated.get("donor", ""),
                                      memo=validated.get("memo", ""))

    def validate(self, attrs):
        if attrs.get("kind") == "allocation_out" and not attrs.get("counterpart"):
            raise serializers.ValidationError({"counterpart": [_("Name the receiving organisation.")]})
        return attrs

    def update(self, instance, validated):
        raise serializers.ValidationError(
            {"non_field_errors": [_("Ledger entries are never edited; record a correction.")]})


# --- the bodies of the workflow steps ---------------------------------------------------------------------------


class StepBody(serializers.Serializer):
    """The body of a workflow step (JSON or multipart), checked field by field here; the service names what is
    missing or breaks a rule."""


class HomeVisitBody(StepBody):
    date = serializers.DateField(required=False)
    visitors = serializers.CharField(required=False, allow_blank=True)
    findings = serializers.CharField(required=False, allow_blank=True)
    confirms_application = serializers.BooleanField(required=False, default=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False,
                                   help_text=_("Photos (JPEG or PNG)"))


class VerifyBody(StepBody):
    tier = serializers.ChoiceField(choices=Tier.choices, required=False, allow_blank=True)
    tier_reason = serializers.CharField(required=False, allow_blank=True)
    public_notice = serializers.BooleanField(required=False, allow_null=True,
                                             help_text=_("Public notice (公示) before approval"))


class ObjectionBody(StepBody):
    objection = serializers.CharField(required=False, allow_blank=True,
                                      help_text=_("Objection upheld (leave empty if none)"))


class ReasonBody(StepBody):
    reason = serializers.CharField(required=False, allow_blank=True)


class ReviewBody(StepBody):
    outcome = serializers.ChoiceField(choices=["continue", "retier", "close"], required=False, default="continue")
    tier = serializers.ChoiceField(choices=Tier.choices, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)

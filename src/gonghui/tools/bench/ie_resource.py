"""The member import a django-import-export user would write, with the validation the library can express.

Only imported in the benchmark's ``import_export`` subprocess (settings :mod:`gonghui.tools.bench.settings_ie`).
Configured for speed as the library offers it for large imports: ``use_bulk`` with ``batch_size``,
``skip_diff``, ``CachedInstanceLoader`` (one query for the existing records instead of one per row) and
``CachedForeignKeyWidget`` for the union and unit codes (one query each instead of one per row).
Rows are matched on ``id_hash`` (computed from the ID number: the number itself is encrypted), so
re-importing a sheet updates instead of duplicating, as ours does.

Validation, as widgets (a bad cell raises ``ValueError``, which the library reports as a validation error
of that row) and in ``validate_instance``: name present; ID number format, checksum and birth date;
gender and date of birth matching the ID number; 11-digit mobile; dates; choice labels (男, 汉族, 大学本科,
农民工 ...) or codes; the union by its code among the live member-holding unions of the importing
organisation's subtree; the employer unit by its credit code; join date not in the future nor before the
birth; a person already in another union refused; the same ID number twice in the file refused (the later
row). Encryption happens in the model field (``EncryptedCharField``); ``member_no`` comes from the
``member_no`` sequence (one allocation for the whole sheet in ``before_import``).

Not done here (ours does it): the member's history (MemberEvent) and the audit log, error rows kept in the
database, progress, resumability.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from gonghui.core import pii, sequences
from gonghui.core.validators import check_mobile, parse_id_number
from gonghui.members.choices import Education, EmploymentType, Ethnicity, Gender, MemberStatus, PoliticalStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import MEMBER_HOLDING_TYPES
from gonghui.orgs.models import EmployerUnit, Organisation

from .sheet import HEADERS, labels

H = dict(zip(("name", "id_number", "gender", "birth_date", "ethnicity", "education", "political_status", "phone",
              "unit", "employment_type", "org", "join_date"), HEADERS))
ID_HASH_COLUMN = "id_hash"


def _message(exc):
    return exc.messages[0] if isinstance(exc, ValidationError) else str(exc)


class IdNumberWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return parse_id_number(str(value or "")).number
        except ValidationError as e:
            raise ValueError(_message(e)) from None


class MobileWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return check_mobile(str(value or ""))
        except ValidationError as e:
            raise ValueError(_message(e)) from None


class ChoiceWidget(widgets.CharWidget):
    """A choice given by its Chinese label (男, 汉族 ...) or its code."""

    def __init__(self, choices, required=False):
        self.map = {label: code for code, label in labels(choices).items()} | {c: c for c in choices.values}
        self.required = required
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            if self.required:
                raise ValueError("必填")
            return ""
        try:
            return self.map[value]
        except KeyError:
            raise ValueError(f"“{value}”不是可选的值") from None


class StrictDateWidget(widgets.DateWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):  # openpyxl reads Excel dates as datetimes
            return value.date()
        return super().clean(value, row, **kwargs)


class CodeWidget(widgets.CachedForeignKeyWidget):
    """The library's caching ForeignKeyWidget (one query for the whole import, then dict lookups), whose "not
    found" is a validation error of the row (the library raises DoesNotExist, which would fail the import)."""

    def __init__(self, model, field, queryset=None):
        self._queryset = queryset
        super().__init__(model, field)

    def get_queryset(self, value, row, *args, **kwargs):
        return self._queryset if self._queryset is not None else super().get_queryset(value, row, *args, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip() if value is not None else ""
        if not value:
            return None
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(f"找不到代码为 {value} 的{self.model._meta.verbose_name}（或不在您的范围内）") from None


class MemberResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name=H["name"], widget=widgets.CharWidget())
    id_number = fields.Field(attribute="id_number", column_name=H["id_number"], widget=IdNumberWidget())
    gender = fields.Field(attribute="gender", column_name=H["gender"], widget=ChoiceWidget(Gender))
    birth_date = fields.Field(attribute="birth_date", column_name=H["birth_date"], widget=StrictDateWidget())
    ethnicity = fields.Field(attribute="ethnicity", column_name=H["ethnicity"], widget=ChoiceWidget(Ethnicity))
    education = fields.Field(attribute="education", column_name=H["education"], widget=ChoiceWidget(Education))
    political_status = fields.Field(attribute="political_status", column_name=H["political_status"],
                                    widget=ChoiceWidget(PoliticalStatus))
    phone = fields.Field(attribute="phone", column_name=H["phone"], widget=MobileWidget())
    employment_type = fields.Field(attribute="employment_type", column_name=H["employment_type"],
                                   widget=ChoiceWidget(EmploymentType))
    join_date = fields.Field(attribute="join_date", column_name=H["join_date"], widget=StrictDateWidget())
    id_hash = fields.Field(attribute="id_hash", column_name=ID_HASH_COLUMN, widget=widgets.CharWidget())

    class Meta:
        model = Member
        fields = ("name", "id_number", "gender", "birth_date", "ethnicity", "education", "political_status", "phone",
                  "unit", "employment_type", "org", "join_date", "id_hash")
        import_id_fields = ("id_hash",)
        instance_loader_class = CachedInstanceLoader
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        skip_unchanged = False
        report_skipped = False
        clean_model_instances = False  # the checks full_clean() would make are done below, without a query per row

    def __init__(self, *, user, import_org, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.import_org = import_org
        holding = [str(t) for t in MEMBER_HOLDING_TYPES]
        unions = Organisation.objects.filter(path__startswith=import_org.path, org_type__in=holding,
                                             status__in=("active", "preparing"))
        units = EmployerUnit.objects.all()  # the user is a superuser: every unit is in scope
        self.fields["org"] = fields.Field(attribute="org", column_name=H["org"],
                                          widget=CodeWidget(Organisation, "code", unions))
        self.fields["unit"] = fields.Field(attribute="unit", column_name=H["unit"],
                                           widget=CodeWidget(EmployerUnit, "credit_code", units))
        self.seen = set()
        self.today = datetime.date.today()

    def before_import(self, dataset, **kwargs):
        id_col = dataset.headers.index(H["id_number"])

        def id_hash(row):
            try:
                return pii.id_hash(parse_id_number(str(row[id_col] or "")).number)
            except ValidationError:
                return ""

        dataset.append_col(id_hash, header=ID_HASH_COLUMN)
        n = len(dataset)
        self.next_no = sequences.allocate("member_no", n) if n else 0

    def after_init_instance(self, instance, new, row, **kwargs):
        self.existing_org_id = None if new else instance.org_id

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not (instance.name or "").strip():
            errors.setdefault("name", ValidationError("请填写姓名"))
        if "id_number" not in errors and instance.id_number:
            info = parse_id_number(instance.id_number)
            if instance.gender and "gender" not in errors and instance.gender != info.gender:
                errors["gender"] = ValidationError("性别与身份证号不符")
            if not instance.gender:
                instance.gender = info.gender
            if instance.birth_date and "birth_date" not in errors and instance.birth_date != info.birth_date:
                errors["birth_date"] = ValidationError("出生日期与身份证号不符")
            if not instance.birth_date:
                instance.birth_date = info.birth_date
            if instance.join_date and "join_date" not in errors:
                if instance.join_date > self.today:
                    errors["join_date"] = ValidationError("入会日期不能晚于今天")
                elif instance.join_date < info.birth_date:
                    errors["join_date"] = ValidationError("入会日期不能早于出生日期")
        if instance.org_id is None and "org" not in errors:
            errors["org"] = ValidationError("请填写所属工会")
        if instance.join_date is None and "join_date" not in errors:
            errors["join_date"] = ValidationError("请填写入会日期")
        if (self.existing_org_id is not None and instance.org_id is not None
                and self.existing_org_id != instance.org_id and not errors):
            errors["id_number"] = ValidationError("此人已是其他工会的会员")
        if not errors:
            if instance.id_hash in self.seen:
                errors["id_number"] = ValidationError("与表中前面的行身份证号重复")
            else:
                self.seen.add(instance.id_hash)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.member_no:
            instance.member_no = f"{self.next_no:012d}"
            self.next_no += 1
        instance.status = MemberStatus.ACTIVE
        instance.status_changed_on = instance.join_date

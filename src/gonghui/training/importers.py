"""Sheets of attendance and of completions with certificates (declared in ``TrainingConfig.import_kinds``).

Attendance: each row a trainee (by the course number and ID number) present or absent at the course's session of a
day (recorded beforehand), through ``services.set_attendance``.

A sheet of completions and certificates (declared in ``TrainingConfig.import_kinds``): each row a trainee of a
course of the import's union (by the course number and the trainee's ID number) who completed it, with the
certificate's number and level. Each row goes through ``services.complete`` (the attendance rule, the certificate
number's uniqueness) in a savepoint of its own (``RecordImporter``)."""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import pii
from gonghui.core.importing import Column, RecordImporter

from . import services
from .choices import AttendanceMark, CertificateLevel, EnrolmentStatus, SeekerStatus
from .employment import save_seeker
from .models import Enrolment, JobSeeker, Session

LEVEL_SPELLINGS = {"五级": "5", "初级": "5", "初级工": "5", "四级": "4", "中级": "4", "中级工": "4", "三级": "3",
                   "高级": "3", "高级工": "3", "二级": "2", "技师": "2", "一级": "1", "高级技师": "1"}


class CertificateImporter(RecordImporter):
    kind = "training_certificates"
    model = Enrolment
    fields = ("completed_on", "certificate_no", "certificate_level")
    columns = (
        Column("course", "课程编号", "Course number", required="always", aliases=("培训班编号", "班级编号", "course"),
               max_length=40),
        Column("name", "姓名", "Full name", required="always", aliases=("学员姓名", "name"), max_length=50),
        Column("id_number", "身份证号", "ID number", kind="id_number", required="always",
               aliases=("身份证号码", "公民身份号码", "id number")),
        Column("completed_on", "结业日期", "Completed on", kind="date", required="always",
               aliases=("结业时间", "completed on")),
        Column("certificate_no", "证书编号", "Certificate number", aliases=("证书号", "certificate number"),
               max_length=60),
        Column("certificate_level", "证书等级", "Certificate level", kind="choice", choices=CertificateLevel,
               aliases=("等级", "level"), spellings=LEVEL_SPELLINGS),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        numbers = {r.data["course"] for r in rows if "course" in r.data}
        hashes = [pii.id_hash(r.data["id_number"]) for r in rows if "id_number" in r.data]
        found = {(e.course.number, e.member.id_hash): e for e in Enrolment.objects.for_user(self.user).filter(
            course__number__in=numbers, course__org__path__startswith=self.root.path,
            member__id_hash__in=hashes).select_related("course", "member")}
        for row in rows:
            d = row.data
            enrolment = found.get((d.get("course"), pii.id_hash(d["id_number"]) if "id_number" in d else None))
            if enrolment is None and "course" in d and "id_number" in d:
                row.error(None, "id_number", _("No trainee with this ID number on course %(course)s of %(org)s.") % {
                    "course": d["course"], "org": self.root.name})
            elif enrolment is not None and enrolment.member.name != d.get("name"):
                row.error(None, "name", _("The name differs from the member's (%(name)s).") % {
                    "name": enrolment.member.name})
            if "completed_on" in d and d["completed_on"] > self.today:
                row.error(None, "completed_on", _("This date cannot be in the future."))
            if row.errors:
                row.action = "error"
                continue
            row.existing = enrolment
            if enrolment.status == EnrolmentStatus.COMPLETED:
                row.action = "unchanged"
            elif enrolment.status != EnrolmentStatus.ENROLLED:
                row.error(None, "course", _("The trainee is %(status)s on this course.") % {
                    "status": enrolment.get_status_display()})
                row.action = "error"
            else:
                row.action = "update"
                row.changes = {"status": (enrolment.status, EnrolmentStatus.COMPLETED)}
        return rows

    def update_record(self, row, data):
        services.complete(self.user, row.existing, data.get("completed_on"), data.get("certificate_no", ""),
                          data.get("certificate_level") or None)


MARK_SPELLINGS = {"是": "present", "出勤": "present", "到": "present", "√": "present", "y": "present",
                  "否": "absent", "缺勤": "absent", "缺": "absent", "×": "absent", "n": "absent"}


class AttendanceImporter(RecordImporter):
    kind = "training_attendance"
    model = Enrolment
    fields = ("present", "session")
    columns = (
        Column("course", "课程编号", "Course number", required="always", aliases=("培训班编号", "班级编号", "course"),
               max_length=40),
        Column("held_on", "上课日期", "Session date", kind="date", required="always",
               aliases=("日期", "课时日期", "session date")),
        Column("name", "姓名", "Full name", required="always", aliases=("学员姓名", "name"), max_length=50),
        Column("id_number", "身份证号", "ID number", kind="id_number", required="always",
               aliases=("身份证号码", "公民身份号码", "id number")),
        Column("mark", "出勤", "Attendance", kind="choice", choices=AttendanceMark, required="always",
               aliases=("是否出勤", "考勤", "attendance"), spellings=MARK_SPELLINGS),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        numbers = {r.data["course"] for r in rows if "course" in r.data}
        hashes = [pii.id_hash(r.data["id_number"]) for r in rows if "id_number" in r.data]
        found = {(e.course.number, e.member.id_hash): e for e in Enrolment.objects.for_user(self.user).filter(
            course__number__in=numbers, course__org__path__startswith=self.root.path,
            member__id_hash__in=hashes).select_related("course", "member")}
        sessions = {(s.course.number, s.held_on): s for s in Session.objects.filter(
            course__number__in=numbers, course__org__path__startswith=self.root.path).select_related("course")}
        for row in rows:
            d = row.data
            enrolment = found.get((d.get("course"), pii.id_hash(d["id_number"]) if "id_number" in d else None))
            session = sessions.get((d.get("course"), d.get("held_on")))
            if enrolment is None and "course" in d and "id_number" in d:
                row.error(None, "id_number", _("No trainee with this ID number on course %(course)s of %(org)s.") % {
                    "course": d["course"], "org": self.root.name})
            elif enrolment is not None and enrolment.member.name != d.get("name"):
                row.error(None, "name", _("The name differs from the member's (%(name)s).") % {
                    "name": enrolment.member.name})
            if session is None and "course" in d and "held_on" in d:
                row.error(None, "held_on", _("Course %(course)s has no session on %(day)s: record the session "
                                             "first.") % {"course": d["course"], "day": d["held_on"]})
            if row.errors:
                row.action = "error"
                continue
            d["present"] = d.get("mark") == AttendanceMark.PRESENT
            row.existing, d["session"] = enrolment, session
            current = session.attendance.filter(enrolment=enrolment).values_list("present", flat=True).first()
            if current == d["present"]:
                row.action = "unchanged"
            else:
                row.action = "update"
                row.changes = {"present": (current, d["present"])}
        return rows

    def update_record(self, row, data):
        services.set_attendance(self.user, data["session"], row.existing, data["present"])


YES_SPELLINGS = {"是": "yes", "y": "yes", "√": "yes", "有": "yes", "否": "no", "n": "no", "×": "no", "无": "no"}


class YesNo(models.TextChoices):
    YES = "yes", gettext_lazy("Yes")
    NO = "no", gettext_lazy("No")


class JobSeekerImporter(RecordImporter):
    """A sheet of job seekers (求职登记): each row a person by name and ID number, registered at the import's union
    through ``employment.save_seeker`` (the ID number's check, one open registration a person)."""

    kind = "job_seekers"
    model = JobSeeker
    fields = ("name", "id_number", "phone", "migrant_worker", "in_hardship", "desired_job", "wishes",
              "registered_on")
    columns = (
        Column("name", "姓名", "Full name", required="always", aliases=("求职者姓名", "name"), max_length=50),
        Column("id_number", "身份证号", "ID number", kind="id_number", required="always",
               aliases=("身份证号码", "公民身份号码", "id number")),
        Column("phone", "手机号码", "Mobile phone", kind="phone", aliases=("手机", "联系电话", "phone")),
        Column("migrant", "是否农民工", "Migrant worker", kind="choice", choices=YesNo,
               aliases=("农民工", "migrant worker"), spellings=YES_SPELLINGS),
        Column("hardship", "是否困难职工", "In a hardship archive", kind="choice", choices=YesNo,
               aliases=("困难职工", "in hardship"), spellings=YES_SPELLINGS),
        Column("desired_job", "求职意向", "Job wanted", required="always", aliases=("意向岗位", "job wanted"),
               max_length=100),
        Column("wishes", "其他要求", "Wishes", aliases=("期望", "wishes"), max_length=500),
        Column("registered_on", "登记日期", "Registered on", kind="date", required="always",
               aliases=("登记时间", "registered on")),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        hashes = [pii.id_hash(r.data["id_number"]) for r in rows if "id_number" in r.data]
        seeking = set(JobSeeker.objects.filter(id_hash__in=hashes, status=SeekerStatus.SEEKING)
                      .values_list("id_hash", flat=True))
        seen = set()
        for row in rows:
            d = row.data
            if "registered_on" in d and d["registered_on"] > self.today:
                row.error(None, "registered_on", _("This date cannot be in the future."))
            if row.errors:
                row.action = "error"
                continue
            key = pii.id_hash(d["id_number"])
            if key in seeking:
                row.action = "unchanged"
                continue
            if key in seen:
                row.error(None, "id_number", _("This ID number is on another row of the sheet."))
                row.action = "error"
                continue
            seen.add(key)
            d["migrant_worker"], d["in_hardship"] = d.get("migrant") == YesNo.YES, d.get("hardship") == YesNo.YES
            row.changes = {}
            row.action = "create"
        return rows

    def create_record(self, row, data):
        save_seeker(self.user, None, self.root, None, **data)

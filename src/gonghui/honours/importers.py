"""The sheet of an existing model-worker registry (劳模档案): one row per title; a person's archive is opened at the
union the import is made for (or found by the ID number) and the title added, each row through the services."""

from django.utils.translation import gettext as _

from gonghui.core import pii
from gonghui.core.importing import Column, RecordImporter

from . import services
from .choices import HonourLevel, WorkerStatus
from .models import ModelWorker, Title

LEVEL_SPELLINGS = {"全国": "national", "全国级": "national", "国家级": "national", "省": "provincial",
                   "省级": "provincial", "省部级": "provincial", "市": "city", "市级": "city", "区": "district",
                   "区级": "district", "县级": "district", "区县级": "district", "区（县）级": "district"}
STATUS_SPELLINGS = {"在职": "working", "退休": "retired", "离退休": "retired"}


class ModelWorkerImporter(RecordImporter):
    kind = "model_workers"
    model = ModelWorker
    fields = ("name", "id_number", "employer", "level", "title", "year", "certificate_no", "status")
    columns = (
        Column("name", "姓名", "Full name", required="always", aliases=("劳模姓名", "name"), max_length=50),
        Column("id_number", "身份证号", "ID number", kind="id_number", required="always",
               aliases=("身份证号码", "公民身份号码", "id number")),
        Column("employer", "工作单位", "Employer", required="always", aliases=("单位", "employer"), max_length=100),
        Column("title", "荣誉称号", "Title", required="always", aliases=("称号", "title"), max_length=100),
        Column("level", "级别", "Level", kind="choice", choices=HonourLevel, required="always",
               aliases=("荣誉级别", "level"), spellings=LEVEL_SPELLINGS),
        Column("year", "授予年度", "Year", kind="int", required="always", aliases=("年度", "year")),
        Column("certificate_no", "证书编号", "Certificate number", aliases=("证书号", "certificate"), max_length=40),
        Column("status", "状态", "Status", kind="choice", choices=WorkerStatus, aliases=("status",),
               spellings=STATUS_SPELLINGS),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        hashes = [pii.id_hash(r.data["id_number"]) for r in rows if "id_number" in r.data]
        workers = {w.id_hash: w for w in ModelWorker.objects.filter(id_hash__in=hashes)}
        for row in rows:
            d = row.data
            if row.errors:
                row.action = "error"
                continue
            worker = workers.get(pii.id_hash(d["id_number"]))
            if worker is not None and not worker.org.path.startswith(self.root.path):
                row.error(None, "id_number", _("This person's archive is kept by %(org)s.") % {"org": worker.org.name})
                row.action = "error"
                continue
            if worker is not None and Title.objects.filter(worker=worker, name=d["title"], year=d["year"]).exists():
                row.action = "unchanged"
                continue
            row.existing, row.changes = worker, {}
            row.action = "create"
        return rows

    def create_record(self, row, data):
        worker = row.existing or ModelWorker.objects.filter(id_hash=pii.id_hash(data["id_number"])).first()
        if worker is None:
            worker = services.save_worker(self.user, None, org=self.root, name=data["name"],
                                          id_number=data["id_number"], employer=data["employer"],
                                          level=data["level"])
            if data.get("status") == WorkerStatus.RETIRED:
                services.retire(self.user, worker)
        services.add_title(self.user, worker, data["title"], data["level"], data["year"],
                           data.get("certificate_no") or "")

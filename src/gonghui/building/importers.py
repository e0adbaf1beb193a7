"""The cadres' sheet (declared in ``BuildingConfig.import_kinds``): each row a cadre of the union the import is made
for or of a union below it (by its code), through ``save_cadre`` (one chair in post, dates in order, rights, audit)
in a savepoint of its own. A row naming a cadre already recorded (union, name, position and appointment day) updates
them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.importing import Column, RecordImporter
from gonghui.orgs.models import Organisation

from . import services
from .choices import CadrePosition, Engagement
from .models import Cadre

POSITION_SPELLINGS = {"主席": "chair", "工会主席": "chair", "副主席": "vice_chair", "工会副主席": "vice_chair",
                      "委员": "committee", "工会委员": "committee", "干事": "staff", "工作人员": "staff",
                      "社会化工作者": "social_worker", "社工": "social_worker"}
ENGAGEMENT_SPELLINGS = {"专职": "full_time", "兼职": "part_time", "挂职": "part_time"}
YES = {"是", "yes", "y", "1", "true", "√"}


class CadreImporter(RecordImporter):
    kind = "union_cadres"
    model = Cadre
    fields = ("org", "name", "position", "engagement", "rank", "on_party_committee", "appointed_on")
    updatable = ("engagement", "rank", "on_party_committee")
    columns = (
        Column("org", "工会组织代码", "Union (code)", kind="org_code", aliases=("组织代码", "工会代码", "union"),
               help=gettext_lazy("Empty: the union the import is made for.")),
        Column("name", "姓名", "Full name", required="always", aliases=("干部姓名", "name"), max_length=50),
        Column("position", "职务", "Position", kind="choice", choices=CadrePosition, required="always",
               aliases=("工会职务", "position"), spellings=POSITION_SPELLINGS),
        Column("engagement", "专兼职", "Full-time or part-time", kind="choice", choices=Engagement,
               aliases=("专职/兼职", "full-time or part-time"), spellings=ENGAGEMENT_SPELLINGS),
        Column("rank", "级别", "Rank", aliases=("职级", "rank"), max_length=40),
        Column("on_party_committee", "党委委员", "On the Party committee", aliases=("是否党委委员", "party committee")),
        Column("appointed_on", "任职日期", "Appointed on", kind="date", required="always",
               aliases=("任职时间", "appointed on")),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        codes = {r.data["org"] for r in rows if r.data.get("org")}
        orgs = {o.code: o for o in Organisation.objects.filter(code__in=codes, path__startswith=self.root.path)
                .for_user(self.user)}
        for row in rows:
            d = row.data
            if d.get("org"):
                org = orgs.get(d["org"])
                if org is None:
                    row.error(None, "org", _("No union with code “%(code)s” in your part of the union tree.")
                              % {"code": d["org"]})
                d["org"] = org
            else:
                d["org"] = self.root
            if "on_party_committee" in d:
                d["on_party_committee"] = str(d["on_party_committee"]).strip().lower() in YES
            if "appointed_on" in d and d["appointed_on"] > self.today:
                row.error(None, "appointed_on", _("This date cannot be in the future."))
            if row.errors:
                row.action = "error"
                continue
            d.setdefault("engagement", Engagement.PART_TIME)
            existing = Cadre.objects.filter(org=d["org"], name=d["name"], position=d["position"],
                                            appointed_on=d["appointed_on"]).first()
            if existing is None:
                row.action = "create"
                continue
            row.existing = existing
            row.changes = {f: (getattr(existing, f), d[f]) for f in self.updatable
                           if f in d and getattr(existing, f) != d[f]}
            row.action = "update" if row.changes else "unchanged"
        return rows

    def create_record(self, row, data):
        services.save_cadre(self.user, None, **data)

    def update_record(self, row, data):
        services.save_cadre(self.user, row.existing, **{k: v for k, v in data.items() if k in row.changes})

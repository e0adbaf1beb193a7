"""The members' history: a "joined" event for every new member, and the later status change (withdrawn,
membership retained) for those whose status changed, copied inside the database (``INSERT ... SELECT``)."""

from django.db import connection, transaction
from django.utils import timezone

from gonghui.core import bulk
from gonghui.members.models import Member, MemberEvent


class HistoryWriter:
    """The seeder's part that writes the members' history once the members are written."""

    def _insert_events(self, after_id):
        """Each new member's history: "joined" for all, and the later status change for some (in SQL)."""
        qn = connection.ops.quote_name
        col = {f.attname: f"m.{qn(f.column)}" for f in Member._meta.concrete_fields}
        rows = {"member_id": col["id"], "created_at": col["created_at"]}
        specs = [
            ({"kind": "joined", "note": ""}, {"date": col["join_date"], "to_org_id": col["org_id"]}, None),
            ({"kind": "withdrawn", "note": "离职"}, {"date": col["status_changed_on"]}, "withdrawn"),
            ({"kind": "status_changed", "note": "保留会籍"}, {"date": col["status_changed_on"]}, "retained"),
        ]
        now = timezone.now()
        total = 0
        for constants, exprs, status in specs:
            where, params = f"{col['id']} > %s", [after_id]
            if status:
                where += f" AND {col['status']} = %s"
                params.append(status)
            with transaction.atomic():
                total += bulk.insert_select(
                    MemberEvent, f"FROM {qn(Member._meta.db_table)} m WHERE {where} ORDER BY {col['id']}", params,
                    exprs=rows | exprs, constants=constants, now=now)
        return total

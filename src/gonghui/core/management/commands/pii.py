"""``gonghui pii status|rotate|rehash``: the keys of personal data at rest (docs/operator/README.md, "Keys").

- ``status``: how many values each encrypted field holds under each key (and how many no configured key reads).
- ``rotate``: re-encrypt every value that is not under the newest key (``GONGHUI_PII_KEY`` lists keys newest
  first), in batches of ``--batch`` rows, each batch in its own transaction: it can be stopped and run again, and
  the application keeps running meanwhile (old values stay readable until rewritten). When nothing is left under
  an older key, the database records that only the newest is in use: the older ones can then be removed.
- ``rehash``: recompute every keyed hash (the lookups of ID numbers) under the configured ``GONGHUI_HASH_KEY``
  after it was changed, from the decrypted values (``keyed_hashes`` on the models). Run it in a maintenance
  window: until it ends, a search by ID number finds only the rows already rehashed.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from gonghui.core import keys, pii


def _encrypted_columns():
    for model in apps.get_models():
        for field in pii.encrypted_fields(model):
            yield model, field


def _raw_batches(model, field, batch):
    q = connection.ops.quote_name
    table, col, pk = q(model._meta.db_table), q(field.column), q(model._meta.pk.column)
    last = None
    while True:
        with connection.cursor() as cursor:
            where = f"WHERE {pk} > %s " if last is not None else ""
            cursor.execute(f"SELECT {pk}, {col} FROM {table} {where}ORDER BY {pk} LIMIT %s",
                           [last, batch] if last is not None else [batch])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _key_id(token):
    return pii.token_key_id(token) or "?"


class Command(BaseCommand):
    help = "Keys of the personal data at rest: status, rotate (re-encrypt under the newest key), rehash."
    requires_system_checks = []  # it runs precisely when the keys and the data do not match yet

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["status", "rotate", "rehash"])
        parser.add_argument("--batch", type=int, default=2000, help="rows per transaction (default 2000)")

    def handle(self, *args, verb, batch, **opts):
        getattr(self, verb)(max(1, batch))

    def status(self, batch):
        newest = keys.configured_pii_ids()[0]
        for model, field in _encrypted_columns():
            counts = {}
            for rows in _raw_batches(model, field, batch):
                for _pk, token in rows:
                    if token:
                        key = _key_id(token) if pii.decrypt(token) else "unreadable"
                        counts[key] = counts.get(key, 0) + 1
            shown = ", ".join(f"{k}{' (newest)' if k == newest else ''}: {n:,}" for k, n in sorted(counts.items()))
            self.stdout.write(f"{model._meta.label_lower}.{field.name}: {shown or '-'}")

    def rotate(self, batch):
        q = connection.ops.quote_name
        unreadable = 0
        for model, field in _encrypted_columns():
            table, col, pk = q(model._meta.db_table), q(field.column), q(model._meta.pk.column)
            seen = done = 0
            for rows in _raw_batches(model, field, batch):
                seen += len(rows)
                updates = []
                for key, token in rows:
                    if not token or not pii.needs_reencryption(token):
                        continue
                    plain = pii.decrypt(token)
                    if not plain:
                        unreadable += 1
                        continue
                    updates.append((pii.encrypt(plain), key, token))
                if updates:
                    with transaction.atomic(), connection.cursor() as cursor:
                        # Only if unchanged since read: a value written meanwhile is under the newest key already.
                        cursor.executemany(f"UPDATE {table} SET {col} = %s WHERE {pk} = %s AND {col} = %s", updates)
                    done += len(updates)
                self.stdout.write(_("%(field)s: %(seen)s rows read, %(done)s values re-encrypted")
                                  % {"field": f"{model._meta.label_lower}.{field.name}", "seen": f"{seen:,}",
                                     "done": f"{done:,}"})
        if unreadable:
            raise CommandError(_("%(n)d values could not be read with the configured keys and were left as they "
                                 "are.") % {"n": unreadable})
        keys.record(only_newest=True)
        self.stdout.write(_("Every value is encrypted with the newest key (%(id)s); the older keys can now be "
                            "removed from GONGHUI_PII_KEY.") % {"id": keys.configured_pii_ids()[0]})

    def rehash(self, batch):
        for model in apps.get_models():
            declared = getattr(model, "keyed_hashes", None)
            if not declared:
                continue
            paths = {p.rsplit("__", 1)[0] for sources in declared.values() for p in sources if "__" in p}
            qs = model._base_manager.select_related(*paths).order_by("pk")
            last, n = 0, 0
            while True:
                rows = list(qs.filter(pk__gt=last)[:batch])
                if not rows:
                    break
                for obj in rows:
                    for hash_field, sources in declared.items():
                        value = next((v for v in (_value(obj, s) for s in sources) if v), "")
                        setattr(obj, hash_field, pii.id_hash(value) if value else "")
                with transaction.atomic():
                    model._base_manager.bulk_update(rows, list(declared), batch_size=500)
                n += len(rows)
                last = rows[-1].pk
                self.stdout.write(_("%(model)s: %(n)s rows rehashed") % {"model": model._meta.label_lower,
                                                                        "n": f"{n:,}"})
        keys.record()
        self.stdout.write(_("Every keyed hash is computed with the configured hash key."))


def _value(obj, path):
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return ""
    return obj

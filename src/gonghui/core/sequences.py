from django.db import transaction
from django.db.models import F

from .models import Sequence


def allocate(name: str, count: int = 1) -> int:
    """Reserve ``count`` consecutive numbers of a sequence and return the first one.

    The row update is atomic on SQLite and PostgreSQL, so concurrent callers never get the same number.
    """
    with transaction.atomic():
        Sequence.objects.get_or_create(name=name)
        Sequence.objects.filter(name=name).update(value=F("value") + count)
        last = Sequence.objects.values_list("value", flat=True).get(name=name)
    return last - count + 1

from django.db import models

from . import scope


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to a user's scope.

    Models declare ``scope_org_fields``: the foreign keys to Organisation that place an object in the
    tree (``""`` for Organisation itself). An object is visible when any of them is in scope. The fields
    are to-one relations, so the filter never multiplies rows.
    """

    def for_user(self, user):
        return self.filter(scope.scope_filter(user, *self.model.scope_org_fields))


def prefix_q(field, value):
    """Rows whose ``field`` starts with ``value``, read from the field's index on both databases: PostgreSQL serves
    ``LIKE 'value%'`` from the ``varchar_pattern_ops`` index Django makes beside an indexed text column; SQLite's
    ``LIKE`` is case-blind and reads no index, but a range in code-point order is exactly the prefix."""
    from django.db import connection

    if not value:
        return models.Q()
    if connection.vendor == "sqlite":
        return models.Q(**{f"{field}__gte": value, f"{field}__lt": value[:-1] + chr(ord(value[-1]) + 1)})
    return models.Q(**{f"{field}__startswith": value})

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

from .models import AuditLog


def audit_log_for(user):
    """The change log as far as ``user`` may read it: entries in scope, each shown with the record's own visibility."""
    return AuditLog.objects.for_user(user).select_related("user", "content_type", "org").for_reader(user)


class Capped:
    """The first ``limit`` rows of a list shown on a page, and how many there are in all: a page that shows a part
    says so ("showing the first 200 of 1,234", ``includes/capped_note.html``) and links to the whole list (``url``).
    Iterates like the rows; costs a COUNT only when the list is cut."""

    def __init__(self, queryset, limit, url=""):
        self.items = list(queryset[: limit + 1])
        self.cut = len(self.items) > limit
        self.items = self.items[:limit]
        self.total = queryset.count() if self.cut else len(self.items)
        self.limit, self.url = limit, url

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __bool__(self):
        return bool(self.items)

    def __getitem__(self, index):
        return self.items[index]

    def __eq__(self, other):
        return self.items == list(other) if isinstance(other, (list, tuple, Capped)) else NotImplemented

    __hash__ = None


def capped(queryset, limit, url=""):
    return Capped(queryset, limit, url)

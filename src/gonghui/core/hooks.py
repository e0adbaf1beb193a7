"""Hooks: a lower area announces a change, and the areas above it keep what they derive from it in step.

The union tree (orgs) knows nothing of members, and members know nothing of statistics; yet a member who moves
must be counted again, and a merged union's members must move. The lower area defines a :class:`Hook` where the
change happens and calls it; an area above connects a receiver in its ``AppConfig.ready()``::

    # members/hooks.py
    members_changed = Hook("members.changed", "pairs of (values before, values after) of changed members")

    # members/services.py, inside the writing transaction
    members_changed(pairs)

    # stats/apps.py
    members_changed.connect(counters.members_changed)

Unlike ``send_robust``, a receiver's error propagates: a figure that could not be kept in step must roll the
change back, not leave a wrong statistic. Receivers run in the order they connected, in the caller's
transaction. :meth:`Hook.around` runs receivers that are context managers around a change (count before, count
again after).
"""

from contextlib import ExitStack, contextmanager


class Hook:
    def __init__(self, name, doc=""):
        self.name = name
        self.__doc__ = doc
        self.receivers = []

    def __repr__(self):
        return f"<Hook {self.name}: {len(self.receivers)} receivers>"

    def connect(self, receiver):
        """Add ``receiver`` (once; usable as a decorator)."""
        if receiver not in self.receivers:
            self.receivers.append(receiver)
        return receiver

    def disconnect(self, receiver):
        if receiver in self.receivers:
            self.receivers.remove(receiver)

    def __call__(self, *args, **kwargs):
        """Call every receiver; their results, in order."""
        return [receiver(*args, **kwargs) for receiver in self.receivers]

    @contextmanager
    def around(self, *args, **kwargs):
        """Enter every receiver's context manager (``receiver(*args, **kwargs)``) around the block."""
        with ExitStack() as stack:
            for receiver in self.receivers:
                stack.enter_context(receiver(*args, **kwargs))
            yield


# Hooks between areas of one layer (which may not import each other) live here, the layer below both.
rights_case_requested = Hook(
    "rights.case_requested",
    "Another area asks for a rights case (labour protection's wage arrears): receivers take (user, at_org, data, "
    "workers) as the rights area's file_case does and return the case filed; the rights area connects file_case.")
mediator_roster = Hook(
    "rights.mediator_roster",
    "The mediators a rights case's mediator may be chosen from: receivers take (org), the case's handling union, "
    "and return [(name, description)] of the active mediators on the rosters of that union and the unions above "
    "it; the rights area offers them on its mediation forms.")
person_placed = Hook(
    "training.person_placed",
    "Employment services placed a job seeker in a job: receivers take (user, org, id_hash, member_id, placed_on, "
    "note), the seeker's union, the keyed hash of their ID number (\"\" when none) and member id (or None), and "
    "return the records they prompted (the hardship area: the person's open archive, whose review falls due on "
    "the placement day).")

"""What the members area announces to the areas above it (``gonghui.core.hooks``): the statistics count members,
so every change of a member record is announced inside the transaction that makes it."""

from gonghui.core.hooks import Hook

# The fields of a member record that areas above derive figures from (the statistics counters).
MEMBER_FIELDS = ("org_id", "status", "gender", "birth_date", "employment_type", "education", "political_status",
                 "unit_id", "join_date")


def member_values(member) -> dict:
    """The announced fields of a member (take them before a change)."""
    return {f: getattr(member, f) for f in MEMBER_FIELDS}


members_changed = Hook(
    "members.changed",
    "members_changed(pairs, counted=None): ``pairs`` of (member_values before, or None for a new member; after, "
    "or None); ``counted``: the same pairs counted ahead by the statistics (imports count while they write).")

members_regrouped = Hook(
    "members.regrouped",
    "with members_regrouped.around(org_ids): the members of these unions change in bulk (a merger moves them, an "
    "employer's ownership or industry changes): counted before the block and again after it.")

members_counting_ahead = Hook(
    "members.counting_ahead",
    "members_counting_ahead(pairs) -> [what each receiver counted]: an area above may count a batch of member changes "
    "before the transaction that writes it (an import counts a batch while the one before is written); the writer "
    "hands it back as members_changed(pairs, counted).")

"""What the union tree announces to the areas above it (``gonghui.core.hooks``).

The organisations area knows nothing of members or statistics, yet its writes change both: a merged union's
members move, a dissolved union must hold none, a moved subtree's figures move with it. Each such write calls a
hook below inside its transaction; the members area connects its receivers in ``members/receivers.py``, the
statistics in ``StatsConfig.ready`` (``gonghui.stats.counters``). A receiver's error rolls the write back.
"""

from gonghui.core.hooks import Hook

records_changed = Hook(
    "orgs.records_changed",
    "records_changed(org_ids, families): the own records of these organisations changed; ``families`` names "
    "which: 'orgs' (the organisations themselves and their committees), 'units' (the employer units in their "
    "census). The statistics count them again.")

subtree_moved = Hook(
    "orgs.subtree_moved",
    "with subtree_moved.around(org_id): the organisation with its whole subtree moves under another parent inside "
    "the block (the statistics take its figures off the old ancestors and add them to the new ones).")

union_merged = Hook(
    "orgs.union_merged",
    "union_merged(user, org, target, date) -> [{what: number moved}]: ``org`` merges into ``target``; the areas "
    "above move what the union held (its members, their pending transfers) and say how many moved, for the "
    "merger's change-log note.")

union_dissolving = Hook(
    "orgs.union_dissolving",
    "union_dissolving(org): ``org`` is about to be dissolved; a receiver refuses with a ValidationError while "
    "the union or its sub-organisations still hold what it keeps (members).")

employer_covered = Hook(
    "orgs.employer_covered",
    "employer_covered(user, unit): an employer that had no union is now covered by one (a union founded at it, or "
    "an existing union); the areas above hand over what they held for it (union funds: the preparatory funds).")

employer_regrouped = Hook(
    "orgs.employer_regrouped",
    "with employer_regrouped.around(unit): the employer's ownership or industry changes inside the block; what "
    "is counted by them (its members) is counted before and again after.")

subtree_counts = Hook(
    "orgs.subtree_counts",
    "subtree_counts(common_path, depth) -> (name, {path prefix: n}): the areas above count what they hold in the "
    "subtrees of the organisations at ``depth`` under ``common_path``, grouped by the prefix of the holding "
    "organisation's path at that depth (one grouped query each); the tree shows each count under ``name``.")


def merged_counts(results) -> dict:
    """The receivers' answers to :data:`union_merged` as one mapping (what → number moved)."""
    out = {}
    for result in results:
        for key, n in (result or {}).items():
            out[key] = out.get(key, 0) + n
    return out

subtree_figures = Hook(
    "orgs.subtree_figures",
    "subtree_figures(nodes) -> {name: {org id: n}}: the statistics give the figures of each node's subtree that the "
    "tree and the organisation's page show (``live_orgs``, ``members``, ``units``: the indicators ``orgs``, "
    "``members``, ``units``), so the tree, the home page and the "
    "dashboard show one number.")

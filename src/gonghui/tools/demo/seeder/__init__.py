"""Generate a whole synthetic city fast: organisation tree, employer units, committees, members, history.

The plan (tree, units, member counts per union) is built in memory first; then organisations and units
are bulk-inserted with their materialised paths computed directly (treebeard ``MP_Node`` with
``steplen=4``: a node's path is its parent's path plus its 1-based position among its siblings in base
36, and ``depth``/``numchild`` are set from the plan). Members are generated in chunks, in worker
processes when there are many (building, hashing and encrypting the rows), and written with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL). Small loads commit per chunk; big ones run in one
transaction that drops the secondary indexes first and rebuilds them at the end. Their "joined" history
rows are then copied inside the database (``INSERT ... SELECT``). One audit entry per batch records
what was generated.

By what each part generates:

- :mod:`.organisations`: the tree (:class:`CityPlan`) and its writing, with the unions' committees;
- :mod:`.grassroots`: grassroots unions and their employer units, and the units' writing;
- :mod:`.members`: each union's share of the members, the member rows (in worker processes) and their writing
  (its ``POOL_THRESHOLD`` and ``DEFER_INDEXES_THRESHOLD`` say from how many members the workers and the deferred
  indexes are used: patch them there, they are not re-exported here);
- :mod:`.history`: the members' history events;
- :mod:`.city`: :class:`CitySeeder`, which runs the parts in order and builds the statistics counters;
- :mod:`.province`: :class:`ProvinceSeeder`, a province federation with cities below it, each written like a
  city (in one transaction each: resumable by city), the indexes and counters built once at the end.
"""

from .base import CHUNK, SeedRefused
from .city import CitySeeder, SeedResult
from .grassroots import UnitPlan
from .members import MEMBER_COLUMNS
from .organisations import CityPlan, Node
from .province import ProvinceSeeder

__all__ = ["CHUNK", "MEMBER_COLUMNS", "CityPlan", "CitySeeder", "Node", "ProvinceSeeder", "SeedRefused", "SeedResult",
           "UnitPlan"]

"""``gonghui bench ...``: benchmarks that run our code and the alternative a user would pick on the same data.

Each benchmark prints per method seconds, rows/s and peak memory, checks that the methods give the same
result, and prints the ratio on its last line (see ``benchmarks/README.md`` at the repository root).
"""

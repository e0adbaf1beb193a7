"""Synthetic data for the demo (`gonghui demo`) and for benchmarks (`gonghui seed`).

- :mod:`.places`: cities, districts and counties, townships and streets, and the words names are made of.
- :mod:`.pools`: name, company and address pools, built once with Faker ``zh_CN``.
- :mod:`.identifiers`: unique, valid ID numbers, mobile numbers and unified social credit codes.
- :mod:`.seeder`: the fast bulk generator of a whole city (organisations, units, members, history).
- :mod:`.loader`: the demo data set: a city plus demo accounts and pending work, loaded once.
"""

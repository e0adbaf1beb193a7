"""Pools of names, companies and place words, built ONCE with Faker ``zh_CN`` (never per row: too slow).

Generators then draw from the pools with ``random.choices`` over whole chunks, which costs well under a
microsecond per value.
"""

import functools
import itertools
import random
from dataclasses import dataclass

from faker import Faker

from . import places


@dataclass(frozen=True)
class Pools:
    surnames: tuple
    surname_cum_weights: tuple
    given_male: tuple
    given_female: tuple
    company_prefixes: tuple
    villages: tuple
    roads: tuple
    fake_places: tuple


@functools.cache
def get_pools(seed: int = 2026) -> Pools:
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    person = fake.provider("faker.providers.person")
    company = fake.provider("faker.providers.company")
    address = fake.provider("faker.providers.address")

    # Surnames with Faker's frequency weights (王, 李, 张 ... are far more common than 欧阳).
    last = person.last_names
    if isinstance(last, dict):
        surnames = tuple(last.keys())
        weights = list(last.values())
    else:
        surnames = tuple(last)
        weights = [1.0] * len(surnames)
    cum = tuple(itertools.accumulate(weights))

    def given(faker_names, chars):
        pool = set(faker_names)
        chars = list(chars)
        while len(pool) < 900:
            if rng.random() < 0.25:
                pool.add(rng.choice(chars))
            else:
                pool.add(rng.choice(chars) + rng.choice(chars))
        return tuple(sorted(pool))

    given_male = given(person.first_names_male, places.GIVEN_CHARS_MALE)
    given_female = given(person.first_names_female, places.GIVEN_CHARS_FEMALE)

    # Faker's brand names, without the odd ones ("MBP软件", "菊风公司"): two Chinese characters only.
    prefixes = {p for p in company.company_prefixes if len(p) == 2 and all("\u4e00" <= c <= "\u9fff" for c in p)}
    while len(prefixes) < 2000:  # more two-character brand names, like Faker's own (鸿睿, 合联 ...)
        prefixes.add(rng.choice(places.GIVEN_CHARS_MALE + "鑫泰恒达丰华源盛通利宏茂佳瑞和兴隆昌金银天中汇永安润福嘉") +
                     rng.choice("鑫泰恒达丰华源盛通利宏茂佳瑞和兴隆昌远航宇科创新邦德信诚力美顺发祥益康晟"))
    villages = set()
    while len(villages) < 600:
        villages.add(rng.choice(places.VILLAGE_FIRST) + rng.choice(places.VILLAGE_SECOND))
    roads = set(places.ROADS)
    for _ in range(200):
        name = fake.street_name()
        if 2 <= len(name) <= 6:
            roads.add(name if name.endswith(("路", "街", "道")) else name + "路")
    fake_places = tuple(sorted(set(address.districts)))
    return Pools(
        surnames=surnames,
        surname_cum_weights=cum,
        given_male=given_male,
        given_female=given_female,
        company_prefixes=tuple(sorted(prefixes)),
        villages=tuple(sorted(villages)),
        roads=tuple(sorted(roads)),
        fake_places=fake_places,
    )


def person_name(rng, pools, gender):
    surname = rng.choices(pools.surnames, cum_weights=pools.surname_cum_weights)[0]
    return surname + rng.choice(pools.given_male if gender == "M" else pools.given_female)

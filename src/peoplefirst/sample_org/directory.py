"""What the company directory shows about a person besides their job: name, email and
the languages they speak, drawn from where they work."""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect
from itertools import accumulate

from peoplefirst.sample_org.catalog import EXTRA_LANGUAGES, LOCATIONS, weights
from peoplefirst.sample_org.names import NAME_REGIONS

# Letters that Unicode does not decompose into an ASCII base letter.
_ASCII = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "ß": "ss", "æ": "ae", "ı": "i", "đ": "d"})


class Directory:
    """Names, unique emails and languages; remembers only one counter per email name."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._regions = []
        for location in LOCATIONS:
            pairs = weights(location.name_regions)
            self._regions.append(
                (tuple(k for k, _ in pairs), tuple(accumulate(w for _, w in pairs)))
            )
        self._plain: dict[str, str] = {}
        self._emails: dict[str, int] = {}

    def name(self, place: int) -> tuple[str, str]:
        """(given name, family name) for someone working at LOCATIONS[place]."""
        rnd = self.rng.random
        keys, cum = self._regions[place]
        region = NAME_REGIONS[keys[min(bisect(cum, rnd() * cum[-1]), len(keys) - 1)]]
        given = region.given[int(rnd() * len(region.given))]
        return given, region.family[int(rnd() * len(region.family))]

    def email(self, given: str, family_name: str) -> str:
        """given.family@example.com, numbered from the second person with that name."""
        local = f"{self.plain(given)}.{self.plain(family_name)}"
        seen = self._emails.get(local, 0) + 1
        self._emails[local] = seen
        return f"{local}@example.com" if seen == 1 else f"{local}{seen}@example.com"

    def plain(self, name: str) -> str:
        """A name as an ASCII email part: "Łukasz" → "lukasz", "O'Brien" → "obrien"."""
        plain = self._plain.get(name)
        if plain is None:
            decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII))
            plain = "".join(c for c in decomposed.lower() if c.isascii() and c.isalnum())
            self._plain[name] = plain
        return plain

    def languages(self, place: int) -> tuple[str, ...]:
        """The location's main language, often English, sometimes a local or other one."""
        rng = self.rng
        location = LOCATIONS[place]
        languages = [location.languages[0]]
        if "en" not in languages and rng.random() < location.english:
            languages.append("en")
        if len(location.languages) > 1 and rng.random() < 0.35:
            languages.append(rng.choice(location.languages[1:]))
        if rng.random() < 0.12:
            languages.append(rng.choice(EXTRA_LANGUAGES))
        return tuple(dict.fromkeys(languages))

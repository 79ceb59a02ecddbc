"""The domain thesaurus as pure data: find its phrases in texts and relate them.

A *set* is either synonyms ("additive manufacturing | 3d printing") or a broader term
with narrower ones ("vector control > bed nets | insecticides"). Phrases are compared
by stem, so "3D printed parts" finds "3d printing". Two records are related through a
set when they use *different* phrases of it: any two synonyms, or a broader term and
one of its narrower terms (two narrower terms of the same broader one are siblings, not
related). The same phrase on both sides is left to keyword and wording signals.

The seed sets are in ``thesaurus.txt``; curators edit the live ones in the admin.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from matching import text

SEED_FILE = Path(__file__).with_name("thesaurus.txt")
SYNONYM = 1.0  # a synonym counts fully
BROADER = 0.6  # a broader or narrower term counts less


@dataclass(frozen=True)
class Set:
    key: int
    phrases: tuple[str, ...]
    hierarchical: bool = False  # phrases[0] is broader than the rest


def parse(source: str) -> list[tuple[tuple[str, ...], bool]]:
    """[(phrases, hierarchical)] from the seed format, one set per line."""
    sets = []
    for line in source.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        hierarchical = ">" in line
        parts = line.replace(">", "|").split("|")
        phrases = tuple(dict.fromkeys(p.strip().lower() for p in parts if p.strip()))
        if len(phrases) > 1:
            sets.append((phrases, hierarchical))
    return sets


def seed_sets() -> list[tuple[tuple[str, ...], bool]]:
    return parse(SEED_FILE.read_text(encoding="utf-8"))


class Thesaurus:
    """An index of the sets' phrases by stems."""

    MAX_WORDS = 5

    def __init__(self, sets: Iterable[Set], version: str = ""):
        # Names these sets (stored text analyses are only valid for the same version).
        self.version = version
        self.sets = {s.key: s for s in sets}
        self.index: dict[tuple[str, ...], set[tuple[int, int]]] = {}
        for s in self.sets.values():
            seen = {}
            for i, phrase in enumerate(s.phrases):
                key = text.phrase_key(phrase)
                if not key or len(key) > self.MAX_WORDS:
                    continue
                if len(key) == 1 and len(phrase.split()) > 1:
                    # "testing services" would be just "test": far too broad.
                    continue
                # Inflections are the same phrase ("harbour", "harbours").
                self.index.setdefault(key, set()).add((s.key, seen.setdefault(key, i)))
        self.starts = frozenset(key[0] for key in self.index)

    @classmethod
    def from_seed(cls):
        return cls((Set(n, p, h) for n, (p, h) in enumerate(seed_sets(), start=1)), "seed")

    def find(self, *texts: str) -> frozenset[tuple[int, int]]:
        """The (set, phrase index) pairs whose phrases occur in the texts (by stem,
        within one text, never across two)."""
        return self.find_stems([text.stems(t) for t in texts])

    def find_stems(self, stem_lists: Iterable[list[str]]) -> frozenset[tuple[int, int]]:
        """As ``find``, for texts already turned into lists of stems."""
        found = set()
        starts = self.starts
        for stems in stem_lists:
            for start in range(len(stems)):
                if stems[start] not in starts:
                    continue
                for length in range(1, self.MAX_WORDS + 1):
                    gram = tuple(stems[start : start + length])
                    if len(gram) < length:
                        break
                    found |= self.index.get(gram, set())
        return frozenset(found)

    def phrase(self, concept: tuple[int, int]) -> str:
        key, i = concept
        return self.sets[key].phrases[i]

    def relation(self, a: tuple[int, int], b: tuple[int, int]) -> float:
        """How much phrase ``a`` and phrase ``b`` are related (0 if not)."""
        if a[0] != b[0] or a[1] == b[1]:
            return 0.0
        s = self.sets[a[0]]
        if not s.hierarchical:
            return SYNONYM
        return BROADER if 0 in (a[1], b[1]) else 0.0

    def related(self, mine: Iterable[tuple[int, int]], theirs: Iterable[tuple[int, int]]):
        """[(weight, my phrase, their phrase)], the best pair per set, strongest first."""
        best = {}
        theirs = list(theirs)
        for a in mine:
            for b in theirs:
                weight = self.relation(a, b)
                rank = (weight, len(self.phrase(b)), len(self.phrase(a)))
                if weight and rank > best.get(a[0], ((0,), None))[0]:
                    best[a[0]] = (rank, (weight, self.phrase(a), self.phrase(b)))
        best = {k: v for k, (_, v) in best.items()}
        return sorted(best.values(), key=lambda r: (-r[0], r[1]))

    def expansion(self, found: Iterable[tuple[int, int]]) -> list[str]:
        """Phrases related to the found ones, to look candidates up by."""
        phrases = []
        for key, i in found:
            s = self.sets[key]
            for j, phrase in enumerate(s.phrases):
                if self.relation((key, i), (key, j)):
                    phrases.append(phrase)
        return list(dict.fromkeys(phrases))

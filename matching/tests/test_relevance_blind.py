"""Relevance on a blind set (issue 14): 50 organisations and 26 needs written by someone
who had not seen the engine, its thesaurus or the other labels (``blind_labels``).

Seeded with the LCR+ dataset only (no demo data). The set's first run, before any change
it prompted, gave organisations P@5 0.43, R@5 0.52, 2 of 26 with no suggestion and 2
with a distractor; facilities P@5 0.39, R@5 0.67, 4 of 20 with none. The engine was
then changed in general ways (everyday words weigh less, the thesaurus rewritten for
business language, offers suggested facilities, stricter thresholds, hosts
fitting through their facilities, texts looked up by words some record has), never for
one of its probes; the thesaurus was written without seeing it. Facility recall (0.65)
is under the 0.7 target here: the floors below are where it stands (a little under, for
SQLite's text look-up), so a change that loses ground fails. See docs/performance.md,
"Matching relevance".
"""

import pytest

from matching.tests.blind_labels import BLIND_ORGANISATIONS, BLIND_PROBES
from matching.tests.test_relevance_reworded import report, run_probes

pytestmark = pytest.mark.django_db


def test_relevance_on_a_blind_set_does_not_lose_ground():
    organisations, assets, details = run_probes(
        BLIND_PROBES,
        BLIND_ORGANISATIONS,
        distractors={d["slug"] for d in BLIND_ORGANISATIONS if d.get("distractor")},
        demo=False,
    )
    report(details, organisations, assets)
    assert organisations["p"] >= 0.72 and organisations["r"] >= 0.7
    assert organisations["empty"] <= 1 / 25 and organisations["distractor"] <= 1 / 25
    assert assets["p"] >= 0.6 and assets["r"] >= 0.6
    assert assets["empty"] <= 3 / 20

"""The verbs of saying that attribute a quote ("said", "wrote", "according to").

One list for the quote finder (:mod:`.quotes`, :mod:`.quote_marks`) and the speakers it
resolves (:mod:`.speakers`), so that "the flyer reads" and "she testified" are read alike.
"""

from __future__ import annotations

from .text import alternation

__all__ = ["SAYS", "SAYS_WORDS"]

#: The verbs (any tense a newspaper uses) between a quote and its speaker, separated by "|" (a
#: word that begins another, "say" of "says", comes after it: see :func:`.text.alternation`).
SAYS_WORDS = (
    r"said|says|added|adds|explained|explains|answered|answers|asked|asks|told|tells|wrote|writes|"
    r"noted|notes|stated|states|replied|replies|recalled|continued|insisted|argued|argues|warned|"
    r"acknowledged|reads|read|crackled|crackles|reports|reported|posted|declared|declares|announced|"
    r"testified|testifies|radioed|radios|shouted|shouts|yelled|yells|screamed|screams|whispered|whispers|"
    r"chanted|chants|tweeted|texted|"
    r"emailed|responded|countered|conceded|admitted|cautioned|urged|pleaded|say|claims|claimed|alleges|"
    r"alleged|contends|contended|vowed|vows|promised|pledged|stressed|recounted|complained|lamented|concludes|concluded|"
    r"according\sto"
)
#: A regex alternative: any of the verbs.
SAYS = alternation(SAYS_WORDS)

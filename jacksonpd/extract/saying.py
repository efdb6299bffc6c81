"""The verbs of saying that attribute a quote ("said", "wrote", "according to").

One list for the quote finder (:mod:`.quotes`, :mod:`.quote_marks`) and the speakers it
resolves (:mod:`.speakers`), so that "the flyer reads" and "she testified" are read alike.
"""

from __future__ import annotations

__all__ = ["SAYS"]

#: A regex alternative: the verb (any tense a newspaper uses) between a quote and its speaker.
SAYS = (
    r"(?:said|says|added|adds|explained|explains|answered|answers|asked|asks|told|tells|wrote|writes|"
    r"noted|notes|stated|states|replied|replies|recalled|continued|insisted|argued|argues|warned|"
    r"acknowledged|reads|read|crackled|crackles|reports|reported|posted|declared|declares|announced|"
    r"testified|testifies|radioed|radios|shouted|shouts|yelled|yells|screamed|screams|whispered|whispers|"
    r"chanted|chants|tweeted|texted|"
    r"emailed|responded|countered|conceded|admitted|cautioned|urged|pleaded|say|claims|claimed|alleges|"
    r"alleged|contends|contended|vowed|vows|promised|pledged|stressed|recounted|complained|lamented|concludes|concluded|"
    r"according\sto)"
)

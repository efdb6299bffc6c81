"""Cited sources: reports we link to but do not reproduce, and the facts we state from them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from jacksonpd import build
from jacksonpd.cli import cli
from jacksonpd.errors import JacksonpdError
from jacksonpd.models import Event, Evidence, Policy, SourceKind

from .conftest import Snapshot, leftovers
from .test_bad_input import Case, apply

CITED = "seeds/cited.yaml"

EVENT = """\
events:
  - id: 2018-09-06-task-force-consensus
    sources: [{source}]
    kind: meeting
    title: The task force reaches consensus
    date: 2018-09-06
    date_precision: day
{extra}"""

CASES = {
    "a cited source with text": Case(
        CITED,
        "    headline: Inside Jackson's Officer-Involved Shooting Task Force\n",
        "    headline: Inside Jackson's Officer-Involved Shooting Task Force\n"
        "    text: Words of the report.\n",
        "cited-source-text",
        "text",
        at="    text: Words of the report.",
    ),
    "a fact with a span into a cited source": Case(
        CITED,
        "",
        "",
        "span-into-cited-source",
        "text",
        at="    text: The task force reached consensus",
    ),
    "a fact citing a source published before the event": Case(
        CITED,
        "",
        "",
        "source-before-event",
        "sources",
        at="    sources: [2018-08-28-mississippi-today-tempers-flare]",
    ),
    "a claim about a record not in the package": Case(
        CITED,
        "",
        "",
        "unknown-reference",
        "record",
        at="    record: no-such-incident",
    ),
    "a claim naming a source not in the sources": Case(
        CITED,
        "",
        "",
        "unknown-reference",
        "source",
        at="    source: 2018-09-09-no-such-report",
    ),
}
#: The cases that add a fact or claim (their Case gives what to expect, not an edit).
_BLOCKS = {
    "a fact with a span into a cited source": EVENT.format(
        source="2018-09-08-clarion-ledger-mayors-hands", extra="    text: The task force reached consensus\n"
    ),
    "a fact citing a source published before the event": EVENT.format(
        source="2018-08-28-mississippi-today-tempers-flare", extra=""
    ),
    "a claim about a record not in the package": """\
claims:
  - resource: incidents
    record: no-such-incident
    field: occurred_on
    value: '2018-09-06'
    source: 2018-09-08-clarion-ledger-mayors-hands
    followed: true
""",
    "a claim naming a source not in the sources": """\
claims:
  - resource: events
    record: 2018-09-06-task-force-consensus
    field: date
    value: '2018-09-06'
    source: 2018-09-09-no-such-report
    followed: true
""",
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_citation_is_located_and_publishes_nothing(
    name: str, repo: Path, take_snapshot: Callable[[Path], Snapshot]
) -> None:
    """Each mistake: one problem at its file, line and field; non-zero exit; nothing published."""
    case = CASES[name]
    before = take_snapshot(repo / "datapackage")
    line = _append_block(repo, _BLOCKS[name], case) if name in _BLOCKS else apply(repo, case)
    with pytest.raises(JacksonpdError) as info:
        build(repo)
    located = [(p.code, p.path, p.line, p.field) for p in info.value.problems]
    assert located == [(case.code, case.file, line, case.field)]
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code == 1
    assert f"{case.file}:{line}: field '{case.field}': found " in result.output
    assert f"[{case.code}]" in result.output
    assert take_snapshot(repo / "datapackage") == before
    assert leftovers(repo) == []


def _append_block(repo: Path, block: str, case: Case) -> int:
    """Put ``block`` under the file's own key of that name, or as a new key at the end."""
    path = repo / CITED
    text = path.read_text()
    key = block.split("\n", 1)[0]
    if f"\n{key}\n" in text:
        text = text.replace(f"\n{key}\n", f"\n{block}", 1)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text)
    assert isinstance(case.at, str)
    return text.split("\n").index(case.at) + 1


def test_cited_sources_have_no_text_and_their_facts_no_span() -> None:
    """In the published package a cited source has an address and no text; a fact from one is a
    citation without a span, and a fact with a span is from a held source."""
    import jacksonpd

    pkg = jacksonpd.load()
    kinds = {s.source_id: s for s in pkg.sources}
    cited = [s for s in pkg.sources if s.kind is SourceKind.CITED]
    assert cited
    assert all(s.text is None and s.sha256 is None and s.path is None for s in cited)
    assert all(s.text and s.sha256 for s in pkg.sources if s.kind is SourceKind.HELD)
    facts: list[Event | Policy] = [*pkg.events, *pkg.policies]
    for fact in facts:
        if fact.evidence is Evidence.CITATION:
            assert (fact.start, fact.end, fact.text) == (None, None, None)
        else:
            held = kinds[fact.source_id]
            assert held.kind is SourceKind.HELD
            assert held.text is not None
            assert held.text[fact.start : fact.end] == fact.text


def test_the_site_and_the_dictionary_show_the_evidence() -> None:
    """Datasette describes `evidence` and `sources.kind` from the schemas, facets sources by kind, and
    the data dictionary explains both kinds."""
    import json

    from jacksonpd.dataset import published_path

    folder = published_path().parent
    tables = json.loads((folder / "metadata.json").read_text())["databases"]["jacksonpd"]["tables"]
    assert "citation" in tables["events"]["columns"]["evidence"]
    assert "cited" in tables["sources"]["columns"]["kind"]
    assert {"stored": "kind"} in tables["sources"]["facets"]
    readme = (folder / "README.md").read_text()
    assert "a `citation` of a report we link to but do not reproduce" in readme


def test_a_claim_about_no_record_is_found() -> None:
    """`jacksonpd validate` reports a claim whose record the package does not hold."""
    import attrs

    import jacksonpd
    from jacksonpd.check.invariants import check_dataset

    pkg = jacksonpd.load()
    claim = attrs.evolve(pkg.claims[0], claim_id="a-claim-about-nothing", record_id="no-such-incident")
    problems = check_dataset(attrs.evolve(pkg, claims=(*pkg.claims, claim)))
    assert [(p.code, p.field, p.found) for p in problems] == [
        ("unknown-reference", "record_id", '"no-such-incident"')
    ]

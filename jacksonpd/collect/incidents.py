"""Taking in the incident files (as :mod:`jacksonpd.collect.incident_files` reads them) and the
release policy, after the articles: the files' agencies join the registry, ``seeds/policy.yaml``
is read and checked against what the tree holds, and each file's incidents are checked and
published a batch at a time, so that the records of only one batch are held.
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle
from collections.abc import Callable
from pathlib import Path

import attrs

from ..check.incident_checks import _Batch, _incident_problems, _officer_problems, _released
from ..errors import Problem
from ..models import Claim, InvestigatingArrangement, ReleaseRule
from ..seeds.curated import _structure, _unknown
from ..seeds.incidents import IncidentFile, with_addition, with_agencies
from ..seeds.policy import PolicyFile, arrangements_from, check_arrangements, check_release_rules, rules_from
from ..seeds.registry import Registry
from ..seeds.yamlio import Located, read_yaml
from .cache import ArticleCache
from .collected import _Collected
from .incident_files import _Batches, _IncidentRead, _is_private, _ItemLines


def _read_incidents(
    root: Path,
    shown: str,
    registry: Registry,
    out: _Collected,
    problems: list[Problem],
    as_of: dt.date | None,
    incident_files: dict[Path, Callable[[], _IncidentRead]],
    cache: ArticleCache | None,
) -> Registry:
    """Take in the incident files (as :func:`~jacksonpd.collect.incident_files._incident_reader`
    reads them) and read the release policy; return the registry with the files' agencies."""
    files, latest = _taken_in(incident_files, out, problems)
    registry, known = with_agencies(registry, [(doc, parsed) for doc, parsed, _ in files], problems)
    policy = _read_policy(root, shown, registry, known, out, problems)
    _add_policy_records(policy, out, problems)
    additions = {a.id: a for _, parsed, _ in files for a in parsed.additions}

    today = dt.date.today()
    # By default, the latest date in the inputs, but never a date to come: an incident wrongly
    # dated 2999 must not publish every name as of 2999 (it is reported, see plausible).
    when = as_of or min(latest or today, today)
    # Incidents are checked and published independently of each other: a batch at a time, so that
    # the records of only one batch are held.
    for doc, parsed, batches in files:
        begin = 0
        for data in batches.each(cache):
            batch: _Batch = pickle.loads(data)  # our own bytes, from our own code
            if additions:
                batch = tuple((with_addition(c, additions.pop(c.id, None)), lines) for c, lines in batch)
            batch = _checked(doc, batch, begin, known, registry, out, today, when, problems)
            _publish(doc, parsed, batch, begin, policy, when, out, problems)
            begin += len(batch)
    for doc, parsed, _ in files:
        for i, addition in enumerate(parsed.additions):
            if addition.id in additions:
                problems.append(_unknown(doc, ("additions", i, "id"), addition.id, "incident", set()))
    out.as_of = when
    return registry


def _taken_in(
    incident_files: dict[Path, Callable[[], _IncidentRead]], out: _Collected, problems: list[Problem]
) -> tuple[list[tuple[Located, IncidentFile, _Batches]], dt.date | None]:
    """Each file read (its lines, the rest of it, where its incidents are), and the latest date
    of every input: the default ``as_of``. Each file's reader is dropped once taken in."""
    files: list[tuple[Located, IncidentFile, _Batches]] = []
    latest = out.latest  # of every date in the inputs: the default as_of
    for path in list(incident_files):
        read = incident_files.pop(path)()  # dropped once taken in
        problems += read.problems
        if read.doc is not None and read.parsed is not None:
            files.append((read.doc, read.parsed, read.batches))
            if read.latest is not None and (latest is None or read.latest > latest):
                latest = read.latest
        # Its agencies are unknown (a file that could not be read at all, too): skip checks that
        # need them.
        out.incomplete |= read.incomplete or read.doc is None
    return files, latest


@attrs.frozen
class _Policy:
    """``seeds/policy.yaml`` as read: its lines (``None`` without the file), rules and arrangements."""

    doc: Located | None = None
    rules: list[ReleaseRule] = attrs.field(factory=list)
    arrangements: list[InvestigatingArrangement] = attrs.field(factory=list)


def _read_policy(
    root: Path, shown: str, registry: Registry, known: set[str], out: _Collected, problems: list[Problem]
) -> _Policy:
    """Read ``policy.yaml``, if there is one: its rules and arrangements, checked against each
    other and against the organizations (``known``) and sources they name."""
    path = root / "policy.yaml"
    if not path.exists():
        return _Policy()
    doc, doc_problems = read_yaml(path, f"{shown}/policy.yaml")
    problems += doc_problems
    if doc is None or doc.data is None:
        return _Policy(doc)
    parsed = _structure(doc, (), doc.data, PolicyFile, problems)
    if parsed is None:
        return _Policy(doc)
    for i, r in enumerate(parsed.release_rules):
        if r.agency not in known and not (out.incomplete or registry.unchecked):
            problems.append(_unknown(doc, ("release_rules", i, "agency"), r.agency, "organization", known))
    rules = rules_from(parsed.release_rules)
    arrangements = arrangements_from(parsed.investigating_arrangements)
    for kind, found in (
        ("release_rules", check_release_rules(rules)),
        ("investigating_arrangements", check_arrangements(arrangements)),
    ):
        for i, field, got, expected, code in found:
            problems.append(
                Problem(
                    code=code,
                    path=doc.path,
                    line=doc.line((kind, i, field)),
                    field=field,
                    found=got,
                    expected=expected,
                )
            )
    _arrangements_cited(doc, parsed, registry, known, out, problems)
    return _Policy(doc, rules, arrangements)


def _arrangements_cited(
    doc: Located,
    parsed: PolicyFile,
    registry: Registry,
    known: set[str],
    out: _Collected,
    problems: list[Problem],
) -> None:
    """Check the agencies and sources each arrangement names, and add a claim for each source."""
    for i, entry in enumerate(parsed.investigating_arrangements):
        akey: tuple[str | int, ...] = ("investigating_arrangements", i)
        for ref_key, value in (
            ("investigating_agency", entry.investigating_agency),
            ("subject_agency", entry.subject_agency),
        ):
            if value is not None and value not in known and not registry.unchecked:
                problems.append(_unknown(doc, (*akey, ref_key), value, "organization", known))
        for n, source in enumerate(entry.sources):
            if source not in out.referred["sources"]:
                if out.incomplete:
                    continue  # an article could not be read: its source is missing
                problems.append(
                    _unknown(doc, (*akey, "sources", n), source, "source", out.referred["sources"])
                )
                continue
            out.add(
                doc,
                (*akey, "sources", n),
                Claim(
                    claim_id=f"{entry.id}-{source}",
                    record_resource="investigating_arrangements",
                    record_id=entry.id,
                    source_id=source,
                ),
            )


def _add_policy_records(policy: _Policy, out: _Collected, problems: list[Problem]) -> None:
    """Add the rules and arrangements to ``out``, checking the policies and sources they cite."""
    sources, policies = out.referred["sources"], out.referred["policies"]
    for i, rule in enumerate(policy.rules):
        assert policy.doc is not None
        key: tuple[str | int, ...] = ("release_rules", i)
        if rule.policy_id is not None and rule.policy_id not in policies and not out.incomplete:
            problems.append(_unknown(policy.doc, (*key, "policy"), rule.policy_id, "policy", policies))
        if rule.source_id is not None and rule.source_id not in sources:
            problems.append(_unknown(policy.doc, (*key, "source"), rule.source_id, "source", sources))
        out.add(policy.doc, key, rule)
    for i, arrangement in enumerate(policy.arrangements):
        assert policy.doc is not None
        akey = ("investigating_arrangements", i)
        if arrangement.policy_id is not None and arrangement.policy_id not in policies and not out.incomplete:
            problems.append(
                _unknown(policy.doc, (*akey, "policy"), arrangement.policy_id, "policy", policies)
            )
        out.add(policy.doc, akey, arrangement)


def _checked(
    doc: Located,
    batch: _Batch,
    begin: int,
    known: set[str],
    registry: Registry,
    out: _Collected,
    today: dt.date,
    when: dt.date,
    problems: list[Problem],
) -> _Batch:
    """A batch of a file's incidents (``begin`` is the first one's index) with their problems
    reported, less those whose records could hold a name that is not public."""
    sources = out.referred["sources"]
    private = _is_private(doc.path)
    unsafe = set()
    for i, (incident, lines) in enumerate(batch, start=begin):
        key = ("incidents", i)
        at = Located(None, doc.path, _ItemLines(key, lines, doc.lines))
        problems += _incident_problems(at, key, incident, known, sources, registry, today)
        named = _officer_problems(at, key, incident, today, when, private=private)
        if named:
            problems += named
            unsafe.add(i - begin)  # not published: its records could hold the name
    if unsafe:
        batch = tuple(item for n, item in enumerate(batch) if n not in unsafe)
    return batch


def _publish(
    doc: Located,
    parsed: IncidentFile,
    batch: _Batch,
    begin: int,
    policy: _Policy,
    when: dt.date,
    out: _Collected,
    problems: list[Problem],
) -> None:
    """Add the records of a batch of checked incidents, with the release policy applied, to ``out``."""
    published_incidents, officers, links = _released(
        doc, batch, begin, parsed, policy.rules, when, problems, policy.arrangements
    )
    # A batch's records go to the store together (each kind in one insert).
    kept = [lines for _, lines in batch]
    out.add_many(
        published_incidents,
        [f"{doc.path}:{lines.get((), 0)}" for lines in kept],
        functools.partial(_field_line, kept),
    )
    officer_places = [
        f"{doc.path}:{lines.get(('officers', n), 0)}"
        for incident, lines in batch
        for n, _ in enumerate(incident.officers)
    ]
    out.add_many(officers, officer_places)
    out.add_many(links, officer_places)


def _field_line(lines: list[dict[tuple[str | int, ...], int]], n: int, field: str) -> int | None:
    """The line of a field of the ``n``-th incident of a batch, from the lines kept with it."""
    return lines[n].get((field,))

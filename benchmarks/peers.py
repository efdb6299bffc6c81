"""Pipelines a user would write from the same seeds, to time beside ``jacksonpd build``.

Each reads the seeds tree the build reads (articles, annotations, registry, incident files with
their private overlay, the release policy) and publishes the same tables (sources, organizations,
people, mentions, statements, figures, events, policies, release rules, incidents, officers and
who was in each incident) as CSVs and a SQLite database with the build's full-text indexes:

- ``obvious``: PyYAML's CSafeLoader, ``str.find`` for the spans, ``csv.DictWriter``, frictionless
  validating every CSV against its Table Schema, then sqlite-utils ``insert_all`` and
  ``enable_fts``;
- ``fast``: CSafeLoader, ``csv.writer``, one ``executemany`` transaction, FTS5; nothing checked;
- ``fast-rs``: the same with yaml-rs (a YAML parser in Rust on PyPI) in place of libyaml.

Only what a user's script needs is derived: ids and spans as the build makes them (so the
statements table has the build's rows, which ``tests/test_bench_peers.py`` holds), an incident's
plain fields; none of the build's checks, release arithmetic, views or facet counts.

Usage (``benchmarks/run.py`` runs each in a fresh process)::

    python benchmarks/peers.py fast ROOT OUT
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

#: The tables every peer publishes, in the build's order.
TABLES = (
    "sources",
    "organizations",
    "people",
    "mentions",
    "statements",
    "figures",
    "events",
    "policies",
    "release_rules",
    "incidents",
    "officers",
    "incident_officers",
)
#: The build's full-text indexes (``jacksonpd.publish.sqlite.FTS``), with its tokenizer.
FTS = {
    "sources": ("headline", "text"),
    "statements": ("text",),
    "events": ("title", "text"),
    "policies": ("title", "description", "text"),
}
TOKENIZE = "porter unicode61 remove_diacritics 2"
#: The libraries each peer uses, whose versions the benchmark records.
LIBRARIES = {
    "obvious": ("PyYAML", "frictionless", "sqlite-utils"),
    "fast": ("PyYAML",),
    "fast-rs": ("yaml-rs",),
}

Rows = dict[str, list[dict[str, Any]]]


def versions(peer: str) -> dict[str, str]:
    """The installed version of each library ``peer`` uses."""
    return {name: version(name) for name in LIBRARIES[peer]}


def _loader(peer: str) -> Callable[[str], Any]:
    if peer == "fast-rs":
        import yaml_rs

        return yaml_rs.loads
    import yaml

    return lambda text: yaml.load(text, Loader=yaml.CSafeLoader)


# --- reading the seeds: the same for every peer but the YAML parser ---------------------------

_HEADER = re.compile(r"^\s*date\s+(?P<date>\S+)\s+(?P<summary>\S.*?)\s*$")
_OUTLET = re.compile(r"\s*Source:\s*(?P<outlet>[^.]+?)\.?$")
_WORD = re.compile(r"[a-z0-9]+")


def slugify(text: str, words: int | None = None) -> str:
    """Lowercase ascii words joined by hyphens, as the build makes ids."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(_WORD.findall(folded.replace("'", ""))[:words])


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _span(body: str, note: dict[str, Any]) -> tuple[int, int]:
    """Where the note's words are in the body: at its ``occurrence``, else the first."""
    words = note["text"]
    at = body.find(words)
    for _ in range((note.get("occurrence") or 1) - 1):
        at = body.find(words, at + len(words))
    if at < 0:
        msg = f"not in the article: {words!r}"
        raise ValueError(msg)
    return at, at + len(words)


def _suffix(base: str, occurrence: int | None) -> str:
    return base if occurrence in (None, 1) else f"{base}-{occurrence}"


def read_seeds(root: Path, load: Callable[[str], Any]) -> Rows:
    """Every table's rows as dicts, read from ``root``'s seeds."""
    seeds = root / "seeds"
    rows: Rows = {name: [] for name in TABLES}
    registry = seeds / "registry"
    for org in load((registry / "organizations.yaml").read_text(encoding="utf-8")) or []:
        rows["organizations"].append({"organization_id": org["id"], **_rest(org, "id")})
    people = {}
    for person in load((registry / "people.yaml").read_text(encoding="utf-8")) or []:
        people[person["id"]] = person
        rows["people"].append(
            {
                "person_id": person["id"],
                "name": person["name"],
                "title": person.get("title"),
                "organization_id": person.get("organization"),
            }
        )
    for article in sorted((seeds / "articles").glob("*.txt")):
        _read_article(article, seeds / "annotations" / f"{article.stem}.yaml", load, people, rows)
    for folder in (seeds / "incidents", seeds / "private" / "incidents"):
        for path in sorted(folder.glob("*.yaml")):
            _read_incidents(load(path.read_text(encoding="utf-8")), rows)
    policy = load((seeds / "policy.yaml").read_text(encoding="utf-8")) or {}
    for rule in policy.get("release_rules") or []:
        rows["release_rules"].append(
            {"rule_id": rule["id"], "agency_id": rule["agency"], "policy_id": rule.get("policy")}
            | {k: _iso(v) for k, v in _rest(rule, "id", "agency", "policy", "source").items()}
            | {"source_id": rule.get("source"), "fatal_only": rule.get("fatal_only", False)}
        )
    return rows


def _rest(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in keys}


def _read_article(
    article: Path, annotation: Path, load: Callable[[str], Any], people: dict[str, Any], rows: Rows
) -> None:
    sid = article.stem
    raw = article.read_bytes()
    header, _, body = raw.decode("utf-8").partition("\n")
    body = body.strip()
    match = _HEADER.match(header)
    assert match, article
    summary, outlet = match["summary"], None
    if found := _OUTLET.search(summary):
        outlet, summary = found["outlet"].strip(), summary[: found.start()].rstrip()
    notes = load(annotation.read_text(encoding="utf-8")) if annotation.exists() else {}
    source = notes.get("source") or {}
    rows["sources"].append(
        {
            "source_id": sid,
            "outlet": source.get("outlet", outlet),
            "url": source.get("url"),
            "published_on": match["date"],
            "headline": summary,
            "text": body,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "path": f"seeds/articles/{article.name}",
            "kind": "held",
            "note": source.get("note"),
        }
    )
    for m in notes.get("mentions") or []:
        start, end = _span(body, m)
        rows["mentions"].append(
            {
                "mention_id": _suffix(f"{sid}-{slugify(m['text'])}", m.get("occurrence")),
                "source_id": sid,
                "person_id": m.get("person"),
                "organization_id": m.get("organization"),
                "title": m.get("title"),
                "text": m["text"],
                "start": start,
                "end": end,
                "evidence": "span",
            }
        )
    for s in notes.get("statements") or []:
        start, end = _span(body, s)
        speaker = people.get(s.get("speaker")) or {}
        rows["statements"].append(
            {
                "statement_id": s.get("id") or _suffix(f"{sid}-{slugify(s['text'], 6)}", s.get("occurrence")),
                "source_id": sid,
                "speaker_id": s.get("speaker"),
                "organization_id": s.get("organization") or speaker.get("organization"),
                "kind": s["kind"],
                "text": s["text"],
                "start": start,
                "end": end,
                "said_on": _iso(s.get("said_on")),
                "note": s.get("note"),
                "evidence": "span",
            }
        )
    for f in notes.get("figures") or []:
        start, end = _span(body, f)
        speaker = people.get(f.get("speaker")) or {}
        rows["figures"].append(
            {"figure_id": f.get("id") or f"{sid}-{slugify(f['metric'], 6)}", "source_id": sid}
            | {k: _iso(v) for k, v in _rest(f, "id", "speaker", "organization", "occurrence").items()}
            | {
                "speaker_id": f.get("speaker"),
                "organization_id": f.get("organization") or speaker.get("organization"),
                "start": start,
                "end": end,
                "evidence": "span",
            }
        )
    for e in notes.get("events") or []:
        start, end = _span(body, e)
        rows["events"].append(
            {"event_id": e.get("id") or f"{sid}-{slugify(e['title'], 6)}", "source_id": sid}
            | {k: _iso(v) for k, v in _rest(e, "id", "organization", "occurrence").items()}
            | {"organization_id": e.get("organization"), "start": start, "end": end, "evidence": "span"}
        )
    for p in notes.get("policies") or []:
        at: tuple[int | None, int | None] = _span(body, p) if p.get("text") else (None, None)
        rows["policies"].append(
            {"policy_id": p["id"], "source_id": sid}
            | {k: _iso(v) for k, v in _rest(p, "id", "organization", "occurrence").items()}
            | {"organization_id": p.get("organization"), "start": at[0], "end": at[1], "evidence": "span"}
        )


_INCIDENT_KEYS = {
    "id": "incident_id",
    "agency": "agency_id",
    "investigating_agency": "investigating_agency_id",
}


def _read_incidents(doc: dict[str, Any], rows: Rows) -> None:
    for agency in doc.get("agencies") or []:
        rows["organizations"].append({"organization_id": agency["id"], **_rest(agency, "id")})
    for incident in doc.get("incidents") or []:
        iid = incident["id"]
        row = {_INCIDENT_KEYS.get(k, k): _iso(v) for k, v in incident.items() if k != "officers"}
        officers = incident.get("officers") or []
        released = [o["name_released_on"] for o in officers if o.get("name_released_on")]
        row |= {
            "data_source": doc.get("data_source"),
            "officer_count": len(officers),
            "officer_names_status": "released" if officers and len(released) == len(officers) else "withheld",
        }
        rows["incidents"].append(row)
        for k, officer in enumerate(officers, 1):
            oid = f"{iid}-officer-{k}"
            public = bool(officer.get("name_released_on"))
            rows["officers"].append(
                {
                    "officer_id": oid,
                    "agency_id": incident.get("agency"),
                    "name": officer.get("name") if public else None,
                    "rank": officer.get("rank"),
                    "name_released_on": _iso(officer.get("name_released_on")),
                    "name_released_by": officer.get("name_released_by"),
                }
            )
            rows["incident_officers"].append(
                {"incident_id": iid, "officer_id": oid, "role": officer.get("role", "unknown")}
            )


# --- publishing -------------------------------------------------------------------------------


def _schemas(root: Path) -> dict[str, dict[str, Any]]:
    return {
        name: json.loads((root / "schemas" / f"{name}.json").read_text(encoding="utf-8")) for name in TABLES
    }


def _columns(schema: dict[str, Any]) -> list[str]:
    return [f["name"] for f in schema["fields"]]


def obvious(root: Path, out: Path) -> None:
    """CSafeLoader, str.find, csv.DictWriter, frictionless validate, sqlite-utils."""
    from frictionless import Resource, Schema
    from sqlite_utils import Database

    rows = read_seeds(root, _loader("obvious"))
    schemas = _schemas(root)
    for name, table in rows.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=_columns(schemas[name]), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(table)
    for name in TABLES:
        schema = {k: v for k, v in schemas[name].items() if k != "foreignKeys"}
        report = Resource(
            path=f"{name}.csv", basepath=str(out), schema=Schema.from_descriptor(schema)
        ).validate()
        assert report.valid, (name, report.flatten(["rowNumber", "fieldName", "type", "note"])[:3])
    db = Database(out / "peer.db")
    for name, table in rows.items():
        columns = _columns(schemas[name])
        db.table(name).insert_all(
            ({c: row.get(c) for c in columns} for row in table),
            pk=schemas[name]["primaryKey"][0] if "primaryKey" in schemas[name] else None,
            batch_size=1000,
        )
    for name, searched in FTS.items():
        db.table(name).enable_fts(list(searched), tokenize=TOKENIZE)
    db.close()


_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def fast(root: Path, out: Path, peer: str = "fast") -> None:
    """A YAML parser, csv.writer, one executemany transaction, FTS5: nothing validated."""
    rows = read_seeds(root, _loader(peer))
    schemas = _schemas(root)
    tuples = {}
    for name, table in rows.items():
        columns = _columns(schemas[name])
        tuples[name] = [tuple(row.get(c) for c in columns) for row in table]
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(tuples[name])
    conn = sqlite3.connect(out / "peer.db")
    with conn:
        for name, values in tuples.items():
            fields = schemas[name]["fields"]
            declared = ", ".join(f"[{f['name']}] {_TYPES.get(f['type'], 'TEXT')}" for f in fields)
            conn.execute(f"create table [{name}] ({declared})")
            conn.executemany(f"insert into [{name}] values ({', '.join('?' * len(fields))})", values)
        for name, searched in FTS.items():
            cols = ", ".join(f"[{c}]" for c in searched)
            conn.execute(
                f"create virtual table [{name}_fts] using fts5({cols}, content=[{name}], "
                f"tokenize='{TOKENIZE}')"
            )
            conn.execute(f"insert into [{name}_fts] (rowid, {cols}) select rowid, {cols} from [{name}]")
    conn.close()


PEERS: dict[str, Callable[[Path, Path], None]] = {
    "obvious": obvious,
    "fast": fast,
    "fast-rs": lambda root, out: fast(root, out, "fast-rs"),
}


def statements(db: Path) -> Iterator[tuple[Any, ...]]:
    """The statements table's rows in id order, as the build and the peers publish it."""
    columns = (
        "statement_id, source_id, speaker_id, organization_id, kind, text, start, [end], said_on, note, "
        "evidence"
    )
    conn = sqlite3.connect(db)
    try:
        yield from conn.execute(f"select {columns} from statements order by statement_id")
    finally:
        conn.close()


def searched(db: Path, word: str) -> int:
    """How many statements the full-text index finds for ``word``."""
    conn = sqlite3.connect(db)
    try:
        found: int = conn.execute(
            "select count(*) from statements_fts where statements_fts match ?", (word,)
        ).fetchone()[0]
        return found
    finally:
        conn.close()


def counts(db: Path) -> dict[str, int]:
    """Rows in each of :data:`TABLES`."""
    conn = sqlite3.connect(db)
    try:
        return {name: conn.execute(f"select count(*) from [{name}]").fetchone()[0] for name in TABLES}
    finally:
        conn.close()


def main() -> None:
    """Run one peer: ``peers.py PEER ROOT OUT``; prints the versions of its libraries as JSON."""
    peer, root, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    PEERS[peer](root, out)
    print(json.dumps(versions(peer)))


if __name__ == "__main__":
    main()

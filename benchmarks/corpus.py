"""A synthetic seeds tree at any size: articles, annotations, registry, incidents, policy.

The corpus looks like the real one at scale: articles in the seeds format with quotes, figures
and dates in their text, a reviewed annotation for each (mentions of people and of the police
department, quotes with speakers, a figure with its period, an event with its date, the
policies the article describes), a registry of people and organizations, and incidents with
their officers (a tenth as many as statements). Mentions and policies come in the committed
seeds' proportions to statements: 7 and 4 for 19 there, 7 and 4 for an article's 20 here. It is
seeded and deterministic: the same size and seed write the same bytes. Everything it writes
builds cleanly.

Usage::

    python benchmarks/corpus.py OUT_DIR --statements 100000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STATEMENTS_PER_ARTICLE = 20
#: For 20 statements, as the committed seeds have 7 mentions and 4 policies for 19 statements.
PERSON_MENTIONS_PER_ARTICLE = 6  # and one of the police department: 7
POLICIES_PER_ARTICLE = 4
POLICY_KINDS = [
    ("policy", "in_force"),
    ("practice", "in_force"),
    ("agreement", "under_discussion"),
    ("program", "proposed"),
]
FIRST = [
    "Anthony",
    "Chokwe",
    "Lee",
    "Marisol",
    "Dana",
    "Tom",
    "Kiara",
    "Victor",
    "Lydia",
    "Noor",
    "Ramon",
    "Greta",
    "Aaron",
    "Virgil",
    "Renee",
    "Helen",
    "Luis",
    "Claire",
    "Darnell",
    "Monique",
    "Walter",
    "Gloria",
    "Jay",
    "Yvette",
    "Kyle",
    "Andrea",
    "Raymond",
    "Dale",
    "Lena",
    "Alma",
]
LAST = [
    "Moore",
    "Lumumba",
    "Bernard",
    "Grant",
    "Whitfield",
    "Ruble",
    "Bell",
    "Mabry",
    "Okafor",
    "Haddad",
    "Ortiz",
    "Lund",
    "Whitley",
    "Deacon",
    "Carter",
    "Ashdown",
    "Medrano",
    "Whitmore",
    "Fountain",
    "Harlan",
    "Nash",
    "Tate",
    "Okoro",
    "Moreno",
    "Brandt",
    "Voss",
    "Cole",
    "Hickman",
    "Park",
    "Reyes",
]
TITLES = [
    "Police Chief",
    "Mayor",
    "Sheriff",
    "Council Member",
    "Commissioner",
    "resident",
    "spokeswoman",
    "Director",
]
CITIES = [
    "Jackson",
    "Clinton",
    "Byram",
    "Pearl",
    "Brandon",
    "Ridgeland",
    "Madison",
    "Flowood",
    "Canton",
    "Raymond",
]
TOPICS = [
    "the use of force",
    "body cameras",
    "the release of names",
    "community policing",
    "the review board",
    "officer training",
    "the task force",
    "public records",
    "the investigation",
    "traffic stops",
]
VERBS = ["said", "added", "explained", "told reporters", "said in an interview"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def generate(out: Path, statements: int, seed: int = 2018) -> dict[str, int]:
    """Write a seeds tree with about ``statements`` statements under ``out``; return its counts."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("seeds/articles", "seeds/annotations", "seeds/registry", "seeds/incidents"):
        (out / folder).mkdir(parents=True)
    shutil.copytree(ROOT / "schemas", out / "schemas")

    n_articles = max(1, statements // STATEMENTS_PER_ARTICLE)
    n_agencies = len(CITIES)
    n_people = max(10, min(len(FIRST) * len(LAST), statements // 1000))
    people = _people(rng, n_people, n_agencies)
    _write_registry(out, people)

    start = dt.date(2015, 1, 5)
    written = 0
    for a in range(n_articles):
        published = start + dt.timedelta(days=a % 3000)
        written += _write_article(out, rng, a, published, people)

    n_incidents = max(1, statements // 10)
    _write_incidents(out, rng, n_incidents, start)
    (out / "seeds/policy.yaml").write_text(
        "release_rules:\n"
        + "".join(
            f"  - id: city-{i}-withhold\n    agency: city-{i}-police-department\n    kind: withhold\n"
            f"    description: The department withholds officers' names.\n"
            for i in range(n_agencies)
        ),
        encoding="utf-8",
    )
    return {"articles": n_articles, "statements": written, "incidents": n_incidents, "people": n_people}


def _people(rng: random.Random, n: int, n_agencies: int) -> list[dict[str, str]]:
    pairs = [(f, last) for last in LAST for f in FIRST]
    rng.shuffle(pairs)
    out = []
    for i, (first, last) in enumerate(pairs[:n]):
        out.append(
            {
                "id": f"{first}-{last}".lower(),
                "name": f"{first} {last}",
                "title": TITLES[i % len(TITLES)],
                "organization": f"city-{i % n_agencies}-police-department",
            }
        )
    return out


def _write_registry(out: Path, people: list[dict[str, str]]) -> None:
    orgs = [
        {
            "id": f"city-{i}-police-department",
            "name": f"{city} Police Department",
            "kind": "police_department",
        }
        for i, city in enumerate(CITIES)
    ]
    orgs.append(
        {"id": "state-bureau", "name": "State Bureau of Investigation", "kind": "state_investigative_agency"}
    )
    # JSON is valid YAML, and much faster to write than yaml.safe_dump at this size.
    lines = [f"- {json.dumps(o)}" for o in orgs]
    (out / "seeds/registry/organizations.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = [f"- {json.dumps(p)}" for p in people]
    (out / "seeds/registry/people.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_article(
    out: Path, rng: random.Random, a: int, published: dt.date, people: list[dict[str, str]]
) -> int:
    source_id = f"{published.isoformat()}-synthetic-{a:07d}"
    city = CITIES[a % len(CITIES)]
    paragraphs: list[str] = []
    statements: list[str] = []
    speakers: dict[str, dict[str, str]] = {}  # the first of them are mentioned by name
    for i in range(STATEMENTS_PER_ARTICLE):
        person = people[rng.randrange(len(people))]
        speakers.setdefault(person["id"], person)
        topic = TOPICS[rng.randrange(len(TOPICS))]
        words = (
            f"Point {i + 1} on {topic} in {city} is one we take seriously, and residents deserve a full "
            f"account of case {rng.randrange(10_000)}"
        )
        verb = VERBS[rng.randrange(len(VERBS))]
        paragraphs.append(f'"{words}," {verb} {person["title"]} {person["name"]}.')
        statements.append(f"  - kind: quote\n    speaker: {person['id']}\n    text: {json.dumps(words)}\n")
    count = rng.randrange(100, 5000)
    start = published - dt.timedelta(days=rng.randrange(30, 400))
    figure_text = f"over {count:,} calls for service"
    department = f"{city} Police Department"
    paragraphs.append(
        f"From {start.strftime('%B')} {start.day}, {start.year} to the present, "
        f"officers of the {department} answered {figure_text}."
    )
    policies = []
    for j in range(POLICIES_PER_ARTICLE):
        kind, status = POLICY_KINDS[j % len(POLICY_KINDS)]
        topic = TOPICS[(a + j) % len(TOPICS)]
        policy_text = f"{kind} number {j + 1} of the department on {topic}"
        paragraphs.append(f"The council heard how {policy_text} works.")
        policies.append(
            f"  - id: {source_id}-policy-{j + 1}\n    title: {kind.capitalize()} on {topic}\n"
            f"    kind: {kind}\n    status: {status}\n"
            f"    organization: city-{a % len(CITIES)}-police-department\n"
            f"    text: {json.dumps(policy_text)}\n"
            f"    description: The {department}'s {kind} on {topic}, as the article describes it.\n"
        )
    weekday = WEEKDAYS[(published.weekday() + 1) % 7]
    event_text = f"A meeting is set for {weekday} to discuss the findings"
    paragraphs.append(f"{event_text}.")
    summary = f"{city} officials discuss police transparency. Source: Synthetic Ledger"
    header = f" date {published.isoformat()} {summary}"
    (out / f"seeds/articles/{source_id}.txt").write_text(header + "\n\n" + "\n\n".join(paragraphs) + "\n")
    figure = (
        f'  - metric: calls for service\n    text: {json.dumps(figure_text)}\n    as_printed: "{count:,}"\n'
        f"    value: {count}\n    qualifier: over\n    unit: calls\n"
        f"    period_start: {start.isoformat()}\n    period_end: {published.isoformat()}\n"
    )
    event = (
        f"  - kind: meeting\n    status: scheduled\n    title: Meeting to discuss the findings\n"
        f"    text: {json.dumps(event_text)}\n    date_text: {weekday}\n"
        f"    date: {(published + dt.timedelta(days=1)).isoformat()}\n    date_precision: day\n"
    )
    mentions = [
        f"  - text: {json.dumps(p['name'])}\n    occurrence: 1\n    person: {p['id']}\n"
        f"    title: {p['title']}\n"
        for p in list(speakers.values())[:PERSON_MENTIONS_PER_ARTICLE]
    ]
    mentions.append(f"  - text: {department}\n    organization: city-{a % len(CITIES)}-police-department\n")
    annotation = (
        "source:\n  outlet: Synthetic Ledger\n\nmentions:\n"
        + "".join(mentions)
        + "\nstatements:\n"
        + "".join(statements)
        + "\nfigures:\n"
        + figure
        + "\nevents:\n"
        + event
        + "\npolicies:\n"
        + "".join(policies)
    )
    (out / f"seeds/annotations/{source_id}.yaml").write_text(annotation, encoding="utf-8")
    return len(statements)


def _write_incidents(out: Path, rng: random.Random, n: int, start: dt.date) -> None:
    chunks: list[str] = []
    private: list[str] = []  # incidents whose officer's name was never made public
    for k in range(n):
        occurred = start + dt.timedelta(days=k % 3000)
        agency = k % len(CITIES)
        released = rng.random() < 0.5
        name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]}"
        officer = f"      - name: Officer {name}\n        role: shooter\n"
        if released:
            officer += (
                f"        name_released_on: {occurred + dt.timedelta(days=rng.randrange(1, 60))}\n"
                f"        name_released_by: city-{agency}-police-department\n"
            )
        (chunks if released else private).append(
            f"  - id: synthetic-incident-{k:07d}\n    occurred_on: {occurred.isoformat()}\n"
            f"    kind: officer_involved_shooting\n    city: {CITIES[agency]}\n    state: MS\n"
            f"    agency: city-{agency}-police-department\n    investigating_agency: state-bureau\n"
            f"    fatal: {'true' if k % 3 == 0 else 'false'}\n    officers:\n{officer}"
        )
    (out / "seeds/incidents/synthetic.yaml").write_text(
        "data_source: curated\nincidents:\n" + "".join(chunks), encoding="utf-8"
    )
    # Names not public today live in the private overlay, never in a committed file.
    (out / "seeds/private/incidents").mkdir(parents=True, exist_ok=True)
    (out / "seeds/private/incidents/synthetic.yaml").write_text(
        "data_source: curated\nincidents:\n" + "".join(private), encoding="utf-8"
    )


def correct_quote(root: Path, which: int | None = None) -> str:
    """Correct one quote as a curator does, in the built corpus at ``root``: its text in the
    annotation loses its last word (the span ran one word past what was said), and the change
    gets its entry in ``seeds/corrections.yaml``, which the build requires of a published value.
    ``which`` picks the annotation (default: the middle one); returns the statement's id."""
    annotations = sorted((root / "seeds/annotations").glob("*.yaml"))
    path = annotations[len(annotations) // 2 if which is None else which]
    text = path.read_text(encoding="utf-8")
    marker = "    text: "
    at = text.index(marker, text.index("statements:\n")) + len(marker)
    end = text.index("\n", at)
    old = json.loads(text[at:end])
    new = old.rsplit(" ", 1)[0]
    path.write_text(text[:at] + json.dumps(new) + text[end:], encoding="utf-8")
    source = path.stem
    with (root / "datapackage/data/statements.csv").open(encoding="utf-8", newline="") as f:
        record = next(
            r["statement_id"] for r in csv.DictReader(f) if r["source_id"] == source and r["text"] == old
        )
    (root / "seeds/corrections.yaml").write_text(
        "corrections:\n  - resource: statements\n"
        f"    record: {record}\n    field: text\n    old: {json.dumps(old)}\n    new: {json.dumps(new)}\n"
        "    date: 2026-12-01\n    reason: The quote ran one word past what was said.\n"
        f"    source: {source}\n",
        encoding="utf-8",
    )
    return record


def add_article(root: Path, stem: str) -> str:
    """Add an article as a curator does, in the corpus at ``root``: a copy of the latest one (its
    text and annotation) under the source id ``stem`` (which must sort after every other, and begin
    with the same date), its ids made its own. Returns the new source id."""
    latest = sorted((root / "seeds/annotations").glob("*.yaml"))[-1].stem
    text = (root / "seeds/articles" / f"{latest}.txt").read_bytes()
    (root / "seeds/articles" / f"{stem}.txt").write_bytes(text)
    annotation = (root / "seeds/annotations" / f"{latest}.yaml").read_text(encoding="utf-8")
    (root / "seeds/annotations" / f"{stem}.yaml").write_text(
        annotation.replace(latest, stem), encoding="utf-8"
    )
    return stem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    print(generate(args.out, args.statements, args.seed))


if __name__ == "__main__":
    main()

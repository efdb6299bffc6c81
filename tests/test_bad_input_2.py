"""Bad input, second catalogue: inputs nobody planned for.

Every case breaks a private copy of the repository (with the fictional incidents, the planted
withheld name in the private overlay and the 72-hour rule) in one way, then runs the real
`jacksonpd build` command. Each must fail with exactly the problems listed (code, file, line,
field), exit 1, print no traceback and no part of the withheld name, finish within a bound, and
leave the last publication byte-identical. The accepted inputs at the end are documented
acceptances: they build, and what they hold round-trips.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import importlib
import json
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from jacksonpd.cli import cli
from jacksonpd.errors import CATALOGUE, JacksonpdError
from jacksonpd.seeds.yamlio import LIMITS

from .conftest import PLANTED, PRIVATE_INCIDENTS, REPO, leftovers, snapshot
from .test_incidents import with_incidents

MBI = "seeds/articles/2018-03-19-moore-mbi.txt"
TF = "seeds/articles/2018-03-27-task-force.txt"
MBI_ANN = "seeds/annotations/2018-03-19-moore-mbi.yaml"
TF_ANN = "seeds/annotations/2018-03-27-task-force.yaml"
PEOPLE = "seeds/registry/people.yaml"
ORGS = "seeds/registry/organizations.yaml"
POLICY = "seeds/policy.yaml"
INC = "seeds/incidents/fixture-incidents.yaml"
PRIV = PRIVATE_INCIDENTS
SURNAME = PLANTED.split()[-1]
#: The published incidents, in the order of their ids (as the CSV has them, after its header).
INCIDENTS = sorted(
    [
        "2018-05-01-fixture-withheld",
        "2019-01-10-fixture-on-time",
        "2019-02-01-fixture-late",
        "2019-02-20-fixture-no-officers",
    ]
)
Edit = Callable[[Path, pytest.MonkeyPatch], None]
NEXT_YEAR = dt.date.today().year + 1


@attrs.frozen
class At:
    """An expected problem: its code, file and field, and where: the line holding ``at`` (text
    searched in the edited file), a line number, or no line (``None``)."""

    code: str
    file: str
    field: str | None
    at: str | bytes | int | None = None


@attrs.frozen
class Case:
    edit: Edit
    expect: tuple[At, ...]


def replace(file: str, old: str | bytes, new: str | bytes) -> Edit:
    def edit(repo: Path, _: pytest.MonkeyPatch) -> None:
        path = repo / file
        data = path.read_bytes()
        o = old if isinstance(old, bytes) else old.encode()
        n = new if isinstance(new, bytes) else new.encode()
        assert data.count(o) == 1, f"the edit must be unambiguous: {o!r} in {file}"
        path.write_bytes(data.replace(o, n))

    return edit


def append(file: str, text: str) -> Edit:
    def edit(repo: Path, _: pytest.MonkeyPatch) -> None:
        with (repo / file).open("a", encoding="utf-8") as f:
            f.write(text)

    return edit


def write(file: str, data: str | bytes) -> Edit:
    def edit(repo: Path, _: pytest.MonkeyPatch) -> None:
        path = repo / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())

    return edit


def both(*edits: Edit) -> Edit:
    def edit(repo: Path, mp: pytest.MonkeyPatch) -> None:
        for e in edits:
            e(repo, mp)

    return edit


def late(extra: str) -> Edit:
    """Add fields to the incident 2019-02-01-fixture-late."""
    return replace(INC, "  - id: 2019-02-01-fixture-late\n", "  - id: 2019-02-01-fixture-late\n" + extra)


def withheld(extra: str) -> Edit:
    """Add fields to the incident in the private overlay (its officer's name never public)."""
    return replace(PRIV, "    investigation_status: open\n", "    investigation_status: open\n" + extra)


def officer(extra: str) -> Edit:
    """Add fields to the withheld officer, in the private overlay."""
    return replace(PRIV, "        role: shooter\n", "        role: shooter\n" + extra)


def csv_row(incident: str) -> int:
    return INCIDENTS.index(incident) + 2


def symlink(file: str, target: Callable[[Path], Path | str]) -> Edit:
    def edit(repo: Path, _: pytest.MonkeyPatch) -> None:
        (repo / file).symlink_to(target(repo))

    return edit


def outside(repo: Path) -> Path:
    """A file outside the seeds (beside the repository copy)."""
    path = repo.parent / f"{repo.name}-outside.yaml"
    path.write_text("data_source: curated\nincidents: []\n")
    return path


def moved(file: str, to: str) -> Edit:
    def edit(repo: Path, _: pytest.MonkeyPatch) -> None:
        shutil.move(str(repo / file), str(repo / to))

    return edit


def fifo(file: str) -> Edit:
    def edit(repo: Path, _: pytest.MonkeyPatch) -> None:
        path = repo / file
        if path.exists():
            path.unlink()
        os.mkfifo(path)

    return edit


def directory(file: str) -> Edit:
    def edit(repo: Path, _: pytest.MonkeyPatch) -> None:
        path = repo / file
        if path.exists():
            path.unlink()
        path.mkdir()
        (path / "inside.txt").write_text("x")

    return edit


def padded(file: str, size: int) -> Edit:
    """Pad ``file`` with a comment of ``size`` bytes, and lower the size bound below that."""

    def edit(repo: Path, mp: pytest.MonkeyPatch) -> None:
        append(file, "#" * size + "\n")(repo, mp)
        mp.setitem(LIMITS, "bytes", size - 10_000)

    return edit


def denied(file: str) -> Edit:
    """Reading ``file`` is refused (permission denied), as for a user who may not read it."""

    def edit(repo: Path, mp: pytest.MonkeyPatch) -> None:
        real = os.open
        target = str(repo / file)

        def guarded(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if os.fspath(path) == target:
                raise PermissionError(errno.EACCES, "Permission denied", target)
            return real(path, flags, *args, **kwargs)

        mp.setattr(os, "open", guarded)

    return edit


def disk_full(repo: Path, mp: pytest.MonkeyPatch) -> None:
    """Writing the package's CSVs fails as on a full disk."""
    module = __import__("jacksonpd.build", fromlist=["write_package"])

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(repo / "datapackage/data"))

    mp.setattr(module, "write_package", full)


def without_primary_key(repo: Path, _: pytest.MonkeyPatch) -> None:
    path = repo / "schemas/figures.json"
    schema = json.loads(path.read_text())
    del schema["primaryKey"]
    path.write_text(json.dumps(schema))


def committed_copy(repo: Path, _: pytest.MonkeyPatch) -> None:
    """The private overlay's incident, copied into a committed incident file."""
    text = (repo / PRIV).read_text().replace("2018-05-01-fixture-withheld", "2018-05-02-fixture-leaked")
    (repo / "seeds/incidents/leaked.yaml").write_text(text)


BOMB = "".join(
    f"x{n}: &x{n} [{', '.join([f'*x{n - 1}'] * 9) if n else ', '.join(['lol'] * 9)}]\n" for n in range(9)
)
DEEP = "[" * 100_000 + "]" * 100_000
LONG = "x" * (LIMITS["line"] + 10)
#: Unique anchors in the real seeds for the edits below.
JPD_WITHHOLD = "    policy: jpd-officer-name-withholding\n    kind: withhold\n"
FIXTURE_HOURS = "    within_hours: 72\n    effective_from: 2019-01-01\n"
MBI_URL = "  url: http://www.msnewsnow.com/story/37761833/chief-anthony-moore-discusses-top-issues-for-jpd\n"
RULE = "  - id: {id}\n    agency: {agency}\n    kind: {kind}\n{more}    description: A rule.\n"


def rule(id: str, kind: str, more: str = "", agency: str = "fixture-city-police-department") -> str:
    return RULE.format(id=id, kind=kind, more=more, agency=agency)


CASES: dict[str, Case] = {
    # -- YAML that costs more than its size, and names it may echo ----------------------------
    "alias bomb in an annotation": Case(
        append(MBI_ANN, "bomb:\n" + "".join(f"  {line}\n" for line in BOMB.splitlines())),
        (At("yaml-error", MBI_ANN, None, "  x0: &x0"),),
    ),
    "alias bomb in a list of statements": Case(
        replace(
            MBI_ANN, "statements:\n", "statements: [*x8]\n" + BOMB.replace("x0:", "z0:").replace("*x0", "*z0")
        ),
        (At("yaml-error", MBI_ANN, None, "statements: [*x8]"),),
    ),
    "alias bomb in an incident file": Case(append(INC, BOMB), (At("yaml-error", INC, None, "x1: &x1"),)),
    "alias bomb in the registry": Case(
        append(
            PEOPLE,
            "- id: bomb\n  name: Bomb\n  aliases: &a [x, x, x]\n- id: bomb2\n  name: B\n  aliases: *a\n",
        ),
        (At("yaml-error", PEOPLE, None, "  aliases: &a"),),
    ),
    "alias in the release policy": Case(
        replace(
            POLICY,
            JPD_WITHHOLD,
            JPD_WITHHOLD.replace("kind: withhold", "kind: &k withhold\n    policy2: *k"),
        ),
        (At("yaml-error", POLICY, None, "    kind: &k withhold"),),
    ),
    "merge key in an incident": Case(
        replace(
            INC,
            "incidents:\n",
            "base: &base {state: MS}\nincidents:\n  - <<: *base\n    id: 2019-03-01-merged\n"
            "    occurred_on: 2019-03-01\n    kind: other_use_of_force\n    city: Fixture City\n",
        ),
        (At("yaml-error", INC, None, "  - <<: *base"),),
    ),
    "undefined alias named like a person": Case(
        officer(f"        rank: *{SURNAME}\n"), (At("yaml-error", PRIV, None, f"rank: *{SURNAME}"),)
    ),
    "tag named like a person": Case(
        officer(f"        rank: !{SURNAME} Sergeant\n"), (At("yaml-error", PRIV, None, "rank: !"),)
    ),
    "python object tag": Case(
        replace(MBI_ANN, "  outlet: WLBT\n", "  outlet: !!python/object/apply:os.system [ls]\n"),
        (At("yaml-error", MBI_ANN, None, "  outlet: !!python"),),
    ),
    "NUL byte in an annotation": Case(
        replace(MBI_ANN, b"  outlet: WLBT\n", b"  outlet: WL\x00BT\n"),
        (At("yaml-error", MBI_ANN, None, b"WL\x00BT"),),
    ),
    "NUL byte in an incident file": Case(
        replace(
            INC,
            b"city: Fixture City\n    state: MS\n    agency: fixture-city-police-department\n"
            b"    officers:\n      - name: Quentin",
            b"city: Fixture\x00City\n    state: MS\n    agency: fixture-city-police-department\n"
            b"    officers:\n      - name: Quentin",
        ),
        (At("yaml-error", INC, None, b"Fixture\x00City"),),
    ),
    "NUL byte in the registry": Case(
        replace(PEOPLE, b"name: Anthony Moore", b"name: Anthony\x00Moore"),
        (At("yaml-error", PEOPLE, None, b"\x00"),),
    ),
    "NUL byte in the policy": Case(
        replace(POLICY, JPD_WITHHOLD.encode(), JPD_WITHHOLD.replace("withhold\n", "with\x00hold\n").encode()),
        (At("yaml-error", POLICY, None, b"\x00"),),
    ),
    "flow nesting 100,000 deep in an annotation": Case(
        append(MBI_ANN, f"deep: {DEEP}\n"), (At("limit-exceeded", MBI_ANN, None, "deep: [[["),)
    ),
    "flow nesting 100,000 deep in an incident": Case(
        late(f"    note: {DEEP}\n"), (At("limit-exceeded", INC, None, "    note: [[["),)
    ),
    "flow nesting 100,000 deep in the registry": Case(
        append(PEOPLE, f"- {DEEP}\n"), (At("limit-exceeded", PEOPLE, None, "- [[["),)
    ),
    "a line too long in an annotation": Case(
        replace(MBI_ANN, MBI_URL, f"  url: {LONG}\n"),
        (At("limit-exceeded", MBI_ANN, None, "  url: xxx"),),
    ),
    "a line too long in an incident file": Case(
        late(f"    note: {LONG}\n"), (At("limit-exceeded", INC, None, "    note: xxx"),)
    ),
    "a line too long in the registry": Case(
        replace(PEOPLE, "title: Chief of Police", f"title: {LONG}"),
        (At("limit-exceeded", PEOPLE, None, "title: xxx"),),
    ),
    "a line too long in an article": Case(
        replace(MBI, b"In an exclusive interview,", LONG.encode() + b" In an exclusive interview,"),
        (At("limit-exceeded", MBI, None, b"xxxx"),),
    ),
    "an annotation over the size bound": Case(
        padded(TF_ANN, 100_000),
        (At("limit-exceeded", TF_ANN, None),),
    ),
    "an incident file over the size bound": Case(
        padded(INC, 100_000),
        (At("limit-exceeded", INC, None),),
    ),
    "an officer key that is a name": Case(
        officer(f"        {PLANTED}: yes\n"),
        (At("unknown-key", PRIV, "officers", f"        {PLANTED}: yes"),),
    ),
    # -- numbers that no database or spreadsheet holds ---------------------------------------------
    "figure value .nan": Case(
        replace(MBI_ANN, "value: 1300", "value: .nan"), (At("type-error", MBI_ANN, "value", "value: .nan"),)
    ),
    "figure value .inf": Case(
        replace(MBI_ANN, "value: 1300", "value: .inf"), (At("type-error", MBI_ANN, "value", "value: .inf"),)
    ),
    "figure value -.inf": Case(
        replace(MBI_ANN, "value: 1300", "value: -.inf"), (At("type-error", MBI_ANN, "value", "value: -.inf"),)
    ),
    "figure value 1e400": Case(
        replace(MBI_ANN, "value: 1300", "value: 1e400"), (At("type-error", MBI_ANN, "value", "value: 1e400"),)
    ),
    "figure value 1.0e+400": Case(
        replace(MBI_ANN, "value: 1300", "value: 1.0e+400"),
        (At("type-error", MBI_ANN, "value", "value: 1.0e+400"),),
    ),
    "subject age beyond SQLite": Case(
        late("    subject_age: 99999999999999999999\n"),
        (At("type-error", INC, "subject_age", "subject_age: 9"),),
    ),
    "Post id beyond SQLite": Case(
        late("    wapo_id: 9223372036854775808\n"), (At("type-error", INC, "wapo_id", "wapo_id: 9"),)
    ),
    "officer count beyond SQLite": Case(
        late("    officer_count: -9223372036854775809\n"),
        (At("type-error", INC, "officer_count", "officer_count: -9"),),
    ),
    "occurrence beyond SQLite": Case(
        replace(MBI_ANN, "    occurrence: 1\n", "    occurrence: 100000000000000000000000\n"),
        (At("type-error", MBI_ANN, "occurrence", "occurrence: 1000"),),
    ),
    "hours beyond SQLite": Case(
        replace(POLICY, FIXTURE_HOURS, FIXTURE_HOURS.replace("72", "1" + "0" * 25)),
        (At("type-error", POLICY, "within_hours", "within_hours: 1000"),),
    ),
    "latitude .nan": Case(
        late("    latitude: .nan\n    longitude: -90.2\n"),
        (At("type-error", INC, "latitude", "latitude: .nan"),),
    ),
    "longitude .inf": Case(
        late("    latitude: 32.3\n    longitude: .inf\n"),
        (At("type-error", INC, "longitude", "longitude: .inf"),),
    ),
    "latitude 999": Case(
        late("    latitude: 999\n    longitude: -90.2\n"),
        (
            At(
                "constraint-error",
                "datapackage/data/incidents.csv",
                "latitude",
                csv_row("2019-02-01-fixture-late"),
            ),
        ),
    ),
    "longitude -999": Case(
        late("    latitude: 32.3\n    longitude: -999\n"),
        (
            At(
                "constraint-error",
                "datapackage/data/incidents.csv",
                "longitude",
                csv_row("2019-02-01-fixture-late"),
            ),
        ),
    ),
    "swapped coordinates": Case(
        late("    latitude: -90.18\n    longitude: 32.3\n"),
        (
            At(
                "constraint-error",
                "datapackage/data/incidents.csv",
                "latitude",
                csv_row("2019-02-01-fixture-late"),
            ),
        ),
    ),
    "negative officer count": Case(
        late("    officer_count: -3\n"),
        (
            At(
                "constraint-error",
                "datapackage/data/incidents.csv",
                "officer_count",
                csv_row("2019-02-01-fixture-late"),
            ),
        ),
    ),
    "negative subject age": Case(
        late("    subject_age: -4\n"),
        (
            At(
                "constraint-error",
                "datapackage/data/incidents.csv",
                "subject_age",
                csv_row("2019-02-01-fixture-late"),
            ),
        ),
    ),
    "empty city": Case(
        replace(
            INC,
            "  - id: 2019-02-01-fixture-late\n    occurred_on: 2019-02-01\n"
            "    kind: officer_involved_shooting\n    city: Fixture City\n",
            "  - id: 2019-02-01-fixture-late\n    occurred_on: 2019-02-01\n"
            '    kind: officer_involved_shooting\n    city: ""\n',
        ),
        (
            At(
                "constraint-error",
                "datapackage/data/incidents.csv",
                "city",
                csv_row("2019-02-01-fixture-late"),
            ),
        ),
    ),
    "negative hours": Case(
        replace(POLICY, FIXTURE_HOURS, FIXTURE_HOURS.replace("72", "-72")),
        (At("constraint-error", "datapackage/data/release_rules.csv", "within_hours", 3),),
    ),
    "figure value that contradicts the number as printed": Case(
        replace(MBI_ANN, "value: 3147", "value: 3148"),
        (At("implausible-value", MBI_ANN, "value", "value: 3148"),),
    ),
    "figure value a tenth of the number as printed": Case(
        replace(MBI_ANN, "value: 1300", "value: 130"),
        (At("implausible-value", MBI_ANN, "value", "value: 130"),),
    ),
    "figure value of the wrong sign": Case(
        replace(MBI_ANN, "value: 1300", "value: -1300"),
        (At("implausible-value", MBI_ANN, "value", "value: -1300"),),
    ),
    # -- dates outside what the sources can speak of ----------------------------------------------
    "incident in year 1": Case(
        replace(INC, "occurred_on: 2019-02-20", "occurred_on: 0001-02-20"),
        (At("implausible-value", INC, "occurred_on", "occurred_on: 0001-02-20"),),
    ),
    "incident in 9999": Case(
        replace(INC, "occurred_on: 2019-02-20", "occurred_on: 9999-02-20"),
        (At("implausible-value", INC, "occurred_on", "occurred_on: 9999-02-20"),),
    ),
    "incident in 2999": Case(
        replace(INC, "occurred_on: 2019-02-20", "occurred_on: 2999-02-20"),
        (At("implausible-value", INC, "occurred_on", "occurred_on: 2999-02-20"),),
    ),
    "incident next year": Case(
        replace(INC, "occurred_on: 2019-02-20", f"occurred_on: {NEXT_YEAR}-01-01"),
        (At("implausible-value", INC, "occurred_on", f"occurred_on: {NEXT_YEAR}-01-01"),),
    ),
    "counted period from 1850": Case(
        replace(TF_ANN, "    period_start: 2018-03-27", "    period_start: 1850-03-27"),
        (At("implausible-value", TF_ANN, "period_start", "period_start: 1850"),),
    ),
    "counted period to 9999": Case(
        replace(
            MBI_ANN,
            "    period_end: 2018-03-19\n    speaker: anthony-moore\n    note: '\"From July",
            "    period_end: 9999-03-19\n    speaker: anthony-moore\n    note: '\"From July",
        ),
        (
            At("date-out-of-range", MBI_ANN, "period_end", "period_end: 9999"),
            At("implausible-value", MBI_ANN, "period_end", "period_end: 9999"),
        ),
    ),
    "policy announced in 1066": Case(
        replace(MBI_ANN, "announced_on: 2018-03-19", "announced_on: 1066-03-19"),
        (At("implausible-value", MBI_ANN, "announced_on", "announced_on: 1066"),),
    ),
    "rule in force from 1800": Case(
        replace(POLICY, "effective_from: 2019-01-01", "effective_from: 1800-01-01"),
        (At("implausible-value", POLICY, "effective_from", "effective_from: 1800"),),
    ),
    "rule in force until 3000": Case(
        replace(
            POLICY,
            "effective_from: 2019-01-01",
            "effective_from: 2019-01-01\n    effective_until: 3000-01-01",
        ),
        (At("implausible-value", POLICY, "effective_until", "effective_until: 3000"),),
    ),
    # -- release rules that contradict themselves or each other -------------------------------
    "rule that ends before it starts": Case(
        replace(
            POLICY,
            "effective_from: 2019-01-01",
            "effective_from: 2019-01-01\n    effective_until: 2018-12-31",
        ),
        (At("rule-conflict", POLICY, "effective_until", "effective_until: 2018-12-31"),),
    ),
    "release within no hours": Case(
        replace(POLICY, FIXTURE_HOURS, FIXTURE_HOURS.replace("    within_hours: 72\n", "")),
        (At("rule-conflict", POLICY, "within_hours", "  - id: fixture-release-within-72-hours"),),
    ),
    "hours on a withholding rule": Case(
        replace(POLICY, JPD_WITHHOLD, JPD_WITHHOLD + "    within_hours: 24\n"),
        (At("rule-conflict", POLICY, "within_hours", "within_hours: 24"),),
    ),
    "hours on a release on indictment rule": Case(
        append(
            POLICY,
            rule(
                "fixture-indictment",
                "release_on_indictment",
                "    within_hours: 24\n    effective_from: 2010-01-01\n    effective_until: 2012-01-01\n",
            ),
        ),
        (At("rule-conflict", POLICY, "within_hours", "within_hours: 24"),),
    ),
    "two open-ended rules for one agency": Case(
        append(POLICY, rule("fixture-withhold", "withhold")),
        (At("rule-conflict", POLICY, "kind", "kind: withhold\n    description: A rule."),),
    ),
    "overlapping contradictory periods": Case(
        append(
            POLICY,
            rule(
                "fixture-withhold",
                "withhold",
                "    effective_from: 2018-06-01\n    effective_until: 2019-06-01\n",
            ),
        ),
        (At("rule-conflict", POLICY, "kind", "kind: withhold\n    effective_from: 2018-06-01"),),
    ),
    "same agency, two deadlines at once": Case(
        append(
            POLICY,
            rule(
                "fixture-24-hours", "release_within", "    within_hours: 24\n    effective_from: 2020-01-01\n"
            ),
        ),
        (At("rule-conflict", POLICY, "kind", "kind: release_within\n    within_hours: 24"),),
    ),
    # -- characters that hide or reorder text ---------------------------------------------------
    "right-to-left override in a name": Case(
        replace(PEOPLE, "name: Anthony Moore", 'name: "Anthony \\u202eerooM"'),
        (At("bad-character", PEOPLE, "name", 'name: "Anthony'),),
    ),
    "right-to-left isolate in an organization": Case(
        replace(ORGS, "name: WLBT", 'name: "WL\\u2067BT"'), (At("bad-character", ORGS, "name", 'name: "WL'),)
    ),
    "bell in a title": Case(
        replace(PEOPLE, "title: Chief of Police", 'title: "Chief\\a of Police"'),
        (At("bad-character", PEOPLE, "title", 'title: "Chief'),),
    ),
    "escape in an organization name": Case(
        replace(ORGS, "name: City of Jackson", 'name: "City of \\e[31mJackson"'),
        (At("bad-character", ORGS, "name", 'name: "City of'),),
    ),
    "control character in a policy description": Case(
        replace(
            MBI_ANN, "    title: Citizens Police Academy\n", '    title: "Citizens Police\\x08 Academy"\n'
        ),
        (At("bad-character", MBI_ANN, "title", '    title: "Citizens Police'),),
    ),
    "override in an event title": Case(
        replace(
            MBI_ANN,
            "title: Next Citizens Police Academy class began",
            'title: "Next \\u202dCitizens Police Academy class began"',
        ),
        (At("bad-character", MBI_ANN, "title", 'title: "Next'),),
    ),
    "control character in an incident note": Case(
        late('    note: "a\\x1bb"\n'), (At("bad-character", INC, "note", "    note:"),)
    ),
    "override in a public officer's rank": Case(
        replace(
            INC,
            "      - name: Ophelia Ontime\n",
            '      - name: Ophelia Ontime\n        rank: "Sgt \\u202e"\n',
        ),
        (At("bad-character", INC, "rank", "      - name: Ophelia Ontime"),),
    ),
    "override in an article's headline": Case(
        replace(
            MBI,
            b" date 2018-03-19 Jackson Police Chief",
            " date 2018-03-19 Jackson \u202ePolice Chief".encode(),
        ),
        (At("bad-character", MBI, "headline", None),),
    ),
    "delete character in a mention's title": Case(
        replace(MBI_ANN, "    title: Chief\n", '    title: "Chief\\x7f"\n'),
        (At("bad-character", MBI_ANN, "title", 'title: "Chief\\x7f"'),),
    ),
    # -- cells a spreadsheet would run --------------------------------------------------------------
    "formula in an incident note": Case(
        late('    note: "=HYPERLINK(\\"http://x\\")"\n'),
        (At("formula-cell", INC, "note", "    note:"),),
    ),
    "plus sign first in an address": Case(
        late('    address: "+1 Main St"\n'),
        (At("formula-cell", INC, "address", "    address:"),),
    ),
    "minus sign first in what was held": Case(
        late('    armed_with: "-knife"\n'),
        (At("formula-cell", INC, "armed_with", "    armed_with:"),),
    ),
    "at sign first in a subject's name": Case(
        late('    subject_name: "@cmd"\n'),
        (At("formula-cell", INC, "subject_name", "    subject_name:"),),
    ),
    "formula in a person's title": Case(
        replace(PEOPLE, "title: Chief of Police", 'title: "=1+1"'),
        (At("formula-cell", PEOPLE, "title", 'title: "=1+1'),),
    ),
    "formula in an organization's name": Case(
        replace(ORGS, "name: WLBT", 'name: "@WLBT"'), (At("formula-cell", ORGS, "name", 'name: "@WLBT'),)
    ),
    "formula in a policy's description": Case(
        replace(MBI_ANN, "    title: Citizens Police Academy\n", '    title: "=Citizens Police Academy"\n'),
        (At("formula-cell", MBI_ANN, "title", '    title: "=Citizens'),),
    ),
    "formula in a figure's metric": Case(
        replace(MBI_ANN, "  - metric: man with a gun calls", '  - metric: "-man with a gun calls"'),
        (At("formula-cell", MBI_ANN, "metric", '  - metric: "-man'),),
    ),
    "formula in a figure's unit": Case(
        replace(MBI_ANN, "    unit: calls", '    unit: "+calls"'),
        (At("formula-cell", MBI_ANN, "unit", 'unit: "+calls"'),),
    ),
    "formula in a statement's note": Case(
        replace(MBI_ANN, "    note: The chief's answer", "    note: =The chief's answer"),
        (
            At(
                "formula-cell",
                MBI_ANN,
                "note",
                "note: =The chief",
            ),
        ),
    ),
    "formula in a rule's description": Case(
        replace(
            POLICY,
            "description: Names are released within 72 hours",
            "description: =Names are released within 72 hours",
        ),
        (At("formula-cell", POLICY, "description", "description: =Names"),),
    ),
    # -- files that are not files in the tree ----------------------------------------------------------
    "dangling link as an article": Case(
        symlink("seeds/articles/2019-01-01-gone.txt", lambda r: r / "nowhere.txt"),
        (At("not-a-file", "seeds/articles/2019-01-01-gone.txt", None),),
    ),
    "dangling link as an annotation": Case(
        both(lambda r, mp: (r / MBI_ANN).unlink(), symlink(MBI_ANN, lambda r: r / "nowhere.yaml")),
        (At("not-a-file", MBI_ANN, None), At("missing-file", MBI, None)),
    ),
    "dangling link as an incident file": Case(
        symlink("seeds/incidents/gone.yaml", lambda r: r / "nowhere.yaml"),
        (At("not-a-file", "seeds/incidents/gone.yaml", None),),
    ),
    "link to a file outside the seeds": Case(
        symlink("seeds/incidents/outside.yaml", outside),
        (At("not-a-file", "seeds/incidents/outside.yaml", None),),
    ),
    "link to an article outside the seeds": Case(
        symlink("seeds/articles/2019-01-01-outside.txt", lambda r: REPO / MBI),
        (At("not-a-file", "seeds/articles/2019-01-01-outside.txt", None),),
    ),
    "incidents folder linked from outside": Case(
        both(
            moved("seeds/incidents", "elsewhere"),
            symlink("seeds/incidents", lambda r: r / "elsewhere"),
        ),
        (At("not-a-file", "seeds/incidents", None),),
    ),
    "link to an endless device as an incident file": Case(
        symlink("seeds/incidents/zero.yaml", lambda r: "/dev/zero"),
        (At("not-a-file", "seeds/incidents/zero.yaml", None),),
    ),
    "link to an endless device as an article": Case(
        symlink("seeds/articles/2019-01-01-zero.txt", lambda r: "/dev/zero"),
        (At("not-a-file", "seeds/articles/2019-01-01-zero.txt", None),),
    ),
    "named pipe as an incident file": Case(
        fifo("seeds/incidents/pipe.yaml"), (At("not-a-file", "seeds/incidents/pipe.yaml", None),)
    ),
    "named pipe as an article": Case(
        fifo("seeds/articles/2019-01-01-pipe.txt"),
        (At("not-a-file", "seeds/articles/2019-01-01-pipe.txt", None),),
    ),
    "named pipe as an annotation": Case(fifo(MBI_ANN), (At("not-a-file", MBI_ANN, None),)),
    "named pipe as the private overlay's file": Case(fifo(PRIV), (At("not-a-file", PRIV, None),)),
    "directory where an article belongs": Case(
        directory("seeds/articles/2019-01-01-dir.txt"),
        (At("not-a-file", "seeds/articles/2019-01-01-dir.txt", None),),
    ),
    "directory where an incident file belongs": Case(
        directory("seeds/incidents/dir.yaml"), (At("not-a-file", "seeds/incidents/dir.yaml", None),)
    ),
    "directory where the policy belongs": Case(directory(POLICY), (At("not-a-file", POLICY, None),)),
    "directory where the people belong": Case(directory(PEOPLE), (At("not-a-file", PEOPLE, None),)),
    "directory where a schema belongs": Case(
        directory("schemas/figures.json"), (At("not-a-file", "schemas/figures.json", None),)
    ),
    "article named .TXT": Case(
        write("seeds/articles/2019-01-01-new.TXT", " date 2019-01-01 New\n\nBody.\n"),
        (At("unexpected-file", "seeds/articles/2019-01-01-new.TXT", None),),
    ),
    "incident file named .yml": Case(
        write("seeds/incidents/more.yml", "incidents: []\n"),
        (At("unexpected-file", "seeds/incidents/more.yml", None),),
    ),
    "annotation named .yml": Case(
        write("seeds/annotations/2018-03-19-moore-mbi.yml", "statements: []\n"),
        (At("unexpected-file", "seeds/annotations/2018-03-19-moore-mbi.yml", None),),
    ),
    "registry file named .YAML": Case(
        write("seeds/registry/more.YAML", "[]\n"), (At("unexpected-file", "seeds/registry/more.YAML", None),)
    ),
    "private incident file named .txt": Case(
        write("seeds/private/incidents/notes.txt", "names\n"),
        (At("unexpected-file", "seeds/private/incidents/notes.txt", None),),
    ),
    "article file name with capitals": Case(
        write("seeds/articles/2019-01-01-New.txt", " date 2019-01-01 New\n\nBody.\n"),
        (At("type-error", "seeds/articles/2019-01-01-New.txt", "file name"),),
    ),
    "article file name with a space": Case(
        write("seeds/articles/2019 01 01.txt", " date 2019-01-01 New\n\nBody.\n"),
        (At("type-error", "seeds/articles/2019 01 01.txt", "file name"),),
    ),
    "article file name with a trailing hyphen": Case(
        write("seeds/articles/2019-01-01-.txt", " date 2019-01-01 New\n\nBody.\n"),
        (At("type-error", "seeds/articles/2019-01-01-.txt", "file name"),),
    ),
    "article that may not be read": Case(denied(MBI), (At("unreadable-file", MBI, None),)),
    "incident file that may not be read": Case(denied(INC), (At("unreadable-file", INC, None),)),
    "annotation that may not be read": Case(denied(TF_ANN), (At("unreadable-file", TF_ANN, None),)),
    "disk full while writing": Case(disk_full, (At("io-error", "datapackage/data", None),)),
    # -- schemas --------------------------------------------------------------------------------------
    "schema without its primary key": Case(
        without_primary_key,
        (At("schema-error", "schemas/figures.json", "primaryKey"),),
    ),
    "schema nested 100,000 deep": Case(
        write("schemas/figures.json", DEEP), (At("limit-exceeded", "schemas/figures.json", None),)
    ),
    "schema nested 100,000 deep in objects": Case(
        write("schemas/events.json", '{"a":' * 50_000 + "1" + "}" * 50_000),
        (At("limit-exceeded", "schemas/events.json", None),),
    ),
    # -- names that are not public, where they could escape ----------------------------------------------
    "officer id that is not an id": Case(
        officer("        id: Not An Id\n"), (At("type-error", PRIV, "id", "        id: Not An Id"),)
    ),
    "officer id made of the withheld name": Case(
        officer(f"        id: {PLANTED.lower().replace(' ', '-')}\n"),
        (At("withheld-name", PRIV, "id", "        id: zebulon"),),
    ),
    "officer id holding the surname": Case(
        officer(f"        id: officer-{SURNAME.lower()}\n"),
        (At("withheld-name", PRIV, "id", "        id: officer-"),),
    ),
    "withheld name in the rank": Case(
        officer(f"        rank: Sergeant {PLANTED}\n"),
        (At("withheld-name", PRIV, "rank", "        rank: Sergeant"),),
    ),
    "withheld surname in the incident's note": Case(
        withheld(f"    note: Officer {SURNAME} fired twice.\n"),
        (At("withheld-name", PRIV, "note", "    note: Officer"),),
    ),
    "withheld name in the address": Case(
        withheld(f"    address: near {PLANTED.upper()}'s house\n"),
        (At("withheld-name", PRIV, "address", "    address: near"),),
    ),
    "withheld name typed as the releaser": Case(
        officer(f"        name_released_by: {PLANTED}\n"),
        (
            At("unknown-reference", PRIV, "name_released_by", "        name_released_by:"),
            At("withheld-name", PRIV, "name_released_by", "        name_released_by:"),
        ),
    ),
    "withheld name typed as the officer's agency": Case(
        officer(f"        agency: {SURNAME.lower()}\n"),
        (At("unknown-reference", PRIV, "agency", "        agency:"),),
    ),
    "withheld name in a committed file": Case(
        committed_copy,
        (At("private-name", "seeds/incidents/leaked.yaml", "name", "      - name:"),),
    ),
    "name released in 2999, in a committed file": Case(
        replace(INC, "name_released_on: 2019-03-01", "name_released_on: 2999-03-01"),
        (
            At("private-name", INC, "name", "      - name: Quentin"),
            At("date-out-of-range", INC, "name_released_on", "name_released_on: 2999"),
        ),
    ),
    "a withheld name typed twice as a key": Case(
        officer(f"        {PLANTED}: yes\n        {PLANTED}: no\n"),
        (
            At("duplicate-key", PRIV, None, f"        {PLANTED}: no"),
            At("unknown-key", PRIV, "officers", f"        {PLANTED}: no"),
        ),
    ),
    "withheld name as an officer's role": Case(
        replace(PRIV, "        role: shooter\n", f"        role: {SURNAME}\n"),
        (At("type-error", PRIV, "role", "        role:"),),
    ),
}


def _ids(cases: dict[str, Case]) -> list[str]:
    return list(cases)


@pytest.fixture
def broken_repo(repo: Path) -> Path:
    """A repository copy with incidents, the planted withheld name and the 72-hour rule."""
    return with_incidents(repo)


@contextlib.contextmanager
def bounded(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, if the body runs longer than ``seconds``."""

    def stop(*_: object) -> None:
        msg = f"took more than {seconds} s: a hang"
        raise TimeoutError(msg)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def expected_line(repo: Path, at: At) -> int | None:
    if at.at is None or isinstance(at.at, int):
        return at.at
    needle = at.at if isinstance(at.at, bytes) else at.at.encode()
    data = (repo / at.file).read_bytes()
    assert needle in data, f"{needle[:60]!r} not in {at.file}"
    return data[: data.index(needle)].count(b"\n") + 1


def run_build(repo: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[JacksonpdError]]:
    """`jacksonpd build` on ``repo``, and the error the library raised under it."""
    raised: list[JacksonpdError] = []
    build_module = importlib.import_module("jacksonpd.build")  # the command imports it when run
    real = build_module.build

    def spy(*args: Any, **kwargs: Any) -> Any:
        try:
            return real(*args, **kwargs)
        except JacksonpdError as exc:
            raised.append(exc)
            raise

    monkeypatch.setattr(build_module, "build", spy)
    with bounded(60):
        result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    return result, raised


@pytest.mark.parametrize("name", _ids(CASES))
def test_unplanned_input_fails_clearly_and_publishes_nothing(
    name: str, broken_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exactly the problems listed, exit 1, no traceback, no withheld name, nothing published."""
    case = CASES[name]
    repo = broken_repo
    before = snapshot(repo / "datapackage")
    case.edit(repo, monkeypatch)
    expected = [(e.code, e.file, expected_line(repo, e), e.field) for e in case.expect]
    result, raised = run_build(repo, monkeypatch)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert len(raised) == 1, result.output
    got = [(p.code, p.path, p.line, p.field) for p in raised[0].problems]
    assert got == expected
    for code in {e.code for e in case.expect}:
        assert f"[{code}]" in result.output
    assert SURNAME.lower() not in result.output.lower()
    assert snapshot(repo / "datapackage") == before
    assert leftovers(repo) == []


def test_every_code_is_in_the_catalogue() -> None:
    """Every code the cases expect is documented in jacksonpd's problem catalogue (frictionless's
    own codes, such as constraint-error, pass through as they are)."""
    codes = {e.code for case in CASES.values() for e in case.expect} - {"constraint-error"}
    assert codes <= set(CATALOGUE), codes - set(CATALOGUE)
    assert len(CASES) >= 100

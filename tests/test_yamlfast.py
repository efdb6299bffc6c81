"""The fast parse (yaml-rs) gives exactly libyaml's data, problems and lines, or leaves the file
to libyaml: on every committed seed file, a generated corpus, PyYAML-dumped random data and a
catalogue of the spellings YAML 1.1 and 1.2 read differently; and a build publishes the same
bytes with it and without it."""

from __future__ import annotations

import contextlib
import importlib
import math
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jacksonpd.build import CACHE, build
from jacksonpd.collect.tree import read_seeds
from jacksonpd.errors import JacksonpdError
from jacksonpd.seeds import yamlfast
from jacksonpd.seeds.yamlio import PlaceLines, _UnreadLines, read_yaml

from .conftest import REPO, Snapshot, give_an_id_twice

sys.path.insert(0, str(REPO / "benchmarks"))
corpus = importlib.import_module("corpus")  # the benchmarks' corpus generator, not a package

pytestmark = pytest.mark.skipif(not yamlfast.ENABLED, reason="yaml-rs is not installed")


@contextlib.contextmanager
def libyaml_only() -> Iterator[None]:
    """Every file read by libyaml, as without yaml-rs."""
    was = yamlfast.ENABLED
    yamlfast.ENABLED = False
    try:
        yield
    finally:
        yamlfast.ENABLED = was


def shape(value: Any) -> Any:
    """``value``'s types and values all the way down (NaN equal to NaN, 1 unequal to True or 1.0)."""
    if isinstance(value, dict):
        return ("dict", [(shape(k), shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [shape(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, repr(value))


def same_as_libyaml(path: Path, shown: str = "t/f.yaml") -> bool:
    """Assert that :func:`read_yaml` reads ``path`` (in a folder ``t``) as libyaml alone reads it:
    data, digest, problems, every line and every record's place; whether yaml-rs read it."""
    fast, fast_problems = read_yaml(path, shown)
    with libyaml_only():
        slow, slow_problems = read_yaml(path, shown)
    assert fast_problems == slow_problems
    if slow is None:
        assert fast is None
        return False
    assert fast is not None
    assert fast.sha256 == slow.sha256
    assert shape(fast.data) == shape(slow.data)
    used = isinstance(fast.lines, _UnreadLines)
    if used:
        assert not fast_problems
        places = PlaceLines(path.parent, "t")
        for key in slow.lines:  # before any line is asked for: places wait for a problem
            assert places(fast.place(key)) == slow.place(key)
        assert dict(fast.lines) == dict(slow.lines)
    return used


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "f.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        return path

    return write


# -- a catalogue of what YAML 1.1 (PyYAML) and 1.2 (yaml-rs) may read differently ----------------

#: Plain spellings: booleans, sexagesimals, octals, exponents, NaNs and infinities, nulls, merge
#: and value keys, underscores, big numbers, dates; and the spellings both read alike.
_TOKEN_LINES = """
yes no on off y n Y N YES Yes On ON OFF Off NO true True TRUE false False FALSE tRue fAlse
1:20 1:20.5 190:20:30 12:30 -1:20 010 08 09 007 -010 0o10 0O10 0b101 -0b1 0x1F 0X1F -0x1F +0x1F 0xg
1_000 1_000.5 1__0 _1 1_ 0x_1 0b_1 0o_7 1.5_0 ._5 1e3 1E3 1e+3 1.0e3 1.0e+3 1.0E-3 -1e3 1.5e300000
.5 -.5 +.5 1. -1. 0. +1 -0 +0 00 0 0.5 00.5 -00 3.0 0.1 -0.0 3.14159265358979323846 1.10
.nan .NaN .NAN .Nan nan NaN inf Inf infinity .inf .Inf .INF -.inf +.inf -.Inf .iNf -.nan +.nan
~ null Null NULL nUll none None = << 12345678901234567890 9223372036854775807 9223372036854775808
-9223372036854775809 2019-01-02 2019-01-02T10:00:00Z 2019-1-2 2001-12-14t21:59:43.10-05:00
"""
TOKENS = _TOKEN_LINES.split()

CONTEXTS = [
    "v: {}\n",
    "{}: v\n",
    "- [{}, x]\n",
    '{{"a":{}}}\n',
    "- {} # a comment\n",
    "v:\n  - {}\n  - x\n",
    "v:\n  {}\n",
    "v: '{}'\n",
    'v: "{}"\n',
]

#: Documents whose reading differs, or is refused by one parser only, or is close to such.
DOCUMENTS = [
    "",
    "# only a comment\n",
    "---\n",
    "a: 1\n---\nb: 2\n",
    "--- a\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\nv: x\n",
    "v: 1 000\n",
    "v: - 1\n",
    'v: "a\\/b"\n',
    'v: "\\e\\N\\_\\L\\P\\x41\\u00e9\\U0001F600\\0\\a\\b\\v\\f"\n',
    "v:\tx\n",
    "\tv: x\n",
    "v: 'a\tb'\n",
    "v: x\r\ny: z\r\n",
    "v: x\ry: z\r",
    "\ufeffv: x\n",
    "v: a\ufeffb\n",
    "a: &x 1\nb: *x\n",
    "a: &x 1\n",
    "a: &x [1, 2]\nb: [*x]\n",
    "v: !!str 010\n",
    "v: !foo x\n",
    "v: !!int '10'\n",
    "v: !!binary aGk=\n",
    "v: !!set {a, b}\n",
    "v: !!omap [a: 1]\n",
    "a: b: c\n",
    "- a\nb: c\n",
    "v: [a, b\n",
    "v: 'a\n  b'\n",
    "v: a\n  b\n\n  c\n",
    "v: a\n\n\n  b\n",
    "v: |\n  a\n  b\n\n",
    "v: |+\n  a\n\n",
    "v: >-\n  a\n  b\n",
    "v: >\n  a\n\n   b\n  c\n",
    "v: |2\n   a\n",
    "v: x # c\n",
    "v: x#c\n",
    "? a\n",
    "? [a]\n: b\n",
    "? {a: 1}\n: b\n",
    "{a: 1, a: 2}\n",
    "a: 1\na: 2\n",
    "1: a\n'1': b\n",
    "yes: a\n'yes': b\n",
    "a: 1\n'a': 2\n",
    'v: "a\n  b"\n',
    'v: "a\\\n  b"\n',
    "v: 'it''s'\n",
    "v: a  \n",
    "v: @x\n",
    "v: `x\n",
    "v: %x\n",
    "v: a\x85b\n",
    "v: a\u2028b\n",
    "v: a\u2029b\n",
    "v: a\x00b\n",
    "v: a\x07b\n",
    "v: a\x7fb\n",
    "v: a\x9fb\n",
    "v: a\ufffeb\n",
    "v: a\ud800b\n",
    'v: "\\x85"\n',
    "- - a\n  - b\n",
    "v:\n- a\n",
    "v: -\n",
    "v: [1, 2,]\n",
    "v: {a: 1,}\n",
    "v: [a: 1]\n",
    'v: ""\n',
    "'': a\n",
    "v:\n",
    "v: 'a'b\n",
    'v: "a" b\n',
    "v: a\n v2: b\n",
    "  v: a\n w: b\n",
    "- 1\n-2\n",
    "<<: {a: 1}\n",
    "v: {<<: {a: 1}, b: 2}\n",
    "=: a\n",
    "v: Stop! Now\n",
    "v: a *b\n",
    "v: 5 * 3\n",
    "v: 'a' # c\n",
    "v: text: more\n",
    "v: [a, [b, [c]]]\n",
    "v: {a: {b: {c: d}}}\n",
    "".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "x\n",
    "[" * 33 + "]" * 33 + "\n",
    "v: " + "x" * 100_001 + "\n",
    "hello\n",
    "- 010\n",
    "010\n",
    "yes\n",
]


def _catalogue() -> list[str]:
    return [*DOCUMENTS, *(c.format(t) for t in TOKENS for c in CONTEXTS)]


@pytest.mark.parametrize("text", _catalogue())
def test_a_tricky_document_is_read_as_libyaml_reads_it(write: Callable[[str], Path], text: str) -> None:
    same_as_libyaml(write(text))


#: Documents that yaml-rs, unguarded, reads otherwise than libyaml (or reads where libyaml
#: refuses them): each is what one part of the guard is for.
DIFFERENT = {
    "1.1 boolean": "v: yes\n",
    "1.1 boolean key": "Off: v\n",
    "sexagesimal": "v: 1:20\n",
    "octal": "v: 010\n",
    "leading zero": "v: 09\n",
    "0o": "v: 0o10\n",
    "upper 0X": "v: 0X1F\n",
    "exponent without a dot": "v: 1e3\n",
    "exponent without a sign": "v: 1.0e3\n",
    "signed .5": "v: -.5\n",
    "NaN in odd case": "v: .Nan\n",
    "infinity in odd case": "v: .iNf\n",
    "overflowing float": "v: 1.5e300000\n",
    "underscore": "v: _1\n",
    "merge key": "<<: {a: 1}\n",
    "value tag": "v: =\n",
    "alias": "a: &x 1\nb: *x\n",
    "unknown tag": "v: !foo x\n",
    "complex key": "? [a]\n: b\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "tab before a key": "\tv: x\n",
    "NUL": "v: a\x00b\n",
    "control character": "v: a\x07b\n",
    "NEL": "v: a\x85b\n",
    "line separator": "v: a\u2028b\n",
    "byte-order mark": "\ufeffv: x\n",
    "quoted 1 beside plain 1": "1: a\n'1': b\n",
    "too deep": "".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "x\n",
}


def unguard(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mutant: yaml-rs's reading taken whatever the document holds."""
    monkeypatch.setattr(yamlfast, "_odd_text", lambda text: False)
    monkeypatch.setattr(yamlfast, "_walk", lambda node, depth, suspects: None)
    monkeypatch.setattr(yamlfast, "_words_agree", lambda text, suspects: True)


@pytest.mark.parametrize("text", DIFFERENT.values(), ids=DIFFERENT.keys())
def test_each_difference_is_guarded_and_the_comparison_catches_it(
    write: Callable[[str], Path], text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the guard, the document goes to libyaml; without it, yaml-rs reads it otherwise
    than libyaml, and the comparison above fails."""
    path = write(text)
    assert yamlfast.fast_load(text) is None
    unguard(monkeypatch)
    assert yamlfast.fast_load(text) is not None
    with pytest.raises(AssertionError):
        same_as_libyaml(path)


def _spellings() -> list[str]:
    """Short words of the characters numbers, booleans and nulls are written with, and every
    case of the words YAML gives a meaning, with signs and dots."""
    import itertools

    found = set(TOKENS)
    for n in (1, 2, 3):
        found.update("".join(p) for p in itertools.product("0189.-+_eExXoObB:~", repeat=n))
    for word in ("true", "false", "null", "nan", "inf", "infinity", "yes", "no", "on", "off", "none"):
        for letters in itertools.product(*((c.lower(), c.upper()) for c in word)):
            found.update(f"{pre}{''.join(letters)}" for pre in ("", ".", "+.", "-.", "+", "-", "_"))
    return sorted(w for w in found if w.strip() == w and not w.endswith(":") and w not in ("-", "?"))


def test_yaml_rs_reads_words_as_the_guard_assumes() -> None:
    """yaml-rs reads as other than text only words that start as numbers and nulls do (the
    guard looks no further), or true, false and null spelled as PyYAML spells them."""
    words = _spellings()
    read = yaml_rs.loads("".join(f"- {w}\n" for w in words), parse_datetime=False)
    assert isinstance(read, list)
    assert len(read) == len(words)
    for word, value in zip(words, read, strict=True):
        if not isinstance(value, str) and not yamlfast._AGREED.fullmatch(word):
            assert word[0] in "-+._~0123456789", word


def test_plain_curated_values_take_the_fast_path(write: Callable[[str], Path]) -> None:
    """What curated files hold is read by yaml-rs: a false alarm here would be the whole gain lost."""
    text = (
        "source:\n  outlet: WLBT & Clarion-Ledger\n  note: 'Says: \"no comment\"'\n"
        "statements:\n  - kind: quote\n    speaker: anthony-moore\n    said_on: 2018-03-19\n"
        "    text: >-\n      It is 10 a.m., and we said yes.\n    occurrence: 2\n"
        "figures:\n  - value: 1.5\n    unit: percent\n    as_printed: '1.5%'\n    period_end: 2019-01-02\n"
        "  - value: -3\n    note: null\n    flag: true\n    empty:\n"
    )
    assert same_as_libyaml(write(text))


# -- the committed seeds, a generated corpus, and random data as PyYAML writes it -----------------


def test_every_committed_seed_file(tmp_path: Path) -> None:
    used = 0
    paths = sorted((REPO / "seeds").rglob("*.yaml"))
    assert paths
    for path in paths:
        copy = tmp_path / "t" / "f.yaml"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, copy)
        used += same_as_libyaml(copy)
    assert used >= len(paths) // 2  # not a guard that always says no


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of 2,000 statements (100 articles), as the benchmarks generate it."""
    root = tmp_path_factory.mktemp("corpus")
    corpus.generate(root, statements=2000)
    return root


def test_every_generated_seed_file(generated: Path, tmp_path: Path) -> None:
    annotations = sorted((generated / "seeds/annotations").glob("*.yaml"))
    others = sorted(p for p in (generated / "seeds").rglob("*.yaml") if p.parent.name != "annotations")
    copy = tmp_path / "t" / "f.yaml"
    copy.parent.mkdir()
    used = 0
    for path in [*annotations, *others]:
        shutil.copyfile(path, copy)
        fast = same_as_libyaml(copy)
        used += fast and path in annotations
    assert used == len(annotations)  # every generated annotation is read by yaml-rs


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(TOKENS),
    st.text(alphabet=" :-#'\"!&*?|>[]{},.0123456789eE_+\n\t\\", max_size=12),
)
_KEYS = st.one_of(st.text(max_size=12), st.sampled_from(TOKENS), st.integers(-20, 20))
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)
_STYLES = st.fixed_dictionaries(
    {
        "default_flow_style": st.sampled_from([False, True, None]),
        "default_style": st.sampled_from([None, None, "'", '"', "|", ">"]),
        "width": st.sampled_from([12, 40, 80]),
        "indent": st.sampled_from([2, 4]),
        "allow_unicode": st.booleans(),
        "sort_keys": st.booleans(),
    }
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_DATA, style=_STYLES)
def test_random_data_as_pyyaml_writes_it(data: Any, style: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, **style)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t" / "f.yaml"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        same_as_libyaml(path)


# -- whole builds ---------------------------------------------------------------------------------


def _built(root: Path, take_snapshot: Callable[[Path], Snapshot], *, fast: bool) -> Snapshot:
    context = contextlib.nullcontext() if fast else libyaml_only()
    with context:
        build(root, force=True)
    return take_snapshot(root / "datapackage")


def test_a_build_publishes_the_same_bytes_without_yaml_rs(
    generated: Path, tmp_path: Path, take_snapshot: Callable[[Path], Snapshot]
) -> None:
    """The generated corpus, and the committed seeds, built with yaml-rs and without."""
    for name, source in (("corpus", generated), ("repo", REPO)):
        built = []
        for fast in (True, False):
            root = tmp_path / f"{name}-{fast}"
            for folder in ("seeds", "schemas", "datapackage"):
                if (source / folder).exists():
                    shutil.copytree(source / folder, root / folder)
            built.append(_built(root, take_snapshot, fast=fast))
        assert built[0] == built[1]
        assert built[0]


def test_problems_across_files_name_the_same_lines(repo: Path) -> None:
    """An id given in two annotations, a claim about nothing and a bad value: the same problems,
    lines and messages whether the files were read by yaml-rs (their lines found only then)
    or by libyaml."""
    annotation = give_an_id_twice(repo)
    assert yamlfast.fast_load(annotation) is not None  # the fast path is what is compared
    found = []
    for fast in (True, False):
        (repo / CACHE).unlink(missing_ok=True)  # each build reads every file
        with contextlib.nullcontext() if fast else libyaml_only():
            with pytest.raises(JacksonpdError) as built:
                build(repo)
            with pytest.raises(JacksonpdError) as read:
                read_seeds(repo / "seeds")
        assert built.value.problems == read.value.problems
        found.append(built.value.problems)
    assert found[0] == found[1]
    duplicates = [p for p in found[0] if p.code == "duplicate-id"]
    assert duplicates
    assert all(p.line is not None for p in duplicates)
    assert all(re.search(r"moore-mbi\.yaml:\d+;", p.expected or "") for p in duplicates)

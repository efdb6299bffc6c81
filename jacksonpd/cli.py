"""The ``jacksonpd`` command: a thin layer of click over the library.

Each command parses its arguments, makes one library call, and turns
:class:`~jacksonpd.errors.JacksonpdError` into a message on stderr and exit code 1.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import JacksonpdError

DEFAULT_PORT = 8001
#: The published folder, as ``jacksonpd.build.OUTPUT`` names it (a test holds them equal). Each
#: command imports what it needs when it runs, so ``jacksonpd extract`` starts without the build.
OUTPUT = "datapackage"

F = TypeVar("F", bound=Callable[..., Any])


def root_option(f: F) -> F:
    """The ``--root`` option shared by commands that read the repository's seeds and schemas."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        help="Folder that holds seeds/, schemas/ and datapackage/.",
    )(f)


@contextmanager
def _reported() -> Iterator[None]:
    try:
        yield
    except JacksonpdError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    except OSError as exc:  # a file the library was handed that cannot be read or written
        where = exc.filename if isinstance(exc.filename, str) else "a file"
        click.echo(f"{where}: {exc.strerror or exc} [io-error]", err=True)
        raise SystemExit(1) from None


def _show_versions(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the code's version and the version of the data package it ships."""
    if not value or ctx.resilient_parsing:
        return
    import json

    from .dataset import published_path

    try:
        data = json.loads(published_path().read_text(encoding="utf-8")).get("version", "unknown")
    except (OSError, ValueError):
        data = "not found"
    click.echo(f"jacksonpd {__version__} (the code)\ndata package {data} (the data it ships)")
    ctx.exit()


@click.group()
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_versions,
    help="Show the code's version and the shipped data package's version, and exit.",
)
def cli() -> None:
    """Open data on police transparency in Jackson, Mississippi."""


@cli.command(name="build")
@root_option
@click.option(
    "--check",
    is_flag=True,
    help=f"Publish nothing; fail if {OUTPUT}/ differs from what the seeds build.",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    default=None,
    help="Publish only officers' names released by this date (YYYY-MM-DD). "
    "Default: the latest date in the inputs.",
)
@click.option("--force", is_flag=True, help="Build even if nothing it is built from has changed.")
@click.option(
    "--since",
    metavar="REV",
    default=None,
    help="The previous release the data version and corrections are checked against: a git "
    f"revision such as a tag, or a folder. Default: {OUTPUT}/ as committed.",
)
def build_command(root: Path, check: bool, as_of: dt.datetime | None, force: bool, since: str | None) -> None:
    """Build datapackage/ from seeds/ and schemas/, validated, all or nothing.

    Every problem in the inputs is listed with its file, line and field, and the last good
    publication is left untouched.

    Example:

    \b
        jacksonpd build
        jacksonpd build --check
        jacksonpd build --as-of 2018-06-30
        jacksonpd build --since v0.3.0
    """
    if not ((root / "seeds").is_dir() and (root / "schemas").is_dir()):
        msg = (
            f"{root} is not a jacksonpd checkout (it has no seeds/ and schemas/ folders): run "
            "jacksonpd build in a clone of the repository, or give --root."
        )
        raise click.ClickException(msg)
    from .build import build

    began = time.perf_counter()
    with _reported():
        result = build(root, check=check, as_of=as_of.date() if as_of else None, force=force, since=since)
    # The wall time, as the curator waits it: stages that run at once overlap, so their sum is more.
    seconds = time.perf_counter() - began
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    if check:
        click.echo(f"{OUTPUT}/ is up to date with the seeds ({counts}).")
    elif result.skipped:
        click.echo(f"{result.path} is up to date: nothing it is built from has changed ({counts}).")
    else:
        state = f"{len(result.changed)} file(s) changed" if result.changed else "no file changed"
        kept = ""
        if result.republished is not None:  # only what changed was read and checked again
            n = result.republished
            kept = f"{n} article{'' if n == 1 else 's'} republished, the rest kept; "
        click.echo(f"Built {result.path} in {seconds:.1f} s: {kept}{counts}; {state}.")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), default=f"{OUTPUT}/datapackage.json")
def validate(path: Path) -> None:
    """Validate a published data package: schemas, keys, hashes, spans and dates.

    Without PATH, validates datapackage/ here or, outside a checkout, the package that ships
    with jacksonpd.

    Example:

    \b
        jacksonpd validate datapackage/datapackage.json
    """
    if path == Path(f"{OUTPUT}/datapackage.json") and not path.exists():
        from .dataset import published_path

        path = published_path()
    from .validate import validate_package

    with _reported():
        problems = validate_package(path)
        if problems:
            raise JacksonpdError(problems, f"{path} is not valid")
    click.echo(f"{path} is valid.")


@cli.command(name="diff")
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json lists every record added, removed or changed.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Records of each kind shown per resource in text.",
)
@click.option("--exit-code", is_flag=True, help="Exit with 1 if the packages differ, as diff(1) does.")
@root_option
def diff_command(
    old: str, new: str | None, output_format: str, limit: int, exit_code: bool, root: Path
) -> None:
    """Compare two data packages record by record: added, removed and changed, field by field.

    OLD and NEW are folders holding datapackage.json, descriptors, or git revisions of the
    checkout at --root (their datapackage/ as committed). NEW defaults to the
    datapackage/ of --root.
    Officers' names that NEW does not publish are never shown from OLD.

    \b
    Example:
        jacksonpd diff HEAD~1
        jacksonpd diff v0.2.0 datapackage --format json
    """
    import json

    from .diff import diff_packages

    with _reported():
        result = diff_packages(old, new if new is not None else root / OUTPUT, root)
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.to_text(limit))
    if exit_code and not result.unchanged:
        raise SystemExit(1)


@cli.command(name="extract")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--registry",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("seeds/registry"),
    show_default=True,
    help="Registry of people and organizations to resolve names to ids (skipped if absent).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml: a draft annotation to review; json: every finding with its offsets.",
)
def extract_command(article: Path, registry: Path, output_format: str) -> None:
    """Draft the annotation of an article: quotes, speakers, people, figures and dates.

    ARTICLE is a file in the seeds format (a " date YYYY-MM-DD <summary>" line, then
    paragraphs). Offsets in the JSON are into the body below the header line.

    Example:

    \b
        jacksonpd extract seeds/articles/2018-03-27-task-force.txt > draft.yaml
        jacksonpd extract new-article.txt --format json
    """
    import json

    from .extract import extract_article
    from .extract.draft import draft_yaml
    from .seeds.registry import read_registry

    with _reported():
        reg = None
        if (registry / "people.yaml").exists() or (registry / "organizations.yaml").exists():
            reg, problems = read_registry(registry, str(registry))
            if problems:
                raise JacksonpdError(problems, f"the registry in {registry} has problems")
        parsed, found = extract_article(article, reg)
    if output_format == "json":
        click.echo(json.dumps(found.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(draft_yaml(parsed, found), nl=False)


@cli.command(name="serve")
@root_option
@click.option(
    "-h",
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Host to listen on; 0.0.0.0 to listen on every interface.",
)
@click.option(
    "-p",
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
@click.option("--no-build", is_flag=True, help="Serve what is published without rebuilding it.")
def serve_command(root: Path, host: str, port: int, no_build: bool) -> None:
    """Browse, search and query the data in Datasette (read-only).

    Rebuilds datapackage/ first when the seeds have changed. If they have problems, those are
    listed and the last good publication is served. Outside a checkout, serves the data
    package that ships with jacksonpd.

    Example:

    \b
        jacksonpd serve --port 8001
    """
    from .build import requested_as_of
    from .serve.app import prepare, serve

    with _reported():
        folder, problem = prepare(root, rebuild=not no_build)
    if problem is not None:
        click.echo(f"{problem}\nServing the last good publication instead.", err=True)
    with _reported():
        as_of = requested_as_of(root)
    if as_of is not None:
        click.echo(
            f"Officers' names as of {as_of}, as the last `jacksonpd build --as-of` asked; "
            "`jacksonpd build` publishes them as of the latest date in the inputs.",
            err=True,
        )
    click.echo(f"Serving {folder} at http://{host}:{port}/", err=True)
    serve(folder, host=host, port=port)


@cli.group(name="import")
def import_group() -> None:
    """Import external datasets as incident seeds.

    Example:

    \b
        jacksonpd import wapo fatal-police-shootings-data.csv --city Jackson --state MS
    """


@import_group.command(name="wapo")
@click.argument("people_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--agencies",
    "agencies_csv",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The v2 agencies file (fatal-police-shootings-agencies.csv).",
)
@click.option("--city", help="Keep the incidents in this city (with --state).")
@click.option("--state", help="Keep the incidents in this state (two letters).")
@click.option("--agency", help="Keep the incidents of this agency, by its name in the agencies file.")
@root_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The incident file to write. Default: seeds/incidents/wapo-<place or agency>.yaml.",
)
def import_wapo_command(
    people_csv: Path,
    agencies_csv: Path | None,
    city: str | None,
    state: str | None,
    agency: str | None,
    root: Path,
    output: Path | None,
) -> None:
    """Import The Washington Post's Fatal Force data (v1 or v2) for a city or an agency.

    Writes an incident file into seeds/incidents/ that the next `jacksonpd build` publishes,
    with each incident's Post id, its agency (and ORI code) and the data's license.

    Example:

    \b
        jacksonpd import wapo fatal-police-shootings-data.csv \\
            --agencies fatal-police-shootings-agencies.csv --city Jackson --state MS
    """
    from .importers import import_wapo, write_incident_file
    from .seeds.article import slugify
    from .seeds.registry import read_registry

    by_place, by_agency = bool(city and state), agency is not None
    if by_place == by_agency or (by_agency and (city or state)):
        msg = "give --city and --state, or --agency (not both)"
        raise click.UsageError(msg)
    with _reported():
        registry, _ = read_registry(root / "seeds" / "registry")
        names = {o.name: o.organization_id for o in registry.organizations}
        result = import_wapo(people_csv, agencies_csv, city=city, state=state, agency=agency, registry=names)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    place = agency if agency is not None else f"{city} {state}"
    path = output or root / "seeds" / "incidents" / f"wapo-{slugify(place)}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_incident_file(result, path)
    click.echo(f"Wrote {len(result.incidents)} incident(s) and {len(result.agencies)} agency(ies) to {path}.")

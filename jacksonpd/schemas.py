"""Load ``schemas/``: one Frictionless Table Schema per resource, plus the package's fixed parts.

The schemas are the contract (DESIGN.md invariant 8): CSV columns, their order, types and
descriptions all come from here, and :func:`load_schemas` refuses a schema whose fields differ
from its record class.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from .errors import JacksonpdError, Problem
from .models import RECORD_TYPES

__all__ = ["Schemas", "load_schemas"]


@attrs.frozen(kw_only=True)
class Schemas:
    """The package descriptor's fixed parts and every resource's Table Schema, in order."""

    package: Mapping[str, Any]
    tables: Mapping[str, Mapping[str, Any]]

    def field_names(self, resource: str) -> list[str]:
        """The resource's columns, in order."""
        return [f["name"] for f in self.tables[resource]["fields"]]

    def fields(self, resource: str) -> list[Mapping[str, Any]]:
        """The resource's field descriptors, in order."""
        return list(self.tables[resource]["fields"])


def load_schemas(folder: Path, shown: str = "schemas", *, checked: bool = False) -> Schemas:
    """Read and check every schema in ``folder``; raise :class:`JacksonpdError` listing all problems.

    ``checked``: the schemas are byte for byte those that a build by this same code (and the same
    frictionless) found valid, as the short path of :mod:`jacksonpd.incremental` makes sure; their
    descriptors are not validated against the Table Schema specification again (half a second,
    with frictionless's import), and the rest of the checks are made as always."""
    problems: list[Problem] = []
    package = _read_json(folder / "datapackage.json", f"{shown}/datapackage.json", problems)
    names = list(package.get("resources", [])) if package else [cls.resource for cls in RECORD_TYPES]
    tables: dict[str, dict[str, Any]] = {}
    for name in names:
        where = f"{shown}/{name}.json"
        table = _read_json(folder / f"{name}.json", where, problems)
        if table is None:
            continue
        if not checked and not _valid_descriptor(table, where, problems):
            continue
        problems += _check_contract(name, table, where, set(names))
        tables[name] = table
    missing = {cls.resource for cls in RECORD_TYPES} - set(names)
    for name in sorted(missing):
        problems.append(
            Problem(
                code="missing-file",
                path=f"{shown}/datapackage.json",
                field="resources",
                found="no entry",
                expected=f'the resource "{name}"',
            )
        )
    if problems:
        raise JacksonpdError(problems, f"the schemas in {shown}/ have {len(problems)} problem(s)")
    return Schemas(package={k: v for k, v in (package or {}).items() if k != "resources"}, tables=tables)


def _valid_descriptor(table: dict[str, Any], where: str, problems: list[Problem]) -> bool:
    """Whether ``table`` is a Table Schema as frictionless reads the specification; if not, why
    goes into ``problems``."""
    from frictionless import Schema  # imported here: reading seeds needs no frictionless

    report = Schema.validate_descriptor(table)
    for error in report.flatten(["type", "note"]) if not report.valid else []:
        problems.append(Problem(code="schema-error", path=where, message=f"{error[0]}: {error[1]}"))
    return bool(report.valid)


#: Nesting a schema may have (the Table Schemas need 4 levels): a deeper file is refused before
#: it is parsed, since Python's JSON reader recurses once per level.
_MAX_DEPTH = 32
_BRACKETS = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> bool:
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > _MAX_DEPTH:
            return True
    return False


def _read_json(path: Path, shown: str, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        if path.is_dir() or (path.exists() and not path.is_file()):
            problems.append(Problem(code="not-a-file", path=shown, expected="a regular file"))
            return None
        text = path.read_text(encoding="utf-8")
        if _too_deep(text):
            problems.append(
                Problem(
                    code="limit-exceeded",
                    path=shown,
                    found=f"nesting deeper than {_MAX_DEPTH}",
                    expected="a Table Schema (a few levels deep)",
                )
            )
            return None
        data = json.loads(text)
    except FileNotFoundError:
        problems.append(Problem(code="missing-file", path=shown, message="this schema file is missing"))
        return None
    except OSError as exc:
        problems.append(
            Problem(code="unreadable-file", path=shown, found=exc.strerror, expected="a readable file")
        )
        return None
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                code="json-error",
                path=shown,
                line=exc.lineno,
                message=f"{exc.msg} (column {exc.colno})",
            )
        )
        return None
    except UnicodeDecodeError:
        problems.append(Problem(code="encoding-error", path=shown, expected="UTF-8"))
        return None
    if not isinstance(data, dict):
        problems.append(
            Problem(code="schema-error", path=shown, found=type(data).__name__, expected="a JSON object")
        )
        return None
    return data


def _check_contract(name: str, table: Mapping[str, Any], where: str, resources: set[str]) -> list[Problem]:
    problems = []
    if not table.get("primaryKey"):
        problems.append(
            Problem(
                code="schema-error",
                path=where,
                field="primaryKey",
                found="no primary key",
                expected="the field(s) that identify a row: every table has one",
            )
        )
    for key in ("title", "description"):
        if not table.get(key):
            problems.append(
                Problem(
                    code="schema-error",
                    path=where,
                    field=key,
                    message="every schema needs a title and a description",
                )
            )
    for field in table["fields"]:
        if not field.get("description"):
            problems.append(
                Problem(
                    code="schema-error",
                    path=where,
                    field=field["name"],
                    message="every field needs a description",
                )
            )
    for fk in table.get("foreignKeys", []):
        target = fk["reference"].get("resource", name)
        if target not in resources:
            problems.append(
                Problem(
                    code="schema-error",
                    path=where,
                    field=",".join(fk["fields"]),
                    found=f'a foreign key to "{target}"',
                    expected=f"one of the resources {', '.join(sorted(resources))}",
                )
            )
    cls = next((c for c in RECORD_TYPES if c.resource == name), None)
    if cls is not None:
        in_model = [a.name for a in attrs.fields(cls)]
        in_schema = [f["name"] for f in table["fields"]]
        if in_model != in_schema:
            problems.append(
                Problem(
                    code="model-mismatch",
                    path=where,
                    field="fields",
                    found=", ".join(in_schema),
                    expected=f"the fields of {cls.__name__}: {', '.join(in_model)}",
                )
            )
    return problems

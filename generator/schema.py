"""The tables' schema is the project's, not a pull request's.

datasets/datapackage.json describes the tables for those who download them, and a contributor may edit it.
What the generator relies on (which files hold the tables, the columns, their types, patterns and keys) is
held in generator/schema.json, beside the code that relies on it: the loader reads the tables named there and
frictionless validates them against it, and the check refuses a datapackage.json that says otherwise. Removing
an id's pattern or pointing a resource at /etc/passwd therefore changes nothing but the verdict.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .problems import Problem

EXPECTED = Path(__file__).resolve().parent / "schema.json"
RESOURCE_KEYS = ("name", "path", "format", "mediatype", "encoding")  # the rest (title, description) is the descriptor's own
FIELD_KEYS = ("name", "type", "format", "constraints")
SCHEMA_KEYS = ("primaryKey", "foreignKeys")


@cache
def resources() -> tuple[dict, ...]:
    return tuple(json.loads(EXPECTED.read_text(encoding="utf-8"))["resources"])


def contract(resource: object) -> dict:
    """The parts of a resource the generator relies on."""
    if not isinstance(resource, dict):
        return {"not a resource": repr(resource)[:80]}
    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    fields = schema.get("fields") if isinstance(schema.get("fields"), list) else []
    return {
        **{key: resource[key] for key in RESOURCE_KEYS if key in resource},
        "schema": {
            "fields": [{k: f[k] for k in FIELD_KEYS if k in f} if isinstance(f, dict) else f for f in fields],
            **{key: schema[key] for key in SCHEMA_KEYS if key in schema},
        },
    }


def differences(descriptor: object, shown: str) -> Iterable[Problem]:
    """Where datasets/datapackage.json departs from the schema the generator is written for, one message each."""
    found = descriptor.get("resources") if isinstance(descriptor, dict) else None
    found = found if isinstance(found, list) else []
    by_name = {r.get("name"): contract(r) for r in found if isinstance(r, dict)}
    told = "generator/schema.json"
    for expected in resources():
        name = expected["name"]
        have = by_name.pop(name, None)
        if have is None:
            yield Problem(shown, 1, "resources", f"the table {name} is missing; the generator reads it from {expected['path']}")
            continue
        for key in RESOURCE_KEYS:
            if have.get(key) != expected.get(key):
                yield Problem(shown, 1, f"{name}: {key}", f"is {have.get(key)!r}, but the generator reads {expected.get(key)!r} ({told})")
        fields = {f.get("name"): f for f in have["schema"]["fields"] if isinstance(f, dict)}
        names = [f.get("name") for f in have["schema"]["fields"] if isinstance(f, dict)]
        if names != [f["name"] for f in expected["schema"]["fields"]]:
            yield Problem(shown, 1, f"{name}: fields", f"the columns must be {', '.join(f['name'] for f in expected['schema']['fields'])} ({told})")
        for column in expected["schema"]["fields"]:
            mine = fields.get(column["name"])
            if mine is not None and mine != column:
                changed = sorted(k for k in FIELD_KEYS if mine.get(k) != column.get(k))
                yield Problem(shown, 1, f"{name}.{column['name']}", f"its {', '.join(changed)} differ from what the generator expects ({told}): "
                              f"{json.dumps({k: column.get(k) for k in changed}, ensure_ascii=False)}")
        for key in SCHEMA_KEYS:
            if have["schema"].get(key) != expected["schema"].get(key):
                yield Problem(shown, 1, f"{name}: {key}", f"differs from what the generator expects ({told}): {json.dumps(expected['schema'].get(key))}")
    for name in by_name:
        yield Problem(shown, 1, "resources", f"{str(name)[:80]!r} is not a table of the atlas; a new table is a change to the generator ({told})")
    if not found:
        yield Problem(shown, 1, "resources", "must list the atlas's tables")

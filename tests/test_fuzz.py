"""Random and mutated CSV, JSON, YAML and Markdown into the loaders and the checker: the answer is always a
clean pass or `path:line` messages with exit status 1, quickly, with nothing written; never a traceback."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.__main__ import main

# No shrinking: a failing example is reported as drawn, rather than after minutes of search.
# CI runs a fixed dozen examples a test; FUZZ_EXAMPLES=500 runs a longer, random search by hand.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
SETTINGS = settings(max_examples=EXAMPLES or 12, deadline=None, derandomize=not EXAMPLES, database=None,
                    suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
TABLES = ["providers", "regions", "events", "claims", "sources", "sdk_exceptions"]
NASTY = ["\ufeff", "\x00", "\x0b", "\x1b", "\u2028", "\ufffd", '"', ",", "\n", "\r", "&", "*", "[", "{", "<", "---",
         "1e400", "NaN", "-0", "99999999999999999999999", "0000", "javascript&#58;", "\\", "é", "𝕏"]


@pytest.fixture(scope="module")
def atlas(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    for folder in ("datasets", "content"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("LICENSE-DATA", "CITATION.cff", "releases.json", "mkdocs.yml"):
        shutil.copy(ROOT / name, root / name)
    return root


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


def _answer(root: Path, path: str, content: bytes) -> None:
    """Write one file in the copy, check the copy in-process, and put the file back."""
    target = root / path
    original = target.read_bytes()
    target.write_bytes(content)
    try:
        before = _files(root)
        err = io.StringIO()
        started = time.monotonic()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(["--root", str(root), "--today", dt.date.today().isoformat(), "check"])
        assert time.monotonic() - started < 15, "the check took too long"
        assert status in (0, 1)
        lines = err.getvalue().splitlines()
        if status == 1:
            assert lines and lines[-1].endswith("problem(s); nothing was built."), lines
            for line in lines[:-1]:
                where, _, rest = line.partition(": ")
                assert ":" in where and where.rsplit(":", 1)[1].isdigit() and rest, line
        assert _files(root) == before, "the check wrote something"
    finally:
        target.write_bytes(original)


nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)), max_size=12).map("".join)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """The file with a few random edits: bytes inserted, deleted or replaced, or nasty text spliced in."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "splice", "truncate"]))
        if kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif kind == "splice":
            data[at:at] = draw(nasty_text).encode("utf-8", errors="surrogatepass")
        else:
            del data[at:]
    return bytes(data)


def _reshaped_csv(original: str, draw) -> str:
    """Whole-file shapes: empty, header only, a column missing or extra, a huge or deep cell, a BOM."""
    lines = original.split("\n")
    header = lines[0].split(",")
    shape = draw(st.sampled_from(["empty", "header", "missing", "extra", "huge", "bom", "blank-lines"]))
    if shape == "empty":
        return ""
    if shape == "header":
        return lines[0] + "\n"
    if shape == "missing":
        drop = draw(st.integers(0, len(header) - 1))
        return "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines)
    if shape == "extra":
        return "\n".join(line + ",extra" if line else line for line in lines)
    if shape == "huge":
        lines[1] = lines[1] + "," + "[" * draw(st.integers(1000, 50000))
        return "\n".join(lines)
    if shape == "bom":
        return "\ufeff" + original
    return "\n\n\n".join(lines)


@SETTINGS
@given(data=st.data(), table=st.sampled_from(TABLES))
def test_mutated_tables(atlas, data, table):
    path = f"datasets/{table}.csv"
    original = (ROOT / path).read_bytes()
    if data.draw(st.booleans()):
        content = data.draw(mutated(original))
    else:
        content = _reshaped_csv(original.decode("utf-8"), data.draw).encode("utf-8")
    _answer(atlas, path, content)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@SETTINGS
@given(data=st.data(), path=st.sampled_from(["datasets/datapackage.json", "releases.json"]))
def test_random_and_mutated_json(atlas, data, path):
    original = (ROOT / path).read_bytes()
    choice = data.draw(st.sampled_from(["mutated", "random", "deep"]))
    if choice == "mutated":
        content = data.draw(mutated(original))
    elif choice == "random":
        content = json.dumps(data.draw(json_values), allow_nan=True).encode("utf-8")
    else:
        content = ("[" * data.draw(st.integers(100, 100000))).encode("utf-8")
    _answer(atlas, path, content)


yaml_snippets = st.sampled_from([
    "a: &a [x, x]\nb: [*a, *a]", "summary: !!python/object/apply:os.system ['true']", "summary: [" * 500,
    "summary: {a: " * 300, "? [a]\n: b", "summary: |\n  text\n\x0b", "summary: 2026-13-45", "summary: null",
    "- a list", "summary: '''", "summary: \"\\x00\"", "summary: \"\\u003cscript\\u003e\"", "summary: ok\nsummary: twice",
    "template: ../../x.html\nsummary: s", "summary: " + "x" * 20000,
])


@SETTINGS
@given(data=st.data(), provider=st.sampled_from(["aws", "azure", "oracle-cloud"]))
def test_random_front_matter(atlas, data, provider):
    path = f"content/providers/{provider}.md"
    body = (ROOT / path).read_text(encoding="utf-8").split("---", 2)[2]
    front = data.draw(st.one_of(yaml_snippets, nasty_text))
    content = f"---\n{front}\n---{body}".encode("utf-8", errors="surrogatepass")
    _answer(atlas, path, content)


markdown_snippets = st.sampled_from([
    "[x](javascript&#58;alert(1))", "[x](java\tscript:1)", "![x](data:image/png;base64,AAAA)", "[" * 3000,
    "> " * 400 + "deep", "\n".join("    " * i + "- x" for i in range(60)), "<div>", "{: .x }", "[a][missing-source]",
    "[a]: vbscript:1", "`" * 5000, "|" * 3000, "*" * 3000 + "x" + "*" * 3000, "&#0;&#xD800;&#x110000;",
])


@SETTINGS
@given(data=st.data(), path=st.sampled_from(["content/providers/aws.md", "content/methodology.md", "content/api.md"]))
def test_random_and_mutated_markdown(atlas, data, path):
    original = (ROOT / path).read_bytes()
    if data.draw(st.booleans()):
        content = data.draw(mutated(original))
    else:
        extra = data.draw(st.lists(st.one_of(markdown_snippets, nasty_text), min_size=1, max_size=4))
        content = original + "\n".join(extra).encode("utf-8", errors="surrogatepass")
    _answer(atlas, path, content)

"""Limits on what a contributor's files may hold, so that none can break a build or reach a reader as code.

The atlas takes pull requests from strangers. Everything here answers one question about text read from
disk: can it be read (UTF-8, no byte-order mark), is it plain (no control characters), is it bounded (line
length, nesting, YAML without aliases), and do the links Markdown makes of it lead somewhere safe? Links are
judged after Markdown has rendered them, because `&#106;avascript:` or `java&#x09;script:` only become a
script address once Markdown and the browser have decoded them.
"""

from __future__ import annotations

import html
import math
import re
import signal
import threading
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

import markdown
import yaml

from .problems import Problem

# C0 controls except tab, line feed and carriage return; DEL; C1 controls. None is valid in an Atom feed
# or meaningful in a page, and a NUL or vertical tab has broken both. Also the invisible characters that
# change how text is read or parsed: the line and paragraph separators (they end a JavaScript string, and
# broke the charts' expressions), a byte-order mark inside text, and the bidirectional overrides.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
# Characters that show nothing, or nothing of their own, and so make two different texts look alike: zero-width
# space, non-joiner and joiner, the left-to-right, right-to-left and Arabic letter marks, the word joiner and
# invisible operators, the soft hyphen, the combining grapheme joiner, the Hangul and halfwidth fillers, the
# Mongolian vowel separator, Khmer's invisible vowels, variation selectors and the tag characters.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u2064\u206a-\u206f\u3164"
    "\ufe00-\ufe0f\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN")  # alphabets with letters that look alike
SAFE_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# What browsers ignore inside an address: ASCII whitespace and controls anywhere, so "java\tscript:" is a scheme.
IGNORED_IN_ADDRESS = re.compile(r"[\x00-\x20\x7f]")

MAX_LINE = 1000  # characters on one line of hand-written Markdown
MAX_INDENT = 40  # leading spaces: ten levels of nested list
MAX_DEPTH = 16  # brackets or quote markers open at once, across a paragraph
MAX_PARAGRAPH = 20_000  # characters in one paragraph: Markdown's inline parser works a paragraph at a time
MARKDOWN_SECONDS = 5  # the longest one file may take to render; a file that takes longer is refused
MAX_MARKDOWN = 200_000  # characters in one hand-written file
MAX_FRONT_MATTER = 10_000  # characters of YAML front matter
MAX_CSV_LINE = 4000  # characters on one line of a table
MAX_ROWS = 50_000  # rows in one table: a hundred times today's largest, and far below what a page or GitHub Pages can hold
MAX_INTEGER = 1_000_000_000  # a zone or region count beyond this is a typo (SQLite overflows at 2**63)
MAX_NUMBER = 1e15  # US dollars or degrees: anything larger is a typo, and infinity breaks JSON


def decode(raw: bytes, shown: str, field: str = "-") -> tuple[str | None, list[Problem]]:
    """The text of a file, or None and the problem that stops it being read, on the line where it is."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(shown, 1, field, "starts with a byte-order mark (BOM); save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start : error.start + 1].hex()
        return None, [Problem(shown, line, field, f"byte 0x{byte} in column {column} is not UTF-8; save the file as UTF-8")]
    return text, list(control_problems(text, shown, field))


def control_problems(text: str, shown: str, field: str = "-", first_line: int = 1) -> Iterable[Problem]:
    for offset, line in enumerate(text.split("\n")):
        if match := CONTROL.search(line):
            yield Problem(shown, first_line + offset, field, f"contains the control character U+{ord(match[0]):04X}; remove it")
        elif match := INVISIBLE.search(line):
            yield Problem(shown, first_line + offset, field, f"contains the invisible character U+{ord(match[0]):04X} "
                          f"({unicodedata.name(match[0], 'unnamed')}), which makes text look like other text; remove it")
        elif not unicodedata.is_normalized("NFC", line):
            yield Problem(shown, first_line + offset, field, "is not in Unicode normal form C (a letter and its accent written as two "
                          "characters); save it normalised (NFC), e.g. python -c \"import unicodedata,sys; print(unicodedata.normalize('NFC', sys.stdin.read()), end='')\"")


def mixed_script(text: str) -> str:
    """The first word that mixes letters of two look-alike alphabets (Latin "G" with Cyrillic "оо"), or ""."""
    for word in re.findall(r"\w+", text):
        scripts = {name.split(" ", 1)[0] for char in word if char.isalpha() and (name := unicodedata.name(char, ""))}
        if len(scripts & set(SCRIPTS)) > 1:
            return word
    return ""


def strings_in(value: object) -> Iterable[str]:
    """Every string in a YAML value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


class _PlainLoader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: a few hundred bytes of aliases can expand to gigabytes.
    Dates stay text: front matter is plain text, and `2026-13-45` must not crash the reading."""

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(None, None, "anchors and aliases (& and *) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def load_yaml(text: str, shown: str, first_line: int, field: str = "front matter") -> tuple[object, list[Problem]]:
    """Parse YAML that a contributor wrote; `first_line` is the file line of the text's first line."""
    if len(text) > MAX_FRONT_MATTER:
        return None, [Problem(shown, first_line, field, f"is longer than {MAX_FRONT_MATTER:,} characters")]
    try:
        return yaml.load(text, Loader=_PlainLoader), []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        reason = getattr(error, "problem", None) or str(error).split("\n")[0]
        return None, [Problem(shown, line, field, f"is not valid YAML: {reason}")]
    except RecursionError:
        return None, [Problem(shown, first_line, field, "is nested too deeply")]
    except (ValueError, TypeError, OverflowError) as error:  # a value YAML's own constructors cannot build
        return None, [Problem(shown, first_line, field, f"is not valid YAML: {error}")]


def _depth(line: str, depth: int = 0) -> tuple[int, int]:
    """(deepest nesting on the line, brackets still open at its end), counting from `depth` open before it."""
    deepest = depth
    for char in line:
        if char in "[(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "])" and depth:
            depth -= 1
    quote_markers = re.match(r"[>\s]*", line)[0].count(">")
    return max(deepest, quote_markers), depth


def size_problems(text: str, shown: str, first_line: int) -> list[Problem]:
    """Hand-written Markdown within the bounds that keep Markdown's parser fast and its output shallow.

    Brackets left open accumulate across a paragraph's lines (Markdown parses links a paragraph at a time), so
    nesting and size are counted per paragraph, not per line; a blank line ends a paragraph."""
    if len(text) > MAX_MARKDOWN:
        return [Problem(shown, first_line, "text", f"is longer than {MAX_MARKDOWN:,} characters; split the page")]
    problems = []
    open_brackets = paragraph = 0
    paragraph_start = first_line
    for offset, line in enumerate(text.split("\n")):
        where = first_line + offset
        if not line.strip():
            open_brackets = paragraph = 0
            paragraph_start = where + 1
            continue
        paragraph += len(line) + 1
        deepest, open_brackets = _depth(line, open_brackets)
        if len(line) > MAX_LINE:
            problems.append(Problem(shown, where, "text", f"the line is {len(line):,} characters long; break it (at most {MAX_LINE:,})"))
        elif len(line) - len(line.lstrip(" ")) > MAX_INDENT:
            problems.append(Problem(shown, where, "text", f"is indented more than {MAX_INDENT} spaces; nest lists less deeply"))
        elif deepest > MAX_DEPTH:
            problems.append(Problem(shown, where, "text", f"nests brackets or quotes more than {MAX_DEPTH} deep"
                                    + (f" (counting those left open since line {paragraph_start}, in the same paragraph)" if where > paragraph_start else "")))
            return problems  # the rest of the paragraph would say the same on every line
        if paragraph > MAX_PARAGRAPH:
            problems.append(Problem(shown, paragraph_start, "text", f"the paragraph is longer than {MAX_PARAGRAPH:,} characters; break it with blank lines"))
            return problems
    return problems


class _TooSlow(BaseException):  # not an Exception: Markdown must not swallow it
    pass


def _render_within(render, seconds: float):
    """render(), stopped after `seconds` where a timer can interrupt it (the main thread of a process)."""
    if threading.current_thread() is not threading.main_thread():
        return render()

    def stop(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return render()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Addresses(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction", "srcset", "poster", "data")]


def unsafe_scheme(address: str) -> str | None:
    """The scheme a browser would see in `address` (already HTML-decoded), when it is not one the atlas allows."""
    match = SCHEME.match(_cleaned(address))
    return match[1] if match and match[1] not in SAFE_SCHEMES else None


def _markdown_options(extensions: list) -> tuple[list[str], dict]:
    names, configs = [], {}
    for item in extensions:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, config in item.items():
                names.append(name)
                configs[name] = config or {}
    return names, configs


def link_problems(text: str, shown: str, first_line: int, extensions: list) -> list[Problem]:
    """Every href and src Markdown makes of `text` must be http, https, mailto or relative."""
    names, configs = _markdown_options(extensions)
    try:
        rendered = _render_within(lambda: markdown.Markdown(extensions=names, extension_configs=configs).convert(text), MARKDOWN_SECONDS)
    except _TooSlow:
        return [Problem(shown, first_line, "text", f"takes Markdown more than {MARKDOWN_SECONDS} seconds to render; "
                        "simplify it (fewer nested or unclosed brackets, shorter paragraphs)")]
    except Exception as error:  # an extension named in mkdocs.yml that is not installed, say
        return [Problem(shown, first_line, "text", f"cannot be rendered as Markdown: {error}")]
    parser = _Addresses()
    parser.feed(rendered)
    problems, after = [], {}
    for address in parser.found:
        scheme = unsafe_scheme(address)
        if scheme:
            # The same address twice is reported on its two lines, each after the last one found.
            line = _line_of(text, _cleaned(address), after.get(_cleaned(address), -1))
            after[_cleaned(address)] = line
            problems.append(Problem(shown, first_line + max(line, 0), "text",
                                    f"links to a {scheme}: address; only http, https, mailto and relative links are allowed"))
    return problems


def _cleaned(address: str) -> str:
    return IGNORED_IN_ADDRESS.sub("", html.unescape(address)).lower()


def _line_of(text: str, address: str, after: int) -> int:
    """The offset of the line, after `after`, that spells `address` once decoded as the browser would."""
    lines = text.split("\n")
    for offset in range(after + 1, len(lines)):
        if address in _cleaned(lines[offset]):
            return offset
    return after if after >= 0 else 0


def number_problem(value: str, kind: str) -> str | None:
    """Why a cell of an integer or number column cannot be stored, or None."""
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None  # frictionless reports a value that is not a number at all
    if not math.isfinite(number):
        return f"{value} is not a finite number"
    limit = MAX_INTEGER if kind == "integer" else MAX_NUMBER
    if abs(number) > limit:
        return f"{value} is too large (at most {limit:,.0f})"
    return None


# A spreadsheet opening a CSV runs a cell that starts with one of these as a formula (=HYPERLINK(...), @SUM(...),
# -2+3+cmd|...). As OWASP's guidance on CSV injection says, such a text cell is prefixed with a single quote,
# which spreadsheets show as text. Number columns are left alone: -73.9 is a longitude, not a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str, kind: str) -> str:
    return "'" + value if kind == "string" and value.startswith(FORMULA_START) else value

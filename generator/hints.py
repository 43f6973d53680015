"""What would be right: the suggestions a message adds to what is wrong.

No I/O: each function takes the wrong value and what the atlas knows, and returns the tail of a message
("; did you mean 'GB' (United Kingdom)?"), or "" when there is nothing sure to suggest.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Iterable, Mapping

import pycountry

from .dates import PartialDate

ACCEPTED_DATES = "YYYY, YYYY-MM or YYYY-MM-DD"

# Codes in everyday use that ISO 3166-1 gives to no country or to another: the United Kingdom's
# top-level domain, and the European Union's own code for Greece.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


def _quoted(values: Iterable[str]) -> str:
    items = [f"'{v}'" for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def closest(value: str, candidates: Iterable[str], count: int = 3) -> list[str]:
    """The candidates that look most like `value`, best first; none when nothing is near.

    Only those about as near as the best are kept: one clear match is suggested alone.
    """
    pool = sorted(set(candidates))
    scored = sorted(((difflib.SequenceMatcher(None, value, c).ratio(), c) for c in pool), key=lambda s: (-s[0], s[1]))
    found = [c for score, c in scored if score >= 0.6 and score >= scored[0][0] - 0.05][:count] if scored else []
    if not found and value:
        # A region id missing its provider prefix, or an id with a word too many: one ends the other.
        found = [c for c in pool if c.endswith("-" + value) or value.endswith("-" + c)][:count]
    return found


SHORT_LIST = 12  # a list this short is worth printing whole when nothing in it is close


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """'; did you mean 'aws' or 'azure'?'; every candidate when none is close and they are few; else ''."""
    pool = sorted(set(candidates))
    found = closest(value, pool)
    if found:
        return f"; did you mean {_quoted(found)}?"
    return f"; expected one of: {', '.join(pool)}" if 0 < len(pool) <= SHORT_LIST else ""


def country_candidates(value: str, names: Mapping[str, str]) -> list[str]:
    """ISO 3166-1 alpha-2 codes a contributor may have meant by `value` (a code, an alias, alpha-3 or a name)."""
    text = value.strip()
    upper = text.upper()
    if upper in COUNTRY_ALIASES and COUNTRY_ALIASES[upper] in names:
        return [COUNTRY_ALIASES[upper]]
    if upper in names and upper != text:
        return [upper]  # the right code in lower case
    if len(upper) == 2 and upper[::-1] in names:
        return [upper[::-1]]  # letters swapped: ED for DE
    try:
        entry = pycountry.countries.lookup(text)  # alpha-3, numeric, official or common name
        if entry.alpha_2 in names:
            return [entry.alpha_2]
    except LookupError:
        pass
    if len(text) > 3:
        by_name = {name.lower(): code for code, name in names.items()}
        return [by_name[n] for n in difflib.get_close_matches(text.lower(), list(by_name), n=3, cutoff=0.6)]
    return []


def country_hint(value: str, names: Mapping[str, str]) -> str:
    """'; did you mean 'GB' (United Kingdom)?', or how to find the code when nothing is close."""
    found = country_candidates(value, names)
    if found:
        named = [f"'{c}' ({names[c]})" for c in found]
        return "; did you mean " + (", ".join(named[:-1]) + " or " if len(named) > 1 else "") + named[-1] + "?"
    return "; write the country's two upper-case letters from ISO 3166-1, e.g. 'DE' for Germany"


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        return PartialDate.parse(PartialDate(year, month, day).iso()).iso()
    except ValueError:
        return None


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9


def rewritten_dates(text: str) -> list[str]:
    """Every stored form `text` may stand for, at the precision it gives: one when it is unambiguous."""
    value = text.strip().rstrip(".")
    if match := re.fullmatch(r"(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?", value):  # 2025/09/25, 2025.09
        year, month, day = (int(p) if p else None for p in match.groups())
        return [d] if (d := _iso(year, month, day)) else []
    if match := re.fullmatch(r"(\d{4})-(\d)(?:-(\d{1,2}))?", value) or re.fullmatch(r"(\d{4})-(\d{2})-(\d)", value):  # 2025-9-5
        year, month, day = (int(p) if p else None for p in match.groups())
        return [d] if (d := _iso(year, month, day)) else []
    if match := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value):  # 20250925
        return [d] if (d := _iso(*map(int, match.groups()))) else []
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value):  # 25/09/2025 or 09/25/2025
        first, second, year = map(int, match.groups())
        readings = {_iso(year, second, first), _iso(year, first, second)} - {None}
        return sorted(readings)
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{4})", value):  # 09/2025
        return [d] if (d := _iso(int(match[2]), int(match[1]))) else []
    words = re.sub(r"[,\s]+", " ", value.lower()).replace("the ", "").split()
    words = [re.sub(r"(?<=\d)(st|nd|rd|th)$", "", w.rstrip(".")) for w in words]
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    numbers = [int(w) for w in words if w.isdigit()]
    years = [n for n in numbers if n > 999]
    days = [n for n in numbers if n <= 31]
    if month and len(years) == 1 and len(words) == len(days) + 2 and len(days) <= 1:  # 25 September 2025, Sep 2025
        return [d] if (d := _iso(years[0], month, days[0] if days else None)) else []
    return []


def date_hint(text: str) -> str:
    """What would be right for a date: the real calendar, or the rewritten value when `text` can mean only one date."""
    try:
        PartialDate.parse(text)
        return ""
    except ValueError as error:
        reason = str(error)
    if " has no month " in reason:
        return "; a month runs from 01 to 12"
    if "is not a day of the calendar" in reason:
        year, month = int(text[:4]), int(text[5:7])
        return f"; {calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days"
    readings = rewritten_dates(text)
    if len(readings) == 1:
        return f"; write {readings[0]}"
    if readings:
        return f"; it could mean {' or '.join(readings)}: write the one the source means"
    return "; write the date at the precision the source gives"


# How frictionless ends its note on a value that breaks datapackage.json's date pattern.
DATE_PATTERN_NOTE = '"\\d{4}(-\\d{2}(-\\d{2})?)?"'
COUNTRY_FIELDS = ("country", "headquarters")


def date_message(text: str) -> str:
    """What is wrong with a date and what would be right; said the same whichever check finds it."""
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return f"{text} is not a real date" + date_hint(text)
    return f"{text} is not in an accepted date shape ({ACCEPTED_DATES})" + date_hint(text)


def closest_hint(value: str, names: list[str]) -> str:
    """'; did you mean 'active'?' for a misspelt status or other enum value."""
    found = closest(value, names, count=1)
    return f"; did you mean '{found[0]}'?" if found else ""


def iso_country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> the name a reader knows (the same names countries.py gives)."""
    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}

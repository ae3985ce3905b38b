"""Find time expressions and resolve them to date intervals anchored on the publication date.

Each rule is a small strategy object (a pattern and a resolver) in a registry, applied in
order; the first rule to claim a span wins, and every resolved interval records its rule.
News convention: a weekday named in a report is the most recent such day, the publication
day included ("on Saturday" in Saturday's paper is that Saturday).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from re import _parser as _regex_parser  # type: ignore[attr-defined]  # CPython's regex parser: a pattern's widest match
from typing import Final

from datelines.extract.article import starts_sentence
from datelines.extract.keywords import KeywordSet


class TimePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    ERA = "era"


class Relation(StrEnum):
    AT = "at"  # the happening falls in the interval
    SINCE = "since"  # it began then and goes on
    DURATION = "for"  # a length of time, placed against another anchor
    UNTIL = "until"  # a limit ("would not seek talks until 2028"), not when the reported thing happened


# Not frozen, for speed, like Sentence (datelines/extract/article.py): built per article and never changed.
@dataclass(slots=True, unsafe_hash=True)
class TimeExpression:
    """A time expression found in text: offsets, the interval it denotes and how it was read."""

    start: int
    end: int
    text: str
    date_start: date | None
    date_end: date | None
    precision: TimePrecision
    rule: str
    relation: Relation = Relation.AT
    duration_days: int = 0

    def __init__(
        self,
        start: int,
        end: int,
        text: str,
        date_start: date | None,
        date_end: date | None,
        precision: TimePrecision,
        rule: str,
        relation: Relation = Relation.AT,
        duration_days: int = 0,
    ) -> None:  # written out for the compiled build: see article.Sentence
        self.start = start
        self.end = end
        self.text = text
        self.date_start = date_start
        self.date_end = date_end
        self.precision = precision
        self.rule = rule
        self.relation = relation
        self.duration_days = duration_days

    @property
    def resolved(self) -> bool:
        return self.date_start is not None


MONTHS: Final = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
WEEKDAYS: Final = {name.lower(): number for number, name in enumerate(calendar.day_name)}
NUMBER_WORDS: Final = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "a few": 3,
    "few": 3,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
UNIT_DAYS: Final = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}
UNIT_PRECISION: Final = {
    "hour": TimePrecision.DAY,
    "day": TimePrecision.DAY,
    "week": TimePrecision.WEEK,
    "month": TimePrecision.MONTH,
    "year": TimePrecision.YEAR,
    "decade": TimePrecision.DECADE,
}

# Named periods: (pattern, start, end, precision). Dates are the usual historical ones.
ERAS: Final[list[tuple[str, date, date, TimePrecision]]] = [
    (r"(?:the )?Soviet (?:era|times|period|rule|years)", date(1922, 12, 30), date(1991, 12, 26), TimePrecision.ERA),
    (
        r"(?:the )?(?:collapse|fall|break-?up|dissolution) of the (?:USSR|Soviet Union)",
        date(1991, 12, 1),
        date(1991, 12, 31),
        TimePrecision.MONTH,
    ),
    (r"(?:the )?Cold War", date(1947, 3, 12), date(1991, 12, 26), TimePrecision.ERA),
    (
        r"(?:World War II|World War Two|the Second World War|WWII)",
        date(1939, 9, 1),
        date(1945, 9, 2),
        TimePrecision.ERA,
    ),
    (
        r"(?:World War I|World War One|the First World War|WWI)",
        date(1914, 7, 28),
        date(1918, 11, 11),
        TimePrecision.ERA,
    ),
    (r"(?:the )?Ottoman (?:era|period|rule|times)", date(1299, 1, 1), date(1922, 11, 1), TimePrecision.ERA),
    (r"(?:the )?(?:Covid|COVID)(?:-19)? pandemic", date(2020, 3, 11), date(2023, 5, 5), TimePrecision.ERA),
    (r"(?:the )?Arab Spring", date(2010, 12, 17), date(2012, 12, 31), TimePrecision.ERA),
]

_MONTH: Final = r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
_WEEKDAY: Final = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER: Final = r"(?P<count>\d+|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|several|hundred)"
_UNIT: Final = r"(?P<unit>hour|day|week|month|year|decade)s?"
_YEAR: Final = r"(?P<year>1[5-9]\d\d|20\d\d)"


def _month_number(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()[:4] if token.lower().startswith("sept") else token.rstrip(".").lower()[:3]]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _days_in_month(year: int, month: int) -> int:
    """What `calendar.monthrange(year, month)[1]` gives, without two interpreted calls."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _month_end(year: int, month: int) -> date:
    return date(year, month, _days_in_month(year, month))


def _shift_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, _days_in_month(year, month + 1)))


def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text, 1)


Interval = tuple[date, date, TimePrecision]

# How far before its hint (see `_HINTS`) a rule's match may begin, unless the rule says it is less.
_WINDOW_BEFORE: Final = 40


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern and the function that turns its match into an interval."""

    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], date | None], Interval | None]
    relation: Relation = Relation.AT
    needs_anchor: bool = False
    anaphoric: bool = False  # anchored on the previous resolved expression, not the publication date
    copies_previous: bool = False  # "at the time": the previous expression's whole interval
    lead: int = _WINDOW_BEFORE  # the most characters a match holds before its hint
    # Every word a match may hold before its hint, lower-cased (`_ANY_NUMBER` for a number), each followed by
    # one space; no match ends with one. Empty: not known, and the window reaches `lead` back.
    lead_words: frozenset[str] = frozenset()


def _hinted_rule(
    name: str,
    before: str,
    from_hint: str,
    resolve: Callable[[re.Match[str], date | None], Interval | None],
    needs_anchor: bool = False,
    lead_words: frozenset[str] = frozenset(),
) -> Rule:
    """A rule whose pattern is written as what may stand before its hint and what starts at the hint. Its
    window starts only as far back as `before` can reach, so the regex engine tries fewer positions
    before the match; an unbounded `before` keeps the default window."""
    widest = _regex_parser.parse(before).getwidth()[1]
    lead = min(widest, _WINDOW_BEFORE)
    return Rule(
        name, _compile(before + from_hint), resolve, needs_anchor=needs_anchor, lead=lead, lead_words=lead_words
    )


def _explicit_day(match: re.Match[str], _anchor: date | None) -> Interval | None:
    day = _safe_date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
    return (day, day, TimePrecision.DAY) if day else None


def _month_day(match: re.Match[str], anchor: date | None) -> Interval | None:
    """ "on March 3" with no year: the nearest such date, the past preferred (news reports)."""
    return _yearless_day(match, anchor, _month_number(match["month"]), int(match["day"]))


# Holidays on a fixed day, named in news in place of the date ("struck on New Year's Day").
HOLIDAYS: Final = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "boxing day": (12, 26),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
}


def _holiday(match: re.Match[str], anchor: date | None) -> Interval | None:
    month, day_number = HOLIDAYS[match["holiday"].lower().replace("’", "'")]
    return _yearless_day(match, anchor, month, day_number)


def _yearless_day(match: re.Match[str], anchor: date | None, month: int, day_number: int) -> Interval | None:
    """The nearest such day to the report, the past preferred, unless the sentence looks ahead."""
    if anchor is None:
        return None
    candidates = [_safe_date(year, month, day_number) for year in range(anchor.year - 1, anchor.year + 2)]
    valid = [day for day in candidates if day is not None]
    if not valid:
        return None
    if _looks_ahead(match.string, match.start()):
        coming = [day for day in valid if day >= anchor]  # "closed until at least May 30", "will vote on June 9"
        if coming:
            return min(coming), min(coming), TimePrecision.DAY
    past = [day for day in valid if day <= anchor + _A_WEEK]
    chosen = max(past) if past else min(valid)
    return chosen, chosen, TimePrecision.DAY


# Words just before a date without a year that put it ahead of the report: "until (at least)", "will … on".
_FUTURE_BEFORE: Final = re.compile(
    r"(?i:\b(?:until|till|through|will|shall|scheduled|due|expected|set to|plans? to|planned)\b[^.;!?]*$)"
)
_FUTURE_WORDS: Final = ("until", "till", "through", "will", "shall", "scheduled", "due", "expected", "set to", "plan")
# The spans of up to two weeks, made once: `timedelta(days=n)` with its keyword costs a few thousand
# instructions each time, where the resolvers below need one or two per expression.
_DAYS: Final = tuple(timedelta(days=days) for days in range(15))
_A_WEEK: Final = _DAYS[7]


def _looks_ahead(text: str, start: int) -> bool:
    """Whether `_FUTURE_BEFORE` finds its words in the 40 characters before `start`. It is searched for only
    when one of them stands there: the search tries every position, and most dates follow none of them.
    A window holding other characters than ASCII's goes to the regex, whose case-insensitive matching knows
    more letters ("ſ" is "s")."""
    window = text[max(0, start - 40) : start]
    lowered = window.lower()
    return (not window.isascii() or any(word in lowered for word in _FUTURE_WORDS)) and (
        _FUTURE_BEFORE.search(text, max(0, start - 40), start) is not None
    )


def _month_year(match: re.Match[str], _anchor: date | None) -> Interval:
    year, month = int(match["year"]), _month_number(match["month"])
    return date(year, month, 1), _month_end(year, month), TimePrecision.MONTH


_PART_OF_MONTH: Final = {"early": (1, 10), "mid": (11, 20), "mid-": (11, 20), "late": (21, 31)}


def _month(match: re.Match[str], anchor: date | None) -> Interval | None:
    """ "in February", "last May", "since January", "late March": a month named without a year.

    "last/past" is the latest such month before the current one, "next" the first after it,
    "this" the current year's; a bare name is the nearest occurrence, the past preferred (a
    coming month must be twice as near: "in October" in September is still to come).
    """
    if anchor is None:
        return None
    month = _month_number(match["month"])
    qualifier = (match["qualifier"] or "").lower()
    current = anchor.year * 12 + anchor.month - 1
    if qualifier in ("last", "past"):
        index = current - ((current - (month - 1)) % 12 or 12)
    elif qualifier == "next":
        index = current + (((month - 1) - current) % 12 or 12)
    elif qualifier == "this":
        index = anchor.year * 12 + month - 1
    else:
        back = (current - (month - 1)) % 12
        forward = ((month - 1) - current) % 12
        since = match.group(0).lower().startswith(("since", "ever since"))  # "since January": always the past
        index = current - back if since or back <= 2 * forward else current + forward
    year, month_number = divmod(index, 12)
    first, last = date(year, month_number + 1, 1), _month_end(year, month_number + 1)
    part = _PART_OF_MONTH.get((match["part"] or "").lower())
    if part:
        first, last = first.replace(day=part[0]), min(last, first.replace(day=min(part[1], last.day)))
    return first, last, TimePrecision.MONTH


def _iso_day(match: re.Match[str], _anchor: date | None) -> Interval | None:
    day = _safe_date(int(match["year"]), int(match["month_number"]), int(match["day"]))
    return (day, day, TimePrecision.DAY) if day else None


_NUMERIC_DATE: Final = r"(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})"
_NUMERIC_DATES: Final = re.compile(r"(?<![\d/])" + _NUMERIC_DATE + r"(?![\d/])")


def _numeric_day(match: re.Match[str], _anchor: date | None) -> Interval | None:
    """ "19/04/2018", "4/19/2018": day first unless the text shows month first (a second number
    over 12 in any of its numeric dates, none with a first one over 12). Most of the world writes
    the day first; US prose seldom writes numeric dates at all."""
    first, second = int(match["first"]), int(match["second"])
    if first > 12 or second > 12:
        day_first = first > 12
    else:
        others = [(int(other["first"]), int(other["second"])) for other in _NUMERIC_DATES.finditer(match.string)]
        day_first = not any(b > 12 for _a, b in others) or any(a > 12 for a, _b in others)
    day, month = (first, second) if day_first else (second, first)
    found = _safe_date(int(match["year"]), month, day)
    return (found, found, TimePrecision.DAY) if found else None


def _weekday(match: re.Match[str], anchor: date | None) -> Interval | None:
    if anchor is None:
        return None
    target = WEEKDAYS[match["weekday"].lower()]
    qualifier = (match["qualifier"] or "").lower()
    weekday = anchor.weekday()
    back = (weekday - target) % 7
    if qualifier == "last" and back == 0:
        back = 7
    if qualifier == "next":
        forward = (target - weekday) % 7 or 7
        day = anchor + _DAYS[forward]
    else:
        day = anchor - _DAYS[back]
    return day, day, TimePrecision.DAY


def _relative_day(match: re.Match[str], anchor: date | None) -> Interval | None:
    if anchor is None:
        return None
    word = match.group(0).lower()
    if "yesterday" in word or "last night" in word:
        day = anchor - _DAYS[1]
        return day, day, TimePrecision.DAY
    if "tomorrow" in word:
        day = anchor + _DAYS[1]
        return day, day, TimePrecision.DAY
    if "overnight" in word:
        return anchor - _DAYS[1], anchor, TimePrecision.DAY
    return anchor, anchor, TimePrecision.DAY


def _relative_period(match: re.Match[str], anchor: date | None) -> Interval | None:
    if anchor is None:
        return None
    which, unit = match["which"].lower(), match["period"].lower()
    if unit == "week":
        monday = anchor - _DAYS[anchor.weekday()]
        if which == "this" or which == "earlier this":
            return monday, anchor, TimePrecision.WEEK
        if which == "next":
            return monday + _DAYS[7], monday + _DAYS[13], TimePrecision.WEEK
        return monday - _DAYS[7], monday - _DAYS[1], TimePrecision.WEEK
    if unit == "month":
        first = anchor.replace(day=1)
        if which in ("this", "earlier this"):
            return first, anchor, TimePrecision.MONTH
        if which == "next":
            following = _shift_months(first, 1)
            return following, _shift_months(first, 2) - _DAYS[1], TimePrecision.MONTH
        previous = _shift_months(first, -1)
        return previous, first - _DAYS[1], TimePrecision.MONTH
    first = anchor.replace(month=1, day=1)
    if which in ("this", "earlier this"):
        return first, anchor, TimePrecision.YEAR
    if which == "next":
        return first.replace(year=anchor.year + 1), date(anchor.year + 1, 12, 31), TimePrecision.YEAR
    return first.replace(year=anchor.year - 1), date(anchor.year - 1, 12, 31), TimePrecision.YEAR


def _ago(match: re.Match[str], anchor: date | None) -> Interval | None:
    if anchor is None:
        return None
    unit = match["unit"].lower()
    amount = _count(match["count"])
    if unit == "month":
        day = _shift_months(anchor, -amount)
    elif unit in ("year", "decade"):
        day = (
            anchor.replace(year=anchor.year - amount * (10 if unit == "decade" else 1))
            if not (anchor.month == 2 and anchor.day == 29)
            else date(anchor.year - amount, 2, 28)
        )
    else:
        day = anchor - timedelta(days=round(amount * UNIT_DAYS[unit]))
    precision = UNIT_PRECISION[unit]
    kept = (TimePrecision.YEAR, TimePrecision.MONTH, TimePrecision.WEEK)
    return _spanning(day, precision if precision in kept else TimePrecision.DAY)


def _after_previous(match: re.Match[str], anchor: date | None) -> Interval | None:
    """ "a day after", "two weeks later", "the next day": counted from the previous happening.

    After a comma, "X on Wednesday, a day after a boat capsized" dates what follows "after"
    (the capsizing): that is a day *before* the happening just dated."""
    if anchor is None:
        return None
    unit = (match["unit"] or match["next"]).lower()
    amount = _count(match["count"]) if match["count"] else 1
    if _dates_what_follows(match):
        amount = -amount
    day = _shift_months(anchor, amount) if unit == "month" else anchor + timedelta(days=round(amount * UNIT_DAYS[unit]))
    return _spanning(day, TimePrecision.DAY if unit == "day" else UNIT_PRECISION[unit])


def _spanning(day: date, precision: TimePrecision) -> Interval:
    """The interval of that precision around a computed day: "two years ago" is a whole year."""
    if precision == TimePrecision.YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31), precision
    if precision == TimePrecision.MONTH:
        return day.replace(day=1), _month_end(day.year, day.month), precision
    return day, day, precision


def _dates_what_follows(match: re.Match[str]) -> bool:
    """Whether "after" dates the happening told after it, counted back from the one just dated:
    an appositive (", a day after the attack") or a clause of its own ("Milton struck two weeks
    after Hurricane Helene devastated the Southeast"). "Troops withdrew a day after the attack"
    and "A day after the vote, …" count forward from the previous happening instead."""
    text = match.string
    if not match.group(0).lower().endswith("after") or _WORD_NEXT.match(text, match.end()) is None:
        return False
    if text[max(0, match.start() - 2) : match.start()].rstrip().endswith(","):
        return True
    following = _FOLLOWING_CLAUSE.match(text, match.end())
    return following is not None and match.start() > 0 and not starts_sentence(text, match.start())


_WORD_NEXT: Final = re.compile(r" +[A-Za-z]")
# A subject and a past-tense verb right after "after": "Hurricane Helene devastated", "a boat carrying 60 people capsized".
_FOLLOWING_CLAUSE: Final = re.compile(r" +(?:[\w’'-]+ ){1,5}?(?!(?:was|were|had|has)\b)[a-z]+ed\b")


def _same_time(_match: re.Match[str], anchor: date | None) -> Interval | None:
    return None if anchor is None else (anchor, anchor, TimePrecision.DAY)


def _year_range(match: re.Match[str], _anchor: date | None) -> Interval:
    first, last = int(match["year"]), int(match["year2"])
    if last < 100:
        last = first // 100 * 100 + last
    first, last = min(first, last), max(first, last)
    return date(first, 1, 1), date(last, 12, 31), TimePrecision.YEAR


def _year(match: re.Match[str], _anchor: date | None) -> Interval:
    year = int(match["year"])
    return date(year, 1, 1), date(year, 12, 31), TimePrecision.YEAR


def _decade(match: re.Match[str], _anchor: date | None) -> Interval:
    decade = int(match["decade"])
    part = (match["part"] or "").lower()
    first, last = {"early": (0, 3), "mid": (4, 6), "mid-": (4, 6), "late": (7, 9)}.get(part, (0, 9))
    return date(decade + first, 1, 1), date(decade + last, 12, 31), TimePrecision.DECADE


def _era(start: date, end: date, precision: TimePrecision) -> Callable[[re.Match[str], date | None], Interval]:
    def resolve(_match: re.Match[str], _anchor: date | None) -> Interval:
        return start, end, precision

    return resolve


def _duration(_match: re.Match[str], _anchor: date | None) -> Interval | None:
    return None  # placed by `place_duration`, against the sentence's anchor


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_SINCE: Final = r"(?:(?P<since>(?i:(?:ever )?since |from ))|)"  # "(…|)", not "(…)?": the same, and quicker in `re`
_MONTH_LEAD: Final = r"ever since|since|from|in|during|by|until|before|after|through|throughout"
# The words each rule's pattern allows before its hint (see `Rule.lead_words`).
_ANY_NUMBER: Final = "#"
_THIS_WORDS: Final = frozenset(["earlier", "this", "last", "past", "next"])
_SINCE_WORDS: Final = frozenset(["ever", "since", "from"])
_ON_WORDS: Final = _SINCE_WORDS | {"on"}
_IN_WORDS: Final = _SINCE_WORDS | {"in", "during", "by"}
_WEEKDAY_WORDS: Final = _SINCE_WORDS | {"on", "by", "until", "before", "after", "late", "early"} | _THIS_WORDS
_DURATION_WORDS: Final = frozenset(
    ["for", "after", "over", "in", "within", "lasting", "the", "past", "last", "more", "long", _ANY_NUMBER]
    + [word for number in NUMBER_WORDS for word in number.split()]
)
RULES: Final[list[Rule]] = [
    *(
        Rule(
            f"era:{index}",
            _compile(_SINCE + r"(?i:during |under |in )?" + pattern + r"\b"),
            _era(start, end, precision),
        )
        for index, (pattern, start, end, precision) in enumerate(ERAS)
    ),
    Rule("iso-date", _compile(r"\b" + _SINCE + r"(?P<year>\d{4})-(?P<month_number>\d\d)-(?P<day>\d\d)\b"), _iso_day),
    Rule("numeric-date", _compile(r"(?<![\d/])" + _SINCE + _NUMERIC_DATE + r"(?![\d/])"), _numeric_day),
    _hinted_rule(
        "month-day-year",
        r"\b" + _SINCE + r"(?:on )?",
        _MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? " + _YEAR + r"\b",
        _explicit_day,
        lead_words=_ON_WORDS,
    ),
    _hinted_rule(
        "day-month-year",
        r"\b" + _SINCE + r"(?:on )?(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?",
        _MONTH + r",? " + _YEAR + r"\b",
        _explicit_day,
    ),
    _hinted_rule(
        "month-year",
        r"\b" + _SINCE + r"(?i:in |during |by )?",
        _MONTH + r",? " + _YEAR + r"\b",
        _month_year,
        lead_words=_IN_WORDS,
    ),
    _hinted_rule(
        "month-day",
        r"\b" + _SINCE + r"(?:on )?",
        _MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,? \d)",
        _month_day,
        needs_anchor=True,
        lead_words=_ON_WORDS,
    ),
    _hinted_rule(
        "day-month",
        r"\b" + _SINCE + r"(?:on )?(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?",
        _MONTH + r"\b(?!,? \d)",
        _month_day,
        needs_anchor=True,
    ),
    _hinted_rule(
        "holiday",
        r"\b" + _SINCE + r"(?:on )?",
        r"(?P<holiday>(?i:New Year['’]s (?:Day|Eve)|Christmas(?: Day| Eve)?|Boxing Day|Valentine['’]s Day|Halloween))\b",
        _holiday,
        needs_anchor=True,
        lead_words=_ON_WORDS,
    ),
    _hinted_rule(
        "month",
        # A leading word is required: "May God help us" and "a May election" are not dates.
        r"\b(?=(?i:"
        + _MONTH_LEAD
        + r"|last|past|this|next|early|mid|late)\b)"
        + r"(?:(?i:"
        + _MONTH_LEAD
        + r") )?"
        + r"(?:(?P<qualifier>last|past|this|next) )?(?:(?P<part>early|mid-?|late) ?)?",
        rf"(?P<month>{'|'.join(calendar.month_name[1:])})" + r"\b(?!'s|’s|\.?,? ?\d)",
        _month,
        needs_anchor=True,
    ),
    _hinted_rule(
        "weekday",
        r"\b" + _SINCE + r"(?:(?:on|by|until|before|after|from|late|early) |)(?:(?P<qualifier>last|this|next|past) |)",
        _WEEKDAY + r"(?:'s)?(?: (?:morning|afternoon|evening|night))?\b",
        _weekday,
        needs_anchor=True,
        lead_words=_WEEKDAY_WORDS,
    ),
    Rule(
        "relative-day",
        _compile(
            r"(?i:\b(?:ever since |since )?(?:earlier |late |early )?"
            r"(?:today|yesterday|tomorrow|tonight|last night|overnight|this (?:morning|afternoon|evening))\b)"
        ),
        _relative_day,
        needs_anchor=True,
        lead_words=_SINCE_WORDS | {"earlier", "late", "early", "last", "this"},
    ),
    _hinted_rule(
        "relative-period",
        r"(?i:\b(?<!the )(?P<which>earlier this|this|last|past|next) )",
        r"(?i:(?P<period>week|month|year)\b)",
        _relative_period,
        needs_anchor=True,
        lead_words=_THIS_WORDS,
    ),
    Rule(
        "after-previous",
        _compile(
            r"(?i:\b(?:(?P<count>an?|one|two|three|four|five|six|seven|\d+) (?P<unit>day|week|month|year)s? (?:after|later)|the (?:next|following) (?P<next>day|week|month|year))\b)"
        ),
        _after_previous,
        needs_anchor=True,
        anaphoric=True,
    ),
    Rule(
        "same-time",
        _compile(r"(?i:\bat the (?:same )?time\b)"),
        _same_time,
        needs_anchor=True,
        anaphoric=True,
        copies_previous=True,
    ),
    Rule("ago", _compile(r"(?i:\b" + _NUMBER + r" " + _UNIT + r" ago\b)"), _ago, needs_anchor=True),
    Rule(
        "decade",
        _compile(
            r"\b"
            + _SINCE
            + r"(?i:in |during |by )?(?i:the )?(?:(?P<part>early|mid-?|late) ?-?)?(?P<decade>1[5-9]\d0|20\d0)s\b"
        ),
        _decade,
    ),
    Rule(
        "year-range",
        _compile(
            r"\b(?:from |between )?" + _YEAR + r"(?:\s?[-–]\s?| to | and )(?P<year2>(?:1[5-9]|20)?\d\d)\b(?![-/]\d)"
        ),
        _year_range,
    ),
    _hinted_rule(
        "year",
        r"(?<![\d,.$£€-])\b" + _SINCE + r"(?i:in |during |by |of )?",
        _YEAR + r"\b(?![\d,.%]\d|-\d| (?:people|troops|km|tons|tonnes))",
        _year,
        lead_words=_IN_WORDS | {"of"},
    ),
    Rule(
        "duration",
        _compile(
            r"(?i:\b(?:for|after|over|in|within|lasting) (?:the (?:past|last) )?"
            + _NUMBER
            + r"(?: (?:more|long))? "
            + _UNIT
            + r"\b)"
        ),
        _duration,
        relation=Relation.DURATION,
        lead_words=_DURATION_WORDS,
    ),
    Rule(
        "duration-adjective",
        _compile(r"(?i:\b" + _NUMBER + r"-(?P<unit>hour|day|week|month|year)(?:-long)?\b)"),
        _duration,
        relation=Relation.DURATION,
    ),
]


# Anaphoric rules run last so that every ordinary expression can serve as their anchor.
_RULES_IN_ORDER: Final = sorted(RULES, key=lambda rule: rule.anaphoric)

# Speed: a rule's full pattern (optional "since", "on", "the early" in front) defeats the regex
# engine's first-character scan, so each rule runs only in a window around a cheap hint (a month
# name, a weekday, a year, a unit word). A hint is a regex, or a tuple of literal words that stand
# for the regex of their alternation: the engine tries every position whose letter could start a
# word, which is slow when those letters are common ones. The words are found instead in one pass of
# an Aho-Corasick automaton (`_SCANNED_WORDS`, datelines/extract/keywords.py), many times quicker.
_MONTH_HINT: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UNIT_HINT: Final = ("hour", "day", "week", "month", "year", "decade")
_ERA_HINT: Final = (
    *("Soviet", "USSR", "Cold War", "World War", "WWI", "Second World", "First World", "Ottoman", "Covid", "COVID"),
    "Arab Spring",
)
# The year and decade hints are read off the word scan's digit keys ("19", "20", "0s"; `_years`,
# `_decades`): a regex pass over the text cost as much as the whole word scan.
_YEAR_HINT: Final = r"1[5-9]\d\d|20\d\d"
_DECADE_HINT: Final = r"\d0s"
_CENTURY_KEYS: Final = ("15", "16", "17", "18", "19", "20")
_DECADE_KEY: Final = "0s"
_HINTS: Final[dict[str, str | tuple[str, ...]]] = {
    "era": _ERA_HINT,
    "iso-date": r"\d{4}-\d\d-\d\d",
    "numeric-date": r"\d/\d{1,2}/\d{4}",
    "month-day-year": _MONTH_HINT,
    "day-month-year": _MONTH_HINT,
    "month-year": _MONTH_HINT,
    "month-day": _MONTH_HINT,
    "day-month": _MONTH_HINT,
    "month": _MONTH_HINT,
    "holiday": ("New Year", "Christmas", "CHRISTMAS", "Boxing Day", "Valentine", "Halloween"),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "relative-day": (
        *("today", "Today", "yesterday", "Yesterday", "tomorrow", "Tomorrow", "tonight", "Tonight"),
        *("overnight", "Overnight", "night", "morning", "afternoon", "evening"),
    ),
    "relative-period": ("week", "month", "year"),
    "after-previous": _UNIT_HINT,
    "same-time": ("time",),
    "ago": ("ago",),
    "decade": _DECADE_HINT,
    "year-range": _YEAR_HINT,
    "year": _YEAR_HINT,
    "duration": _UNIT_HINT,
    "duration-adjective": _UNIT_HINT,
}
# A rare hint regex is scanned for only where a plain string that each of its matches contains occurs, or a
# cheap test of the text says one may.


def _has_digits_between_hyphens(text: str) -> bool:
    """Whether `-\\d\\d-` occurs (as in every ISO date), read at each hyphen: fewer than the positions a
    regex search tries."""
    at = text.find("-")
    while at >= 0:
        if text[at + 3 : at + 4] == "-" and text[at + 1 : at + 3].isdecimal():
            return True
        at = text.find("-", at + 1)
    return False


_NEEDLES: Final = {r"\d{4}-\d\d-\d\d": _has_digits_between_hyphens}
_STRING_NEEDLES: Final = {r"\d/\d{1,2}/\d{4}": "/"}
_WINDOW_AFTER: Final = 30

# Most windows hold no match (a "day" inside "Monday", a month with no year), and a window costs
# a full regex scan. A guard is what the text at the hint must look like for a match of the rule
# to contain that hint; it is a necessary condition only, so a window whose hint fails it is
# skipped without changing the result. Each assumes the hint can only sit where its comment says.

# A count and a space ("two ", "12 ", "a few ", "two more "); NUMBER_WORDS spells every count word.
_NEXT_TO_NUMBER: Final = "(?i:" + "|".join(f"(?<={word} )" for word in (*NUMBER_WORDS, "more", "long")) + r"|(?<=\d ))"
_GUARDS: Final[dict[str, str]] = {
    # The month hint can only be the start of the month itself, followed by the rest of the date.
    "month-day-year": _MONTH + r" \d{1,2}(?:st|nd|rd|th)?,? " + _YEAR,
    "day-month-year": _MONTH + r",? " + _YEAR,
    "month-year": _MONTH + r",? " + _YEAR,
    "month-day": _MONTH + r" \d",
    "day-month": r"(?<=\d )|(?<=\d of )|(?<=\d(?:st|nd|rd|th) )|(?<=\d(?:st|nd|rd|th) of )",
    # A month named alone comes straight after its leading word, qualifier or part of the month.
    "month": "(?:(?i:"
    + "|".join(f"(?<={word} )" for word in _MONTH_LEAD.split("|"))
    + r")|(?<=last )|(?<=past )|(?<=this )|(?<=next )|(?<=early)|(?<=early )|(?<=mid)|(?<=mid-)|(?<=mid )"
    + r"|(?<=mid- )|(?<=late)|(?<=late ))(?:"
    + "|".join(calendar.month_name[1:])
    + ")",
    # The unit hint is the unit itself: "last week", "two days later", "the next day", "for two
    # days", "five-day".
    "relative-period": r"(?i:(?<=this )|(?<=last )|(?<=past )|(?<=next ))",
    "after-previous": r"(?i:(?<=next )|(?<=following )|(?:day|week|month|year)s? (?:after|later))",
    "duration": _NEXT_TO_NUMBER,
    "duration-adjective": r"(?<=-)",
    "same-time": r"(?i:(?<=the )|(?<=same ))",
    "ago": "(?i:" + "|".join(f"(?<={unit} )|(?<={unit}s )" for unit in UNIT_DAYS) + ")",
    # The year hint is the first year, or a four-digit second one after its separator.
    "year-range": r"(?:1[5-9]\d\d|20\d\d)(?:\s?[-–]\s?| to | and )\d\d|(?<=[-–])|(?<=[-–]\s)|(?<= to )|(?<= and )",
    # An era's hint is one of the era words its own pattern spells.
    **{
        f"era:{index}": "|".join(word for word in _ERA_HINT if word in pattern)
        for index, (pattern, *_interval) in enumerate(ERAS)
    },
}


# What the text at a hint must show for a match of the rule to hold the hint, read before the guard without a
# regex call (each costs about 1,000 instructions): a necessary condition, as the guard is.
_NO_PRECHECK: Final = 0
_SPACE_BEFORE: Final = 1  # the rule puts a space right before the hint ("two days", "last week", "5 of May")
_HYPHEN_BEFORE: Final = 2  # "five-day"
_DIGIT_AFTER_SPACE: Final = 3  # the month, perhaps a comma, a space and a digit: the first space is the month's
_GUARD_PRECHECKS: Final[dict[str, int]] = {
    "duration": _SPACE_BEFORE,
    "relative-period": _SPACE_BEFORE,
    "ago": _SPACE_BEFORE,
    "day-month": _SPACE_BEFORE,
    "duration-adjective": _HYPHEN_BEFORE,
    "month-day-year": _DIGIT_AFTER_SPACE,
    "day-month-year": _DIGIT_AFTER_SPACE,
    "month-year": _DIGIT_AFTER_SPACE,
    "month-day": _DIGIT_AFTER_SPACE,
    "after-previous": _SPACE_BEFORE,
}


def _may_pass_guard(precheck: int, text: str, hint_start: int) -> bool:
    if precheck == _NO_PRECHECK:
        return True
    before = text[hint_start - 1 : hint_start] if hint_start else ""
    if precheck == _SPACE_BEFORE:
        return before == " "
    if precheck == _HYPHEN_BEFORE:
        return before == "-"
    space = text.find(" ", hint_start, hint_start + 11)  # _DIGIT_AFTER_SPACE: "September," and its space at most
    return space >= 0 and text[space + 1 : space + 2].isdecimal()


def _hint_group(rule: Rule) -> str:
    return "era" if rule.name.startswith("era:") else rule.name


# Each distinct hint is scanned once per text; rules that share a hint share the scan.
_HINT_PATTERNS: Final = {
    hint: re.compile(hint)
    for hint in dict.fromkeys(_HINTS.values())
    if isinstance(hint, str) and hint not in (_YEAR_HINT, _DECADE_HINT)
}
_HINT_WORDS: Final = [hint for hint in dict.fromkeys(_HINTS.values()) if isinstance(hint, tuple)]
_RULE_HINT: Final = {rule.name: _HINTS[_hint_group(rule)] for rule in RULES}
_RULE_GUARD: Final = {name: re.compile(guard) for name, guard in _GUARDS.items()}
# Each rule in the order they are tried, with its hint, guard and precheck: looked up once, not per article.
_RULE_PLANS: Final = [
    (rule, _RULE_HINT[rule.name], _RULE_GUARD.get(rule.name), _GUARD_PRECHECKS.get(rule.name, _NO_PRECHECK))
    for rule in _RULES_IN_ORDER
]

# A hint word that contains one of these anchors is read off at the anchor's occurrences, so that
# "today", "yesterday", the weekdays and "day" share one scan, as do "tonight", "overnight" and
# "night": (offset of the anchor in the word, length of the word) -> the words.
_ANCHORS: Final = ("day", "night", "omorrow")


def _split_by_anchor() -> tuple[list[str], dict[str, dict[tuple[int, int], set[str]]]]:
    """The words to scan for (anchors included), and the anchored words by anchor."""
    scanned: list[str] = []
    anchored: dict[str, dict[tuple[int, int], set[str]]] = {anchor: {} for anchor in _ANCHORS}
    for word in dict.fromkeys(word for words in _HINT_WORDS for word in words):
        anchor = next((anchor for anchor in _ANCHORS if anchor in word and anchor != word), None)
        if anchor is None:
            scanned.append(word)
        else:
            anchored[anchor].setdefault((word.index(anchor), len(word)), set()).add(word)
    return scanned + [anchor for anchor in _ANCHORS if anchor not in scanned], anchored


_SPLIT_BY_ANCHOR: Final = _split_by_anchor()
_SCANNED: Final = _SPLIT_BY_ANCHOR[0]
_ANCHORED: Final = _SPLIT_BY_ANCHOR[1]
# Every occurrence of every scanned word, overlapping ones too, from the article's one keyword pass: a
# `str.find` loop per word took four times as long.
_SCANNED_KEYS: Final = [*_SCANNED, *_CENTURY_KEYS, _DECADE_KEY]
_SCANNED_WORDS: Final = KeywordSet(_SCANNED_KEYS)

Span = tuple[int, int]


def _hint_positions(text: str) -> dict[str | tuple[str, ...], list[Span]]:
    """Spans of every hint in `text`, by hint."""
    positions: dict[str | tuple[str, ...], list[Span]] = {}
    for hint, compiled in _HINT_PATTERNS.items():
        needle = _NEEDLES.get(hint)
        string_needle = _STRING_NEEDLES.get(hint)
        if (needle is not None and not needle(text)) or (string_needle is not None and string_needle not in text):
            positions[hint] = []
        else:
            positions[hint] = [match.span() for match in compiled.finditer(text)]
    starts = _word_starts(text)
    positions[_YEAR_HINT] = _years(text, starts)
    positions[_DECADE_HINT] = _decades(text, starts)
    for words in _HINT_WORDS:
        positions[words] = _word_spans(starts, words)
    return positions


def _word_starts(text: str) -> dict[str, list[int]]:
    """Every start, overlapping ones too, of each hint word that occurs in `text`."""
    starts: dict[str, list[int]] = {}
    offset = _SCANNED_WORDS.offset
    for key, at, _end in _SCANNED_WORDS.find(text):
        starts.setdefault(_SCANNED_KEYS[key - offset], []).append(at)
    for anchor, words_at in _ANCHORED.items():
        for at in starts.get(anchor, ()):
            for (offset, length), words in words_at.items():
                word = text[at - offset : at - offset + length] if at >= offset else ""
                if word in words:
                    starts.setdefault(word, []).append(at - offset)
    return starts


def _years(text: str, starts: dict[str, list[int]]) -> list[Span]:
    """The spans `re.finditer(_YEAR_HINT, text)` gives, from where "15" to "20" start: each one two
    digits follow (`\\d` is `isdecimal`), left to right, none overlapping."""
    spans = []
    resume_at = 0
    for at in sorted(at for key in _CENTURY_KEYS for at in starts.get(key, ())):
        if at >= resume_at and at + 3 < len(text) and text[at + 2].isdecimal() and text[at + 3].isdecimal():
            spans.append((at, at + 4))
            resume_at = at + 4
    return spans


def _decades(text: str, starts: dict[str, list[int]]) -> list[Span]:
    """The spans `re.finditer(_DECADE_HINT, text)` gives: a digit, then "0s" (two such cannot overlap)."""
    return [(at - 1, at + 2) for at in starts.get(_DECADE_KEY, ()) if at and text[at - 1].isdecimal()]


def _word_spans(starts: dict[str, list[int]], words: tuple[str, ...]) -> list[Span]:
    """The spans `re.finditer("|".join(words), text)` gives: at each position the first word that
    occurs there, then on from its end."""
    found = sorted(
        (start, rank, start + len(word)) for rank, word in enumerate(words) if word in starts for start in starts[word]
    )
    spans = []
    end = 0
    for start, _rank, stop in found:
        if start >= end:
            spans.append((start, stop))
            end = stop
    return spans


def _rule_matches(
    rule: Rule, guard: re.Pattern[str] | None, precheck: int, text: str, hints: list[Span], taken: bytearray
) -> list[re.Match[str]]:
    """The rule's matches, searched only in windows around its hints (a match must contain its hint); a hint
    the rule's guard (`_RULE_PLANS` holds it and its precheck) turns away is not searched.

    A hint inside an expression found earlier is passed over: a match holding it would be dropped.
    """
    matches: dict[tuple[int, int], re.Match[str]] = {}
    for hint_start, hint_end in hints:
        if taken[hint_start] or (
            guard is not None
            and (not _may_pass_guard(precheck, text, hint_start) or guard.match(text, hint_start) is None)
        ):
            continue
        window_start = max(hint_start - rule.lead, 0)
        if rule.lead_words:
            window_start = _lead_start(text, hint_start, window_start, rule.lead_words)
        window_end = min(hint_end + _WINDOW_AFTER, len(text))
        # Matches come left to right without overlap (as `finditer` goes: no rule matches the empty
        # string), so at most one holds the hint.
        match = rule.pattern.search(text, window_start, window_end)
        while match is not None:
            span = match.span()  # one method call (each is a generic one, compiled or not)
            if span[0] > hint_start:
                break
            if hint_start < span[1]:
                matches.setdefault(span, match)
                break
            match = rule.pattern.search(text, span[1], window_end)
    if len(matches) < 2:  # most rules find one match or none: nothing to sort
        return list(matches.values())
    return [matches[span] for span in sorted(matches, key=lambda span: (span[0], span[0] - span[1]))]


def _lead_start(text: str, hint_start: int, floor: int, words: frozenset[str]) -> int:
    """Where the run of `words` (each followed by one space) that ends at the hint begins, `floor` at the
    earliest. A match that holds the hint starts there or later: what a rule allows before its hint is such a
    run. Nor can a match before the hint end inside the run (no match ends with one of the words), so the
    search from here finds what the search from `floor` finds, without trying the window's other positions."""
    start = hint_start
    while start - 2 >= floor and text[start - 1] == " ":
        word_start = start - 1
        while word_start > floor and text[word_start - 1].isalnum():
            word_start -= 1
        word = text[word_start : start - 1]
        if not (word.lower() in words or (word.isdecimal() and _ANY_NUMBER in words)):
            break
        start = word_start
    return start


# Looked up once: on Python 3.11 each `Relation.X` costs about 0.2 µs, several times per match.
_AT: Final = Relation.AT
_SINCE_THEN: Final = Relation.SINCE
_DURATION: Final = Relation.DURATION
_UNTIL: Final = Relation.UNTIL
_DAY_OR_WEEK: Final = (TimePrecision.DAY, TimePrecision.WEEK)


_OPENING_LETTERS: Final = frozenset("sSeEuUtT")


def _relation(rule: Rule, written: str, text: str, start: int) -> Relation:
    """How an expression (`written`, at `start` in `text`) relates its happening to its time."""
    if rule.relation == _DURATION:
        return rule.relation
    if written[:1] in _OPENING_LETTERS:  # "since", "ever since", "until", "till": most expressions start otherwise
        opening = written[:11].lower()
        if opening.startswith("since") or opening.startswith("ever since"):
            return _SINCE_THEN
        if opening.startswith("until ") or opening.startswith("till "):
            return _UNTIL
    return _UNTIL if _ends_with_until(text[max(0, start - 8) : start]) else _AT


def _ends_with_until(before: str) -> bool:
    """Whether `_UNTIL_BEFORE` finds "until " at the end of `before`. Every spelling ends in "l" and then
    white space, which `rstrip` reads as `\\s` does: most expressions follow something else, and a regex
    call costs about 1,000 instructions even when it fails at once."""
    stripped = before.rstrip()
    return len(stripped) < len(before) and stripped[-1:] in ("l", "L") and _UNTIL_BEFORE.search(before) is not None


_UNTIL_BEFORE: Final = re.compile(r"(?i)(?<![\w’'])(?:until|till|’til|'til)\s+$")  # not "still"


def _duration_days(match: re.Match[str]) -> int:
    unit = match["unit"].lower()
    return max(1, round(_count(match["count"]) * UNIT_DAYS[unit]))


def find_time_expressions(text: str, published: date | None) -> list[TimeExpression]:
    """Every time expression in `text`, resolved against `published` where that is needed."""
    taken = bytearray(len(text))
    found: list[TimeExpression] = []
    positions = _hint_positions(text)
    for rule, hint, guard, precheck in _RULE_PLANS:
        hints = positions[hint]
        if not hints:
            continue
        for match in _rule_matches(rule, guard, precheck, text, hints, taken):
            start, end = match.span()
            if taken.find(1, start, end) >= 0:  # a byte of an earlier expression; no slice to iterate
                continue
            written = match.group(0)
            previous = _previous_expression(found, start) if rule.anaphoric else None
            anchor = (previous.date_start if previous else published) if rule.anaphoric else published
            interval: tuple[date | None, date | None, TimePrecision] | None = (
                None if (rule.needs_anchor and anchor is None) else _resolved(rule, match, anchor)
            )
            if rule.copies_previous and previous is not None:
                interval = (previous.date_start, previous.date_end, previous.precision)
            relation = _relation(rule, written, text, start)
            if relation == _DURATION:
                unit = match["unit"].lower()
                expression = TimeExpression(
                    start,
                    end,
                    written,
                    None,
                    None,
                    UNIT_PRECISION[unit],
                    rule.name,
                    relation,
                    _duration_days(match),
                )
            elif interval is None and not rule.needs_anchor:
                continue
            else:
                date_start, date_end, precision = interval if interval else (None, None, TimePrecision.DAY)
                if relation == _SINCE_THEN and date_start and date_end and published and precision in _DAY_OR_WEEK:
                    date_end = max(date_end, published)
                expression = TimeExpression(start, end, written, date_start, date_end, precision, rule.name, relation)
            found.append(expression)
            taken[start:end] = b"\x01" * (end - start)
    found.sort(key=lambda expression: expression.start)
    return _in_the_story_year(found, published)


# "On August 24, 2016, a quake … On October 30, a quake …": a day named without a year right after
# a date of an earlier year is that story's day, not one of the year of publication.
_EXPLICIT_YEAR_RULES: Final = frozenset(["month-day-year", "day-month-year", "month-year", "iso-date", "numeric-date"])
_YEARLESS_DAY_RULES: Final = frozenset(["month-day", "day-month", "holiday"])
_STORY_REACH: Final = 200  # characters between the dated day and the one that takes its year


def _in_the_story_year(found: list[TimeExpression], published: date | None) -> list[TimeExpression]:
    if published is None:
        return found
    result: list[TimeExpression] = []
    for expression in found:
        previous = result[-1] if result else None
        if (
            expression.rule in _YEARLESS_DAY_RULES
            and expression.date_start is not None
            and previous is not None
            and previous.rule in _EXPLICIT_YEAR_RULES
            and previous.date_start is not None
            and previous.date_end is not None
            and previous.date_end.year < published.year
            and expression.start - previous.end <= _STORY_REACH
        ):
            year = previous.date_start.year
            day = _safe_date(year, expression.date_start.month, expression.date_start.day)
            if day is not None and day < previous.date_start:
                day = _safe_date(year + 1, expression.date_start.month, expression.date_start.day)
            if day is not None and day < published:
                expression = replace(expression, date_start=day, date_end=day)
        result.append(expression)
    return result


def _resolved(rule: Rule, match: re.Match[str], anchor: date | None) -> Interval | None:
    """The rule's interval, or None when it lies outside the calendar Python can hold ("3000 years ago")."""
    try:
        return rule.resolve(match, anchor)
    except (ValueError, OverflowError):
        return None


# What "the next day" counts from: a date, or the limit one was set to ("closed until March 10. The next day…").
_ANCHORING: Final = (Relation.AT, Relation.UNTIL)


def _previous_expression(found: list[TimeExpression], position: int) -> TimeExpression | None:
    """The latest resolved point-in-time expression before `position` ("since …" clauses are background)."""
    earlier = [e for e in found if e.end <= position and e.resolved and e.relation in _ANCHORING]
    return max(earlier, key=lambda expression: expression.end) if earlier else None


def place_duration(duration: TimeExpression, anchor_end: date) -> tuple[date, date, TimePrecision]:
    """A bare duration ("for nine months") read as the span that ends at the anchor."""
    precision = duration.precision
    if precision == TimePrecision.MONTH:
        months = min(max(1, round(duration.duration_days / 30)), anchor_end.year * 12 + anchor_end.month - 13)
        return _shift_months(anchor_end, -months), anchor_end, precision
    # "for 3,000 years" in an article dated before year 3000 stops at year 1.
    days = min(duration.duration_days, (anchor_end - date.min).days)
    return anchor_end - timedelta(days=days), anchor_end, precision

from datetime import date

import pytest
from regex_twins import random_texts

from datelines.extract.dates import Relation, TimePrecision, find_time_expressions

PUBLISHED = date(2023, 9, 23)  # a Saturday


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        pytest.param("announced on Saturday", "2023-09-23", "2023-09-23", "day", id="weekday-is-publication-day"),
        pytest.param("agreed on Wednesday", "2023-09-20", "2023-09-20", "day", id="weekday-most-recent"),
        pytest.param("met last Thursday", "2023-09-21", "2023-09-21", "day", id="last-weekday"),
        pytest.param("fell this week", "2023-09-18", "2023-09-23", "week", id="this-week-monday-to-publication"),
        pytest.param("shelled overnight", "2023-09-22", "2023-09-23", "day", id="overnight"),
        pytest.param("shelled since Sunday", "2023-09-17", "2023-09-23", "day", id="since-weekday-runs-to-publication"),
        pytest.param("In 2020, the war ended", "2020-01-01", "2020-12-31", "year", id="in-year-is-whole-year"),
        pytest.param("since the early 1990s", "1990-01-01", "1993-12-31", "decade", id="early-decade"),
        pytest.param("in the late 1980s", "1987-01-01", "1989-12-31", "decade", id="late-decade"),
        pytest.param("during the Soviet era", "1922-12-30", "1991-12-26", "era", id="soviet-era"),
        pytest.param("on January 1, 2024", "2024-01-01", "2024-01-01", "day", id="explicit-date"),
        pytest.param("on 7 October 2023", "2023-10-07", "2023-10-07", "day", id="day-month-year"),
        pytest.param("in March 2022", "2022-03-01", "2022-03-31", "month", id="month-year"),
        pytest.param("on Sept. 19", "2023-09-19", "2023-09-19", "day", id="month-day-no-year"),
        pytest.param("three days ago", "2023-09-20", "2023-09-20", "day", id="ago"),
        pytest.param("from 2014 to 2016", "2014-01-01", "2016-12-31", "year", id="year-range"),
        pytest.param("last year", "2022-01-01", "2022-12-31", "year", id="last-year"),
        pytest.param("more rain expected next week", "2023-09-25", "2023-10-01", "week", id="next-week"),
        pytest.param("closed the crossing in February", "2023-02-01", "2023-02-28", "month", id="month-past"),
        pytest.param("famine confirmed in August", "2023-08-01", "2023-08-31", "month", id="month-just-past"),
        pytest.param("elections due in October", "2023-10-01", "2023-10-31", "month", id="month-coming"),
        pytest.param("prices rose last September", "2022-09-01", "2022-09-30", "month", id="last-month-name"),
        pytest.param("talks resume next March", "2024-03-01", "2024-03-31", "month", id="next-month-name"),
        pytest.param("fighting in late March", "2023-03-21", "2023-03-31", "month", id="late-month"),
    ],
)
def test_expression_resolves_to_interval(text: str, start: str, end: str, precision: str) -> None:
    expressions = [e for e in find_time_expressions(text, PUBLISHED) if e.relation != Relation.DURATION]
    assert len(expressions) == 1, expressions
    expression = expressions[0]
    assert (str(expression.date_start), str(expression.date_end), expression.precision) == (start, end, precision)
    assert expression.rule  # every interval records the rule that produced it


def test_a_day_after_counts_from_the_previous_happening() -> None:
    text = "Talks opened on Monday. A day after, they collapsed."
    expressions = find_time_expressions(text, PUBLISHED)
    assert [str(e.date_start) for e in expressions] == ["2023-09-18", "2023-09-19"]
    assert expressions[1].rule == "after-previous"


def test_the_next_week_counts_from_the_previous_happening_not_the_paper() -> None:
    expressions = find_time_expressions("Talks began on Monday. The next week, they collapsed.", PUBLISHED)
    assert [(e.rule, str(e.date_start)) for e in expressions] == [
        ("weekday", "2023-09-18"),
        ("after-previous", "2023-09-25"),
    ]


def test_for_nine_months_is_a_duration_not_a_date() -> None:
    (expression,) = find_time_expressions("blocked the corridor for nine months", PUBLISHED)
    assert expression.relation == Relation.DURATION
    assert expression.precision == TimePrecision.MONTH
    assert expression.duration_days == 270


@pytest.mark.parametrize(
    "text",
    [
        "We met them.",
        "The may be late.",
        "1,200 people fled",
        "It costs $2020 now",
        "May God help us.",
        "A May election was called.",
        "the head of March Industries",
    ],
)
def test_ordinary_words_and_numbers_are_not_dates(text: str) -> None:
    assert [e for e in find_time_expressions(text, PUBLISHED) if e.relation != Relation.DURATION] == []


def test_without_publication_date_relative_expressions_stay_unresolved() -> None:
    expressions = find_time_expressions("announced on Saturday; in 2020 the war ended", None)
    by_text = {e.text.strip(): e for e in expressions}
    assert by_text["on Saturday"].date_start is None
    assert by_text["in 2020"].date_start == date(2020, 1, 1)


@pytest.mark.parametrize(
    "count",
    [
        *("a", "an", "a few", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        *("eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "several", "hundred", "12"),
        *("two more", "two long", "Three"),
    ],
)
def test_every_count_word_makes_a_duration(count: str) -> None:
    (expression,) = find_time_expressions(f"the siege went on for {count} days", PUBLISHED)
    assert (expression.rule, expression.text) == ("duration", f"for {count} days")


def test_a_day_after_an_appositive_happening_dates_that_happening_a_day_earlier() -> None:
    text = "Meloni met Scholz in Berlin on Wednesday, a day after a boat capsized off Lampedusa."
    met, capsized = find_time_expressions(text, date(2023, 10, 5))
    assert met.date_start == date(2023, 10, 4)
    assert capsized.date_start == capsized.date_end == date(2023, 10, 3)


def test_since_a_month_is_always_in_the_past() -> None:
    (since,) = find_time_expressions("Since January, more than 130,000 migrants have reached Italy.", date(2023, 10, 5))
    assert since.date_start == date(2023, 1, 1) and since.relation == Relation.SINCE


@pytest.mark.parametrize(
    "text", ["The temple was founded 3000 years ago.", "It formed 900000 days ago.", "Done 9000 years later."]
)
def test_a_date_beyond_the_calendar_is_left_unresolved_not_raised(text: str) -> None:
    (expression,) = find_time_expressions(text, date(2023, 10, 5))
    assert not expression.resolved


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The airport will remain closed until at least May 30.", date(2024, 5, 30)),
        ("Voters will go to the polls on June 9.", date(2024, 6, 9)),
        ("The ceasefire took effect on May 3.", date(2024, 5, 3)),
    ],
)
def test_a_date_without_a_year_is_ahead_only_when_the_sentence_says_so(text: str, expected: date) -> None:
    (expression,) = find_time_expressions(text, date(2024, 5, 12))
    assert expression.date_start == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Waterpower Week runs 30/04/2018 - 02/05/2018.", [date(2018, 4, 30), date(2018, 5, 2)]),
        ("The hearings are on 4/19/2018 and 5/02/2018.", [date(2018, 4, 19), date(2018, 5, 2)]),
        ("Filed on 02/05/2018.", [date(2018, 5, 2)]),
    ],
)
def test_numeric_dates_read_day_first_unless_the_text_shows_month_first(text: str, expected: list[date]) -> None:
    found = [e.date_start for e in find_time_expressions(text, date(2018, 4, 6)) if e.rule == "numeric-date"]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On August 24, 2016, a quake devastated Amatrice. On October 30, a quake near Norcia hit.",
            date(2016, 10, 30),
        ),
        ("In December 2023, talks began. On January 5, a deal was signed.", date(2024, 1, 5)),
        ("The tribunal's order of 2007 stands. As per the February 16 judgment, water flows.", date(2024, 2, 16)),
    ],
)
def test_a_day_without_a_year_takes_the_year_of_the_dated_story_just_told(text: str, expected: date) -> None:
    day = [e for e in find_time_expressions(text, date(2024, 10, 17)) if e.rule in ("month-day", "day-month")]
    assert day[0].date_start == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A quake struck Japan's Noto Peninsula on New Year's Day.", date(2024, 1, 1)),
        ("Fighting paused on Christmas Eve.", date(2023, 12, 24)),
        ("The vote is due on Valentine's Day.", date(2024, 2, 14)),
    ],
)
def test_a_fixed_holiday_is_its_day(text: str, expected: date) -> None:
    (holiday,) = [e for e in find_time_expressions(text, date(2024, 1, 2)) if e.rule == "holiday"]
    assert holiday.date_start == holiday.date_end == expected


@pytest.mark.parametrize(
    ("text", "relation"), [("talks until 2028", "until"), ("closed till May 30", "until"), ("in 2028", "at")]
)
def test_a_date_after_until_is_a_limit(text: str, relation: str) -> None:
    (expression,) = find_time_expressions(text, date(2024, 12, 2))
    assert expression.relation == relation


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        *(("Shelling went on " + phrase, "since") for phrase in ("since Monday", "ever since 2020", "Ever since May")),
        *(("It was " + phrase, "since") for phrase in ("SINCE Monday", "Since 2020")),
        *(("It stays " + phrase, "until") for phrase in ("Until March 3", "till Friday", "UNTIL 2028")),
        *(("It happened " + phrase, "at") for phrase in ("on Monday", "this week", "Tuesday", "early last year")),
    ],
)
def test_an_expression_opening_with_since_or_until_relates_its_event_so_in_any_case(text: str, relation: str) -> None:
    (expression,) = find_time_expressions(text, date(2024, 12, 2))
    assert expression.relation == relation


def test_word_hints_are_found_where_a_regex_alternation_would_find_them() -> None:
    """Word hints are scanned with an Aho-Corasick automaton; the rules rely on the spans `re.finditer` would give
    (offsets in characters, also after a character outside Latin-1)."""
    import random
    import re

    from datelines.extract.dates import _HINTS, _hint_positions

    word_hints = {hint for hint in _HINTS.values() if isinstance(hint, tuple)}
    vocabulary = [
        *sorted({word for words in word_hints for word in words}),
        " ",
        ", ",
        "s",
        "Mon",
        "to",
        "1990",
        "—",
        "“",
    ]
    generator = random.Random(11)
    for text in random_texts(generator, vocabulary, 2000, 15):
        positions = _hint_positions(text)
        for words in word_hints:
            expected = [match.span() for match in re.finditer("|".join(map(re.escape, words)), text)]
            assert positions[words] == expected, (words, text)


@pytest.mark.parametrize("text", ["for 3000 years", "for 30000 months", "for 2 months"])
def test_a_duration_reaching_before_the_calendar_stops_at_its_start(text: str) -> None:
    """A fuzz run found these raising OverflowError and ValueError for articles dated in year 1."""
    from datelines.extract.dates import place_duration

    published = date(1, 2, 1)
    (duration,) = find_time_expressions(text, published)
    start, end, _precision = place_duration(duration, published)
    assert date.min <= start <= end == published


def test_still_is_not_until_and_until_inside_an_expression_is() -> None:
    (still,) = find_time_expressions("Rescuers were still Tuesday searching the rubble.", date(2024, 3, 5))
    assert still.relation == "at"
    expressions = find_time_expressions("talks resume on Thursday, not until Friday", date(2024, 3, 5))
    assert [expression.relation for expression in expressions] == ["at", "until"]


def test_the_next_day_counts_from_a_limit_too() -> None:
    text = "The crossing would stay closed until March 10. The next day, trucks were to cross."
    expressions = find_time_expressions(text, date(2024, 3, 5))
    assert expressions[-1].date_start == date(2024, 3, 11)


def test_year_and_decade_hints_are_found_where_their_regexes_would_find_them() -> None:
    """They are read off the word scan's digit keys; the rules rely on the spans `re.finditer` would give."""
    import random
    import re

    from datelines.extract.dates import _DECADE_HINT, _YEAR_HINT, _hint_positions

    vocabulary = ["1", "2", "0", "5", "9", "19", "20", "0s", "s", " ", "-", "٣", "²", "—", "x"]
    generator = random.Random(17)
    for text in random_texts(generator, vocabulary, 3000, 12):
        positions = _hint_positions(text)
        for hint in (_YEAR_HINT, _DECADE_HINT):
            assert positions[hint] == [match.span() for match in re.finditer(hint, text)], (hint, text)


def test_rule_windows_cut_to_each_rule_s_lead_find_what_the_full_windows_find() -> None:
    """A rule written as what stands before its hint and what starts at it searches only `lead` characters
    before the hint, and only from where its lead words start; hints that fail the rule's guard (or the cheap
    check before it) are not searched at all. That must find exactly what the full window of the same rule,
    with no guard, finds at every hint."""
    import random
    from dataclasses import replace

    from datelines.extract.dates import _NO_PRECHECK, _RULE_PLANS, _WINDOW_BEFORE, RULES, _hint_positions, _rule_matches

    vocabulary = [
        *("ever since ", "since ", "from ", "on ", "in ", "during ", "by ", "of ", "the ", "until ", "before "),
        *("last ", "this ", "next ", "past ", "early ", "mid-", "late ", "earlier this ", "Earlier ", "x", ", "),
        *("Monday", "Friday's", " morning", "January", "Sept. ", "March ", "May ", "3 ", "21st ", "2024", "1990"),
        *("week", "month", "year ", "Christmas Day", "Halloween", "New Year's Eve", "-", "12 ", "\n", "é"),
        *("for ", "within ", "lasting ", "the past ", "two ", "a few ", "more ", " days", "hours", "today", "upon "),
        *("last night", "overnight", "this morning", "On ", "SINCE ", "  ", "After ", "Early ", "several ", "of "),
        *("day after", "days later", " Later", "five-", "-day", "Sept.", "September,", "Monday", "5", "ago", " to "),
    ]
    # Runs of whole words, where every lead word of every rule stands before every hint.
    words = [
        *("for the past last two a few more long 12 days hours week on since ever from Monday this morning in".split()),
        *("ago later After day-long May, 2019 Sept. 5th of and to".split()),
        *("during by of 2024 May 5 January Christmas Day today night earlier late early until before after".split()),
        *("next within lasting over x On SINCE Several".split()),
    ]
    assert any(rule.lead < _WINDOW_BEFORE for rule in RULES) and any(rule.lead_words for rule in RULES)
    generator = random.Random(11)
    texts = [
        *random_texts(generator, vocabulary, 3000, 24, fewest=1),
        *random_texts(generator, words, 3000, 12, 1, " "),
    ]
    for text in texts:
        positions = _hint_positions(text)
        for rule, hint, guard, precheck in _RULE_PLANS:
            hints = positions[hint]
            cut = _rule_matches(rule, guard, precheck, text, hints, bytearray(len(text)))
            unguarded = replace(rule, lead=_WINDOW_BEFORE, lead_words=frozenset())
            full = _rule_matches(unguarded, None, _NO_PRECHECK, text, hints, bytearray(len(text)))
            assert [m.span() for m in cut] == [m.span() for m in full], (rule.name, text)


@pytest.mark.parametrize(
    ("rule_name", "phrase"),
    [
        *(("weekday", f"{lead} Monday") for lead in ("ever since last", "since this", "from next", "on past")),
        *(("weekday", f"{lead} Monday") for lead in ("by", "until", "before", "after", "late", "since early")),
        *(("duration", phrase) for phrase in ("for the past two days", "after the last 12 days", "within two hours")),
        *(("duration", phrase) for phrase in ("over a few more weeks", "in several long years", "lasting one decade")),
        *(("relative-day", phrase) for phrase in ("ever since earlier today", "since late last night")),
        *(("relative-day", phrase) for phrase in ("early this morning", "ever since yesterday")),
        *(("relative-period", phrase) for phrase in ("earlier this week", "last month", "past year", "next week")),
        *(("year", f"{lead} 2020") for lead in ("ever since in", "from during", "by", "of", "since")),
        *(("month-day-year", f"{lead} May 5, 2020") for lead in ("ever since on", "from")),
        *(("month-year", f"{lead} May 2020") for lead in ("since during", "ever since by", "in")),
        *(("month-day", f"{lead} May 5") for lead in ("ever since on", "from")),
        *(("holiday", f"{lead} Christmas Day") for lead in ("ever since on", "from on")),
        # Rules whose guards are checked cheaply first (`_may_pass_guard`).
        *(
            ("after-previous", phrase)
            for phrase in ("a day later", "two weeks after", "the next day", "one year Later")
        ),
        *(("duration-adjective", "five-day"), ("ago", "two days ago"), ("day-month", "5th of May")),
        *(("month-day", "Sept. 5"), ("day-month-year", "5 May, 2020"), ("month-year", "September, 2020")),
    ],
)
def test_rule_lead_words_hold_every_word_the_rule_allows_before_its_hint(rule_name: str, phrase: str) -> None:
    """Each phrase is one match of its rule; its window must start where the phrase starts, whatever stands before,
    and the cheap check before its guard must let it through."""
    from dataclasses import replace

    from datelines.extract.dates import _NO_PRECHECK, _RULE_PLANS, _WINDOW_BEFORE, _hint_positions, _rule_matches

    ((rule, hint, guard, precheck),) = [plan for plan in _RULE_PLANS if plan[0].name == rule_name]
    for text in (phrase, f"Then {phrase}.", f"the on in of {phrase} then"):
        hints = _hint_positions(text)[hint]
        cut = [m.span() for m in _rule_matches(rule, guard, precheck, text, hints, bytearray(len(text)))]
        unguarded = replace(rule, lead=_WINDOW_BEFORE, lead_words=frozenset())
        full = _rule_matches(unguarded, None, _NO_PRECHECK, text, hints, bytearray(len(text)))
        assert (text.index(phrase), text.index(phrase) + len(phrase)) in cut
        assert cut == [m.span() for m in full], text


def test_no_rule_matches_the_empty_string() -> None:
    """`_rule_matches` searches on from a match's end, as `finditer` does only when no match is empty."""
    from re import _parser  # type: ignore[attr-defined]

    from datelines.extract.dates import RULES

    assert all(_parser.parse(rule.pattern.pattern).getwidth()[0] > 0 for rule in RULES)


def test_days_in_month_are_the_calendar_s() -> None:
    import calendar

    from datelines.extract.dates import _days_in_month

    assert all(
        _days_in_month(year, month) == calendar.monthrange(year, month)[1]
        for year in range(1500, 2101)
        for month in range(1, 13)
    )


def test_until_before_an_expression_is_read_as_its_regex_reads_it() -> None:
    """The check in front of the regex may only skip texts the regex would not match."""
    import random

    from datelines.extract.dates import _UNTIL_BEFORE, _ends_with_until

    pieces = [
        "until",
        "Until",
        "UNTIL",
        "till",
        "’til",
        "'til",
        "still",
        " ",
        "\u00a0",
        "\n",
        "l",
        "L",
        "x",
        "TıL",
        ",",
        "unti",
    ]
    generator = random.Random(11)
    for drawn in random_texts(generator, pieces, 5000, 5):
        before = drawn[-8:]
        assert _ends_with_until(before) == (_UNTIL_BEFORE.search(before) is not None), repr(before)
    assert _ends_with_until("ed until ")
    assert not _ends_with_until("d still ")


def test_the_check_before_the_looking_ahead_pattern_only_skips_what_it_cannot_match() -> None:
    import random

    from datelines.extract.dates import _FUTURE_BEFORE, _looks_ahead

    pieces = ["until ", "Till ", "THROUGH ", "will ", "shall ", "scheduled ", "due ", "expected ", "set to ", "x"]
    pieces += ["plans to ", "planned ", "plan to ", "stillness ", ". ", "; ", "ſhall ", "ıll ", "Wİll ", "the ", "é"]
    generator = random.Random(16)
    for text in random_texts(generator, pieces, 4000, 8):
        at = generator.randint(0, len(text))
        assert _looks_ahead(text, at) == (_FUTURE_BEFORE.search(text, max(0, at - 40), at) is not None), (text, at)


def test_digits_between_hyphens_are_found_where_the_regex_finds_them() -> None:
    import random
    import re

    from datelines.extract.dates import _has_digits_between_hyphens

    pieces = ["-", "1", "2", "٣", "x", "--", "2024-09-23", " ", "½"]
    generator = random.Random(17)
    for text in random_texts(generator, pieces, 4000, 10):
        assert _has_digits_between_hyphens(text) == (re.search(r"-\d\d-", text) is not None), repr(text)

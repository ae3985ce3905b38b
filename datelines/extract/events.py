"""Turn sentences into dated, typed events, each tied to the sentence (and clause) it came from.

One event per happening: a sentence with one time expression is one event; a sentence with
several point-in-time expressions is split at clause boundaries into one event per
expression; a repeated sentence (the lede printed twice) yields nothing the second time.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Final, TypeVar

from datelines.extract.acled import (
    NOT_IN_ACLED,
    SUB_EVENT_TYPES_BY_SLUG,
    Cue,
    find_cues,
    fits,
    negated,
    sub_event_of,
    sub_event_type,
    unnamed_actors,
)
from datelines.extract.article import Article, Sentence, matches_at, matches_in_windows, split_sentences
from datelines.extract.dates import Relation, TimeExpression, TimePrecision, place_duration
from datelines.extract.fatalities import reported_deaths
from datelines.extract.keywords import KeywordSet, Occurrence
from datelines.extract.places.names import LOCATIVE_WORDS, MentionRole, ToponymMention
from datelines.extract.taxonomy import (
    EVENT_TYPES_BY_SLUG,
    OTHER,
    EventType,
    classify_hits,
    told_what_happened,
    trigger_hits,
)
from datelines.geo.gazetteer import GazetteerEntry

# Enum members looked up once (see datelines/geo/gazetteer.py).
_DEMONYM_ROLE: Final = MentionRole.DEMONYM
_PLACE_ROLE: Final = MentionRole.PLACE
_DURATION_RELATION: Final = Relation.DURATION
_UNTIL_RELATION: Final = Relation.UNTIL
_WEEK_PRECISION: Final = TimePrecision.WEEK
_SIX_DAYS: Final = timedelta(days=6)  # made once: a timedelta call with keywords is a generic call when compiled
_FIRST_WHOLE_WEEK_END: Final = date.min + _SIX_DAYS

SUMMARY_LENGTH: Final = 160
UNDATED_RULE: Final = "undated:publication-week"
# A clause boundary: a mark and white space, or a conjunction between white space. Written to start with
# one character class, so that the regex engine skips to the candidates rather than trying every character.
_CLAUSE_BOUNDARY: Final = re.compile(r"[,;:—–\s](?:(?<=[,;:—–])\s+|(?<=\s)\s*(?:and|but|while|whereas|although|as)\s+)")
_EXTENDING_DURATION: Final = re.compile(r"(?i)^(?:for|over|lasting)\b")
_ACTOR_NOUNS: Final = (
    r"army|armed forces|forces|troops|soldiers|military|peacekeepers|separatists?|fighters|rebels|militants?|"
    r"authorities|government|officials|police|ministry|forces|navy|air force|president|prime minister|"
    r"protesters|demonstrators|residents|civilians|volunteers"
)
# "(Title) Name Surname(, …,) said": it starts with a capital, then a word start is checked
# (rather than a leading \b), so the regex engine can skip to the capitals of a clause. The word runs
# are possessive ("++"): the space after a word never lies inside it, so giving letters back is wasted.
_PERSON_SAID: Final = re.compile(
    r"([A-Z](?<!\w.)(?:[a-z]++\.? [A-Z])?[\w'’-]++ [A-Z][\w'’-]++)(?:,[^,]{3,80},)? (?:said|told|announced|emphasi[sz]ed|added|stated|warned|admitted)\b"
)
_OPENING_SAID_PERSON: Final = frozenset(["said", "told", "according to"])
_CLOSING_PERSON_SAID: Final = frozenset(
    ["said", "told", "announced", "emphasi", "added", "stated", "warned", "admitted"]
)
_SAID_PERSON: Final = re.compile(r"\b(?:said|told|according to) ((?:[A-Z][a-z]++\.? )?[A-Z][\w'’-]++ [A-Z][\w'’-]+)\b")
# Every match of the two patterns above contains one of these; a clause without any skips both. They are
# found in the article's one keyword pass (datelines/extract/keywords.py).
_SPEECH_WORDS: Final = ["said", "told", "announced", "emphasi", "added", "stated", "warned", "admitted", "according to"]
_SPEECH: Final = KeywordSet(_SPEECH_WORDS)
_ACTOR_OPENINGS: Final = frozenset(
    "sep arm for tro sol mil pea fig reb aut gov off pol min nav air pre pri pro dem res civ vol".split()
)  # the first three letters of each word `_ACTOR_AFTER_DEMONYM` may start with


def _may_name_an_actor(text: str, end: int) -> bool:
    """Whether the word after white space at `end` may open `_ACTOR_AFTER_DEMONYM` ("Russian peacekeepers"):
    its first three letters, lower-cased, open one of the pattern's words. Letters other than ASCII's go to
    the regex, whose case-insensitive matching knows more of them ("ſ" is "s")."""
    at = _end_of_white_space(text, end)  # past the pattern's 40 characters it cannot match: the regex says so
    opening = text[at : at + 3]
    return at > end and (not opening.isascii() or opening.lower() in _ACTOR_OPENINGS)


_ACTOR_AFTER_DEMONYM: Final = re.compile(r"\s+((?:separatist\s+|armed\s+)?(?:" + _ACTOR_NOUNS + r"))\b", re.I)
_T = TypeVar("_T")


# Not frozen, for speed, like Sentence (datelines/extract/article.py): built per article and never changed.
@dataclass(slots=True, unsafe_hash=True)
class Evidence:
    sentence: str
    start: int
    end: int

    def __init__(
        self, sentence: str, start: int, end: int
    ) -> None:  # written out for the compiled build: see article.Sentence
        self.sentence = sentence
        self.start = start
        self.end = end


# Not frozen, for speed, like Sentence (datelines/extract/article.py): built per article and never changed.
@dataclass(slots=True, unsafe_hash=True)
class Event:
    """One dated happening, with the evidence it was read from and how its date was read."""

    id: str
    article_id: str
    date_start: date | None
    date_end: date | None
    time_precision: TimePrecision
    event_type: str
    place_ids: tuple[str, ...]
    actors: tuple[str, ...]
    summary: str
    evidence: Evidence
    time_text: str = ""
    time_rule: str = ""
    site_inferred: bool = False
    triggers: tuple[str, ...] = field(default=(), compare=False)
    sub_event_type: str = ""  # ACLED's sub-event type (datelines/extract/acled.py); "" reads the plain type's
    type_evidence: tuple[str, ...] = ()  # the words that decided the type
    actor1: str = ""  # who acted, as ACLED's actor1; actor2 the other side (the target)
    actor2: str = ""
    fatalities: int | None = None  # the deaths the clause reports (datelines/extract/fatalities.py)

    def __init__(
        self,
        id: str,
        article_id: str,
        date_start: date | None,
        date_end: date | None,
        time_precision: TimePrecision,
        event_type: str,
        place_ids: tuple[str, ...],
        actors: tuple[str, ...],
        summary: str,
        evidence: Evidence,
        time_text: str = "",
        time_rule: str = "",
        site_inferred: bool = False,
        triggers: tuple[str, ...] = (),
        sub_event_type: str = "",
        type_evidence: tuple[str, ...] = (),
        actor1: str = "",
        actor2: str = "",
        fatalities: int | None = None,
    ) -> None:  # written out for the compiled build: see article.Sentence
        self.id = id
        self.article_id = article_id
        self.date_start = date_start
        self.date_end = date_end
        self.time_precision = time_precision
        self.event_type = event_type
        self.place_ids = place_ids
        self.actors = actors
        self.summary = summary
        self.evidence = evidence
        self.time_text = time_text
        self.time_rule = time_rule
        self.site_inferred = site_inferred
        self.triggers = triggers
        self.sub_event_type = sub_event_type
        self.type_evidence = type_evidence
        self.actor1 = actor1
        self.actor2 = actor2
        self.fatalities = fatalities

    @property
    def type(self) -> EventType:
        return EVENT_TYPES_BY_SLUG[self.event_type]

    @property
    def sub_event(self) -> str:
        """The sub-event type's slug (see `acled.sub_event_of`)."""
        return sub_event_of(self.sub_event_type, self.event_type)

    @property
    def acled_event_type(self) -> str:
        return SUB_EVENT_TYPES_BY_SLUG[self.sub_event].event_type

    @property
    def acled_sub_event_type(self) -> str:
        """ACLED's name of the sub-event type; "" for happenings ACLED does not code."""
        sub = SUB_EVENT_TYPES_BY_SLUG[self.sub_event]
        return "" if sub.event_type == NOT_IN_ACLED else sub.label


class _Clause:
    """A clause of a sentence: its span, its point in time and the durations inside it. A plain class, not
    a named tuple, whose constructor is interpreted Python even in the compiled build."""

    def __init__(
        self, start: int, end: int, time: TimeExpression | None, durations: tuple[TimeExpression, ...]
    ) -> None:
        self.start = start
        self.end = end
        self.time = time
        self.durations = durations


_CLAUSE_MARKS: Final = (",", ";", ":", "—", "–")
_CONJUNCTIONS: Final = ("and", "but", "while", "whereas", "although", "as")


def _clause_boundaries(text: str) -> list[int]:
    """Where the matches of `_CLAUSE_BOUNDARY.finditer(text)` start, found from its marks and conjunctions with
    `str.find`: the regex engine tried every white space character of the sentence. A mark and the white space
    after it; or white space, a conjunction and white space, from the run's first character (a match ends
    where a run of white space does, so none stops inside the run before a conjunction)."""
    length = len(text)
    spans: list[tuple[int, int]] = []
    for mark in _CLAUSE_MARKS:
        at = text.find(mark)
        while at >= 0:
            end = _end_of_white_space(text, at + 1)
            if end > at + 1:
                spans.append((at, end))
            at = text.find(mark, at + 1)
    for word in _CONJUNCTIONS:
        at = text.find(word)
        while at >= 0:
            after = at + len(word)
            if at and text[at - 1].isspace() and after < length and text[after].isspace():
                start = at - 1
                while start and text[start - 1].isspace():
                    start -= 1
                spans.append((start, _end_of_white_space(text, after)))
            at = text.find(word, at + 1)
    spans.sort()
    starts = []
    resume_at = 0
    for start, end in spans:
        if start >= resume_at:
            starts.append(start)
            resume_at = end
    return starts


def _end_of_white_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _clauses(sentence: Sentence, times: list[TimeExpression]) -> list[_Clause]:
    """One clause per point-in-time expression; the whole sentence when it has at most one."""
    if not times:
        return [_Clause(sentence.start, sentence.end, None, ())]
    points = [time for time in times if time.relation != _DURATION_RELATION]
    durations = tuple(time for time in times if time.relation == _DURATION_RELATION)
    # "announced on Thursday that it would not seek talks until 2028": one happening, on Thursday.
    if any(point.relation != _UNTIL_RELATION for point in points):
        points = [point for point in points if point.relation != _UNTIL_RELATION]
    if len(points) <= 1:
        return [_Clause(sentence.start, sentence.end, points[0] if points else None, durations)]
    cuts = [sentence.start + at for at in _clause_boundaries(sentence.text)]  # ascending
    clauses = []
    for index, point in enumerate(points):
        # The first clause keeps the sentence's opening: "Cyclone Remal slammed into Bangladesh and
        # India on Sunday night" is one clause, whatever the "and" inside it. The last does not take
        # the close: that is mostly attribution (", officials said in Port Sudan"), not the event.
        before = bisect_left(cuts, point.start)
        left = cuts[before - 1] if before and index else sentence.start
        after = bisect_left(cuts, point.end)
        right = cuts[after] if after < len(cuts) else sentence.end
        if index and left < points[index - 1].end:
            left = points[index - 1].end
        if index + 1 < len(points) and right > points[index + 1].start:
            right = points[index + 1].start
        inside = tuple(duration for duration in durations if left <= duration.start < right)
        clauses.append(_Clause(left, right, point, inside))
    return clauses


def _interval(clause: _Clause, published: date | None) -> tuple[date | None, date | None, TimePrecision, str, str]:
    """(start, end, precision, time text, rule) for a clause; undated news sits in its publication week."""
    extending = [duration for duration in clause.durations if _EXTENDING_DURATION.match(duration.text)]
    time = clause.time
    if time is not None and time.resolved:
        start, end, precision = time.date_start, time.date_end, time.precision
        if extending and end is not None:
            start, end, precision = place_duration(extending[0], end)
            return start, end, precision, f"{time.text}; {extending[0].text}", f"{time.rule}+{extending[0].rule}"
        return start, end, precision, time.text, time.rule
    if time is not None:
        return None, None, time.precision, time.text, f"{time.rule}:unresolved"
    if extending and published is not None:
        start, end, precision = place_duration(extending[0], published)
        return start, end, precision, extending[0].text, f"{extending[0].rule}:ending-at-publication"
    if published is None:
        return None, None, _WEEK_PRECISION, "", "undated:unresolved"
    week_start = published - _SIX_DAYS if published > _FIRST_WHOLE_WEEK_END else date.min
    return week_start, published, _WEEK_PRECISION, "", UNDATED_RULE


def _is_dateline(text: str, mention: ToponymMention) -> bool:
    """An ALL-CAPS place name opening its line ("KHARTOUM, Sudan —", "TIJUANA & SAN DIEGO"); capitals
    elsewhere are acronyms ("U.S.", "DPRK")."""
    written = mention.text
    if not written or 97 <= ord(written[-1]) <= 122 or not written.isupper():  # most names end in a-z: no call
        return False
    if sum(character.isalpha() for character in written) <= 3:
        return False
    at = mention.start - 1  # read back to the line break (not a slice of the whole line: see toponyms._opens_a_line)
    while at >= 0 and text[at] != "\n":
        if text[at].islower() or text[at].isdigit():
            return False
        at -= 1
    return True


def _locative(text: str, mention: ToponymMention) -> bool:
    """Whether the word before a mention, skipping "the" and a part of the place ("central",
    "southern"), is "in/at/near…"."""
    words = text[max(0, mention.start - 24) : mention.start].split()
    for index in range(len(words) - 1, -1, -1):  # an index, not `reversed`: mypyc makes that an iterator object
        word = words[index].lower()
        if word not in _BEFORE_A_PLACE:
            return word in LOCATIVE_WORDS
    return False


_BEFORE_A_PLACE: Final = frozenset(
    "the central northern southern eastern western northeastern northwestern "
    "southeastern southwestern downtown greater rural coastal".split()
)


def _site_first(
    clause_mentions: list[ToponymMention],
    sentence_mentions: list[ToponymMention],
    text: str,
    previous_site: GazetteerEntry | None,
) -> tuple[list[str], GazetteerEntry | None, bool]:
    """Place ids of a clause, the event's site first; the place to remember for sentences that name
    none (the site, or the town around a named building); whether the site was carried over.

    The site is a place after "in/at/near…" in the clause, else the most specific place of the
    clause or its sentence. A country that is only an agent ("brokered by Russia") does not make
    a site when an earlier sentence named a more specific one.
    """
    in_clause = {id(mention) for mention in clause_mentions}
    ordered: list[ToponymMention] = []
    index_of: dict[str, int] = {}  # place id -> its mention's index in `ordered`
    for mention in [*clause_mentions, *sentence_mentions]:
        if mention.role != _PLACE_ROLE:
            continue
        index = index_of.get(mention.entry.id)
        if index is None:
            index_of[mention.entry.id] = len(ordered)
            ordered.append(mention)
            continue
        kept = ordered[index]
        if kept is mention or _is_dateline(text, mention):
            continue
        # The place as the text uses it: "NAIROBI — … in central Nairobi", "GOMA, Democratic
        # Republic of Congo — workers in eastern Congo…"
        if _is_dateline(text, kept) or (
            _puts_it_there(text, mention, in_clause) and not _puts_it_there(text, kept, in_clause)
        ):
            ordered[index] = mention
    if not ordered:
        return ([previous_site.id], previous_site, True) if previous_site else ([], None, False)
    clause_names_a_town = any(
        not _is_broad(mention.entry) and not _is_dateline(text, mention)
        for mention in clause_mentions
        if mention.role == _PLACE_ROLE
    )

    # The dateline's city is where the reporter filed from ("BEIRUT — strikes hit southern
    # Lebanon"): the site only when the sentence names no other place, or only countries it
    # does not put the happening in ("WASHINGTON — The Senate passed aid for Ukraine and Israel").
    candidates = [mention for mention in ordered if not _is_dateline(text, mention)] or ordered
    if len(candidates) < len(ordered) and all(
        _is_broad(mention.entry) and not (id(mention) in in_clause and _locative(text, mention))
        for mention in candidates
    ):
        candidates = ordered
    site = _best_site(candidates, text, in_clause, clause_names_a_town, index_of)
    ids = [site.entry.id] + [mention.entry.id for mention in ordered if mention is not site]
    if (
        previous_site is not None
        and _is_broad(site.entry)
        and previous_site.id not in ids
        and not _locative(text, site)
        and (previous_site.country_code == site.entry.country_code or _agentive(text, site))
    ):
        return [previous_site.id, *ids], previous_site, True
    if site.entry.placed_from_text:  # a building or street: remember the town around it instead
        towns = [mention for mention in candidates if not mention.entry.placed_from_text]
        return ids, (_best_site(towns, text, in_clause, clause_names_a_town, index_of).entry if towns else None), False
    return ids, site.entry, False


def _best_site(
    mentions: list[ToponymMention], text: str, in_clause: set[int], clause_names_a_town: bool, index_of: dict[str, int]
) -> ToponymMention:
    """The first of the best-ranked mentions (`min` by `_site_rank`, as a loop the compiled build runs natively)."""
    best = mentions[0]
    if len(mentions) > 1:
        best_rank = _site_rank(best, text, in_clause, clause_names_a_town, index_of)
        for mention in mentions[1:]:
            rank = _site_rank(mention, text, in_clause, clause_names_a_town, index_of)
            if rank < best_rank:
                best, best_rank = mention, rank
    return best


def _site_rank(
    mention: ToponymMention, text: str, in_clause: set[int], clause_names_a_town: bool, index_of: dict[str, int]
) -> tuple[int, bool, bool, int, int]:
    # A named place beats a country ("at the Adre crossing from Chad": the crossing), and a
    # country a continent ("the European Union's mission took them to Djibouti"), unless the
    # country is where the clause puts the happening and the clause names no town ("workers in
    # eastern Congo began vaccinating, two weeks after doses arrived in Kinshasa"); then
    # "in/at/near" in the clause, then a place of the clause over one elsewhere in the
    # sentence, then detail.
    of_clause = id(mention) in in_clause
    in_or_at = of_clause and _locative(text, mention)
    broad = 2 if mention.entry.kind == "continent" else int(_is_broad(mention.entry))
    if broad == 1 and in_or_at and not clause_names_a_town:
        broad = 0
    return (broad, not in_or_at, not of_clause, mention.entry.geo_precision, index_of[mention.entry.id])


def _puts_it_there(text: str, mention: ToponymMention, in_clause: set[int]) -> bool:
    """Whether the clause puts its happening at the mention ("in eastern Congo")."""
    return id(mention) in in_clause and _locative(text, mention)


def _is_broad(entry: GazetteerEntry) -> bool:
    return entry.kind in ("country", "continent")


def _agentive(text: str, mention: ToponymMention) -> bool:
    """Whether the word before a mention makes it an agent or a party ("brokered by Russia",
    "talks with Armenia"), not where a thing happened."""
    words = text[max(0, mention.start - 16) : mention.start].split()
    return bool(words) and words[-1].lower() in _AGENT_WORDS


_AGENT_WORDS: Final = frozenset(["by", "with", "between", "and", "from", "to"])


def _speech_words(speech: list[Occurrence], starts: list[int], start: int, end: int) -> list[tuple[str, int]]:
    """The words of speech wholly inside start..end, and where each starts counted from `start`. `speech`
    holds the article's, in the order of their starts (`starts`)."""
    found = []
    offset = _SPEECH.offset
    for position in range(bisect_left(starts, start), len(speech)):
        key, word_start, word_end = speech[position]
        if word_start >= end:
            break
        if word_end <= end:
            found.append((_SPEECH_WORDS[key - offset], word_start - start))
    return found


def _actors(
    text: str,
    mentions: list[ToponymMention],
    offset: int,
    organisations: list[str],
    speech: list[tuple[str, int]],
) -> tuple[str, ...]:
    """Named actors of a clause: "Azerbaijani army", organisations, people who spoke (`speech`: the clause's
    words of speech, from `_speech_words`)."""
    actors: list[str] = []
    for mention in mentions:
        if mention.role == _DEMONYM_ROLE:
            end = mention.end - offset
            following = (
                _ACTOR_AFTER_DEMONYM.match(text, end, end + 40)  # as on text[end : end + 40]
                if _may_name_an_actor(text, end)
                else None
            )
            if following:
                actors.append(f"{mention.text} {following.group(1)}")
    actors += organisations
    if speech:  # neither speaker pattern can match without one
        actors += _speakers_before_their_words(text, [at for word, at in speech if word in _CLOSING_PERSON_SAID])
        actors += _speakers_after_their_words(text, [at for word, at in speech if word in _OPENING_SAID_PERSON])
    if len(actors) > 8:
        return tuple(dict.fromkeys(actors))
    unique: list[str] = []  # a clause names few: a list is quicker than `dict.fromkeys`, a generic call
    for actor in actors:
        if actor not in unique:
            unique.append(actor)
    return tuple(unique)


def _speakers_before_their_words(text: str, closings: list[int]) -> list[str]:
    """What `_PERSON_SAID.finditer(text)` finds, searched only in windows that end at one of its words of speech
    (`closings`, ascending), where the regex engine would try every capital of the clause.

    A match is a name of one to three words (two spaces at most, no other white space), perhaps a comma clause
    of 3 to 80 characters, a space and the word: it starts after the third space before the point 83
    characters ahead of its word, and ends within 11 characters of the word's start ("emphasised" and the
    character after it). Overlapping windows are merged, so every match lies inside one window and no match
    of the whole clause crosses a window's edge: each window then finds what the whole clause finds there.
    """
    windows: list[tuple[int, int]] = []
    for at in closings:
        if not _may_close_a_name(text, at):
            continue
        start = max(0, at - 83)
        for _space in range(3):
            start = text.rfind(" ", 0, start) if start > 0 else -1
            if start < 0:
                break
        windows.append((start + 1, min(len(text), at + 11)))  # after the third space (or from 0)
    return [match.group(1) for match in matches_in_windows(_PERSON_SAID, text, windows)]


def _may_close_a_name(text: str, at: int) -> bool:
    """What `_PERSON_SAID` needs before a word of speech at `at`: a space, and before it a comma (closing the
    clause after a name) or a name's last word, which opens with a capital ("Smith said", not "he said")."""
    if at < 2 or text[at - 1] != " ":
        return False
    if text[at - 2] == ",":
        return True
    word_start = at - 1
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] in _NAME_CHARACTERS):
        word_start -= 1
    return word_start < at - 1 and "A" <= text[word_start] <= "Z"


_NAME_CHARACTERS: Final = frozenset("_'’-")  # with letters and digits, what `[\w'’-]` matches


def _speakers_after_their_words(text: str, openings: list[int]) -> list[str]:
    """What `_SAID_PERSON.finditer(text)` finds, tried only where one of its opening words stands (`openings`,
    ascending), where the regex engine would try every "s", "t" and "a". No two opening words start at one place."""
    return [match.group(1) for match in matches_at(_SAID_PERSON, text, openings)]


def _single_spaced(text: str) -> str:
    """`" ".join(text.split())`: runs of white space made one space. A text whose only white space is single
    spaces needs no split: every other white space character is unprintable, and the check is quicker. An
    ASCII text (most clauses) is asked for its nine other white space characters instead, each a `memchr`,
    where `isprintable` classifies every character."""
    if "  " not in text and (
        (
            "\n" not in text
            and "\t" not in text
            and "\r" not in text
            and "\x0b" not in text
            and "\x0c" not in text
            and "\x1c" not in text
            and "\x1d" not in text
            and "\x1e" not in text
            and "\x1f" not in text
        )
        if text.isascii()
        else text.isprintable()
    ):
        return text.strip(" ")
    return " ".join(text.split())


# A wire dateline and credit before a lede ("KHARTOUM, Sudan (AP) — ", "(Reuters) - "): where the report
# was filed, not what happened, so the summary starts after it.
_DATELINE_LEAD: Final = re.compile(
    r"^(?:[A-Z][A-Z.'’ &-]{2,}(?:, [A-Z][\w.'’ -]{0,30})?\s*)?(?:\([^()]{1,30}\)\s*)?[—–-]{1,2}\s*"
)

_LEAD_OPENERS: Final = frozenset("(—–-")
_CAPITALS_RUN: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ.'’ &-")


def _may_open_with_a_dateline(text: str) -> bool:
    """What `_DATELINE_LEAD` needs at the start: two capitals, a bracket or a dash. Most clauses start
    otherwise, and a regex call costs about 1,000 instructions even when it fails at once."""
    first = text[:1]
    return first in _LEAD_OPENERS or ("A" <= first <= "Z" and text[1:2] in _CAPITALS_RUN)


def summarise(text: str, length: int = SUMMARY_LENGTH) -> str:
    """A clause as a reader's line: single-spaced, without a wire dateline ("GOMA (Reuters) —"), cut at a
    word with "…" past `length` characters."""
    text = _single_spaced(text).strip(" ,;:—–")
    lead = _DATELINE_LEAD.match(text) if _may_open_with_a_dateline(text) else None  # anchored and never empty
    if lead:
        text = text[lead.end() :]
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length - 1)
    return text[: cut if cut > length // 4 else length - 1].rstrip(" ,;:") + "…"


def _by_sentence(sentences: list[Sentence], items: list[_T], item_starts: list[int]) -> list[list[_T]]:
    """Items grouped by the sentence their start (`item_starts`, one per item) falls in, in their given order.

    One walk through sentences and items together (they come in text order), rather than every sentence
    and clause scanning every item, or a search per item.
    """
    groups: list[list[_T]] = [[] for _ in sentences]
    index = 0
    previous = 0
    for item, start in zip(items, item_starts, strict=True):
        if start < previous:
            index = 0  # out of text order: walk again from the first sentence
        previous = start
        while index < len(sentences) and sentences[index].end <= start:
            index += 1
        if index < len(sentences) and sentences[index].start <= start:
            groups[index].append(item)
    return groups


def extract_events(
    article: Article,
    times: list[TimeExpression],
    mentions: list[ToponymMention],
    organisations: list[tuple[int, int, str]] | None = None,
) -> list[Event]:
    """Events of one article from its time expressions and place mentions."""
    organisations = organisations or []
    text = article.text
    events: list[Event] = []
    previous_site: GazetteerEntry | None = None
    hits = trigger_hits(text)
    cues = find_cues(text)
    speech = sorted(_SPEECH.find(text), key=itemgetter(1))
    speech_starts = [start for _index, start, _end in speech]
    sentences = split_sentences(text)
    for sentence, sentence_times, sentence_mentions, sentence_organisations in zip(
        sentences,
        _by_sentence(sentences, times, [time.start for time in times]),
        _by_sentence(sentences, mentions, [mention.start for mention in mentions]),
        _by_sentence(sentences, organisations, [start for start, _end, _name in organisations]),
        strict=True,
    ):
        if sentence.duplicate_of is not None:
            continue
        sentence_type, sentence_triggers = classify_hits(text, hits, sentence.start, sentence.end)
        for clause in _clauses(sentence, sentence_times):
            whole = clause.start == sentence.start and clause.end == sentence.end  # clauses lie inside their sentence
            if whole:
                event_type, triggers = sentence_type, sentence_triggers
            else:
                event_type, triggers = classify_hits(text, hits, clause.start, clause.end)
            event_type = event_type or sentence_type
            sub, type_evidence, decisive = sub_event_type(text, cues, clause.start, clause.end)
            if not decisive and not whole:
                # "State TV said Thursday | that troops regained the town": the sentence's happening decides.
                in_sentence = sub_event_type(text, cues, sentence.start, sentence.end)
                if in_sentence[2] or (not sub and event_type is not None):
                    sub, type_evidence, decisive = in_sentence
            named = bool(sub) and _names_the_type(
                sub, type_evidence, decisive, event_type, triggers, text, cues, clause
            )
            if named:
                # The clause's means, target or outcome decided a type its trigger words did not: the plain label
                # follows.
                event_type = EVENT_TYPES_BY_SLUG[SUB_EVENT_TYPES_BY_SLUG[sub].plain_type]
            if event_type is None:
                if clause.time is None or _is_a_dateline(text, clause.start, clause.end):
                    continue
                event_type = EVENT_TYPES_BY_SLUG[OTHER]
            # A weak cue ("convoy", "said") that did not name the type leaves it to the trigger words.
            if not sub or not fits(sub, event_type.slug) or not (decisive or named):
                sub, type_evidence, decisive = "", tuple(triggers), False
            if event_type.slug == "statement" and clause.time is None and not decisive:
                continue  # a quote with no date is not a happening of its own
            date_start, date_end, precision, time_text, rule = _interval(clause, article.published)
            clause_text = text[clause.start : clause.end]
            clause_mentions = [mention for mention in sentence_mentions if clause.start <= mention.start < clause.end]
            place_ids, remembered, site_inferred = _site_first(clause_mentions, sentence_mentions, text, previous_site)
            # The place remembered for sentences that name none: a country replaces only another
            # country ("Asia's longest-serving leader" does not move the story out of Kuala Lumpur).
            if remembered is not None and not site_inferred and (previous_site is None or not _is_broad(remembered)):
                previous_site = remembered
            clause_organisations = [
                name for start, _end, name in sentence_organisations if clause.start <= start < clause.end
            ]
            actors = _actors(
                clause_text,
                clause_mentions,
                clause.start,
                clause_organisations,
                _speech_words(speech, speech_starts, clause.start, clause.end),
            )
            actor1, actor2 = actors[0] if actors else "", actors[1] if len(actors) > 1 else ""
            if not actor1 or not actor2:  # named only by kind: "gunmen", "protesters"; victims of an attack
                unnamed = unnamed_actors(text, cues, clause.start, clause.end, sub_event_of(sub, event_type.slug))
                actor1, actor2 = actor1 or unnamed[0], actor2 or (unnamed[1] if unnamed[1] != actor1 else "")
            events.append(
                Event(
                    id=f"{article.id}-e{str(len(events) + 1).zfill(3)}",  # "-e007"; zfill is quicker than a format spec
                    article_id=article.id,
                    date_start=date_start,
                    date_end=date_end,
                    time_precision=precision,
                    event_type=event_type.slug,
                    place_ids=tuple(place_ids),
                    actors=actors,
                    summary=summarise(clause_text),
                    evidence=Evidence(sentence.text, sentence.start, sentence.end),
                    time_text=time_text,
                    time_rule=rule,
                    site_inferred=site_inferred,
                    triggers=tuple(triggers),
                    sub_event_type=sub,
                    type_evidence=type_evidence,
                    actor1=actor1,
                    actor2=actor2,
                    fatalities=reported_deaths(clause_text),
                )
            )
    return events


def _is_a_dateline(text: str, start: int, end: int) -> bool:
    """Whether a clause is only a dateline ("Addis Ababa, 20 November."): too few words to report anything."""
    return len(text[start:end].split()) <= _DATELINE_WORDS


_DATELINE_WORDS: Final = 4

# Plain types a weak cue ("joined", "said") may still name better: they say only that something happened.
_GENERIC_PLAIN_TYPES: Final = frozenset(["political", "statement", OTHER])


def _names_the_type(
    sub: str,
    type_evidence: tuple[str, ...],
    decisive: bool,
    event_type: EventType | None,
    triggers: list[str],
    text: str,
    cues: list[Cue],
    clause: _Clause,
) -> bool:
    """Whether a sub-event type read from a clause's cues replaces its plain type. A decisive one does when
    the plain type is of another ACLED type; a weak one only a generic plain type. A clause with no trigger
    becomes an event only on a decisive cue, and only when nothing in it negates the happening."""
    if event_type is None:  # a group's change ("160 soldiers defected") is a happening, a saying is not
        happened = decisive or (sub == "change-to-group-activity" and told_what_happened(type_evidence))
        return happened and not negated(text, cues, clause.start, clause.end)
    if not decisive:
        # A weak cue's verb ("defected") also beats trigger nouns that only set the scene ("fighters").
        return event_type.slug in _GENERIC_PLAIN_TYPES or (
            told_what_happened(type_evidence) and not told_what_happened(triggers)
        )
    return not fits(sub, event_type.slug)

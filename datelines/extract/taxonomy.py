"""The event taxonomy: a short list of plain types readers filter by, each mapped to ACLED.

Types are strategy objects in a registry (no if-chains): each carries the trigger words that
assign it and its ACLED event/sub-event type, so exports interoperate with ACLED data.
Where ACLED has no type (an earthquake), the ACLED columns say so instead of forcing one.

Triggers are lower-case words or phrases; a trailing "*" makes a stem ("fight*" matches
"fighting", "fighters"). All triggers sit in one Aho-Corasick automaton (the article's keyword
pass, datelines/extract/keywords.py) and are matched leftmost-longest at word starts.

A clause's type is the one its triggers support best (type weight, more triggers count more),
and a type with a past-tense trigger ("seized", "detained") scores a quarter more: that word
tells what happened, where a noun ("the war", "protesters") often only sets the scene.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from datelines.extract.article import is_capital_at
from datelines.extract.keywords import KeywordSet, case_variants, is_word_character


@dataclass(frozen=True, slots=True)
class EventType:
    slug: str
    label: str
    description: str
    triggers: tuple[str, ...]
    weight: float = 1.0  # breaks ties when a sentence fires several types


OTHER: Final = "other"
EVENT_TYPES: Final[tuple[EventType, ...]] = (
    EventType(
        "battle",
        "Battle",
        "Armed clashes, fighting, offensives between organised armed groups.",
        (
            "fight*",
            "clash*",
            "battle*",
            "offensive",
            "war",
            "combat",
            "gunfight*",
            "firefight",  # not a stem: "firefighters" put out fires
            "firefights",
            "hostilities",
            "military operation",
            "assault*",
            "attack*",
            "took up arms",
            "insurgen*",
            "uprising",
            "rebellion",
        ),
        1.2,
    ),
    EventType(
        "remote-violence",
        "Strike or shelling",
        "Shelling, artillery, missiles, air and drone strikes, explosions.",
        (
            "shelling",
            "shelled",
            "shells",
            "artillery",
            "missile",
            "missiles",
            "rocket",
            "rockets",
            "airstrike",
            "airstrikes",
            "air strike",
            "air strikes",
            "drone",
            "drones",
            "bomb*",
            "explosion",
            "explosions",
            "exploded",
            "strike on",
            "strikes on",
            "strike hit",
            "struck",
            "mortar",
            "mortars",
            "landmine",
            "landmines",
            "ied",
            "ieds",
        ),
        1.3,
    ),
    EventType(
        "violence-against-civilians",
        "Violence against civilians",
        "Attacks on, abductions or killings of civilians by armed actors.",
        (
            "massacre*",
            "opened fire on civilians",
            "opened fire on demonstrators",
            "opened fire on protesters",
            "shot dead",
            "killing civilians",
            "executed",
            "abduct*",
            "kidnap*",
            "civilians killed",
            "civilians were killed",
            "killed civilians",
            "atrocit*",
            "ethnic cleansing",
        ),
        1.4,
    ),
    EventType(
        "protest",
        "Protest",
        "Demonstrations, rallies, marches and strikes by civilians.",
        ("protest*", "demonstrat*", "rally", "rallies", "rallied", "marched", "marchers", "sit-in", "walkout"),
        1.2,
    ),
    EventType(
        "riot",
        "Riot",
        "Violent demonstrations and mob violence.",
        ("riot*", "looting", "looted", "mob", "tear gas", "set fire", "torched"),
        1.3,
    ),
    EventType(
        "agreement",
        "Agreement or ceasefire",
        "Ceasefires, truces, peace deals, treaties and signed agreements.",
        (
            "ceasefire",
            "cease-fire",
            "truce",
            "peace deal",
            "peace agreement",
            "peace talks",
            "peace accord",
            "peace treaty",
            "agreement",
            "agreed",
            "deal",
            "accord",
            "treaty",
            "signed",
            "brokered",
            "armistice",
        ),
        1.1,
    ),
    EventType(
        "disarmament",
        "Disarmament",
        "Weapons handed over or seized, demining, demilitarisation.",
        (
            "disarm*",
            "demilitariz*",
            "demilitaris*",
            "demining",
            "handed over weapons",
            "handed over their weapons",
            "lay down their arms",
            "lay down its arms",
            "laying down of arms",
            "weapons seized",
            "weapons were seized",
            "seized weapons",
            "surrendered their weapons",
            "surrender their weapons",
            "surrendered weapons",
        ),
        1.25,
    ),
    EventType(
        "deployment",
        "Deployment",
        "Troops or peacekeepers deployed or withdrawn, bases established.",
        (
            "deploy*",
            "drills",
            "military exercises",
            "naval exercises",
            "war games",
            "withdrew",
            "withdrawn",
            "withdrawal",
            "withdrawing",
            "troops arrived",
            "troops entered",
            "stationed",
            "peacekeeping mission",
        ),
        1.1,
    ),
    EventType(
        "territory",
        "Territory changes hands",
        "Control of territory captured, regained, annexed or handed over.",
        (
            "regain*",
            "seized",
            "took over",
            "occupied",
            "recaptur*",
            "captur*",
            "seized control",
            "took control",
            "taken control",
            "retook",
            "annex*",
            "lost part of",
            "lost control",
            "overran",
            "fell to",
        ),
        1.3,
    ),
    EventType(
        "humanitarian",
        "Humanitarian aid",
        "Aid deliveries, convoys, relief, medical evacuation and access.",
        (
            "humanitarian",
            "aid",
            "convoy",
            "convoys",
            "relief",
            "red cross",
            "red crescent",
            "food supplies",
            "food deliveries",
            "shelter",
            "shelters",
            "rescuers",
            "rescue",
            "rescued",
            "pulled alive",
            "pulled out alive",
        ),
        1.15,
    ),
    EventType(
        "blockade",
        "Blockade or closure",
        "Blocked routes, sieges, closed crossings and borders.",
        (
            "blocked",
            "closed",
            "shut",
            "closure",
            "sealed",
            "blockade*",
            "blocking",
            "siege",
            "besieged",
            "closed the border",
            "closed the crossing",
            "closed the road",
            "closed the corridor",
            "cut off",
            "shortage",
            "shortages",
        ),
        1.2,
    ),
    EventType(
        "displacement",
        "Displacement",
        "People fleeing, evacuated from their homes, refugees.",
        ("fled", "flee*", "refugee", "refugees", "displaced", "displacement", "evacuat*", "exodus", "homeless"),
        1.2,
    ),
    EventType(
        "political",
        "Political status",
        "Independence, elections, votes, recognition, sanctions, resignations.",
        (
            "independen*",
            "coup",
            "coups",
            "seized power",
            "seize power",
            "took power",
            "election",
            "elections",
            "elected",
            "vote",
            "voted",
            "votes",
            "voting",
            "referendum",
            "recogni*",
            "sanction*",
            "resign*",
            "parliament",
            "sovereignty",
            "part of the",
            "territory",
            "declared",
            "state of emergency",
            "inaugurat*",
            "sworn in",
            "impeach*",
        ),
        0.9,
    ),
    EventType(
        "arrest",
        "Arrests",
        "Arrests and detentions.",
        ("arrest*", "detain*", "detention", "custody", "jailed"),
        1.25,
    ),
    EventType(
        "disaster",
        "Disaster",
        "Earthquakes, floods, storms, fires and their casualties (no ACLED type).",
        (
            "earthquake",
            "tornado*",
            "twister*",
            "derecho*",
            "floodwaters",
            "flash flood",
            "flash floods",
            "mudslide*",
            "blizzard*",
            "snowstorm*",
            "hailstorm*",
            "earthquakes",
            "quake",
            "quakes",
            "tremor",
            "tremors",
            "aftershock",
            "aftershocks",
            "magnitude",
            "flood",
            "floods",
            "flooding",
            "landslide",
            "landslides",
            "cyclone*",
            "hurricane*",
            "typhoon*",
            "storm",
            "storms",
            "wildfire*",
            "bushfire*",
            "forest fire",
            "forest fires",
            "brush fire",
            "brush fires",
            "blaze",
            "blazes",
            "heatwave*",
            "heat wave",
            "heat waves",
            "avalanche*",
            "tsunami",
            "drought",
            "collapsed building",
            "collapsed buildings",
            "rubble",
            "eruption",
            "capsized",
            "shipwreck",
            "sank",
        ),
        1.3,
    ),
    EventType(
        "disruption",
        "Services disrupted",
        "Power, water or communications cut; infrastructure out of service.",
        (
            "power outage",
            "knocked out power",
            "power outages",
            "blackout",
            "blackouts",
            "electricity",
            "water supply",
            "disrupted",
            "suspended",
            "without electricity",
            "left without",
            "outage",
            "outages",
            "internet was cut",
            "internet cut",
            "without power",
        ),
        1.0,
    ),
    EventType(
        "statement",
        "Statement",
        "An official announcement or statement, when the saying is itself the dated happening.",
        (
            "announced",
            "rejected",
            "said",
            "told",
            "stated",
            "emphasized",
            "emphasised",
            "admitted",
            "warned",
            "reported",
            "confirmed",
            "denied",
            "claimed",
            "urged",
            "called for",
        ),
        0.5,
    ),
    EventType(
        "looting",
        "Looting or destruction",
        "Property looted, burned or destroyed without anyone hurt.",
        (),  # assigned from the sub-event type (datelines/extract/acled.py)
        0.1,
    ),
    EventType(
        "accident",
        "Accident",
        "Industrial or transport accidents: crashes, fires, collapses (no ACLED type).",
        (),  # assigned from the sub-event type (datelines/extract/acled.py)
        0.1,
    ),
    EventType(
        "crime",
        "Organised crime",
        "Drug trafficking, smuggling, robbery and gang crime (no ACLED type).",
        (),  # assigned from the sub-event type (datelines/extract/acled.py)
        0.1,
    ),
    EventType(
        "diplomacy",
        "Diplomatic act",
        "Visits, talks, summits, envoys and sanctions between states (no ACLED type).",
        (),  # assigned from the sub-event type (datelines/extract/acled.py)
        0.1,
    ),
    EventType(
        OTHER,
        "Other development",
        "A dated happening that fits none of the types above.",
        (),  # never fires: assigned when nothing else does
        0.1,
    ),
)
EVENT_TYPES_BY_SLUG: Final = {event_type.slug: event_type for event_type in EVENT_TYPES}
# Phrases that contain a trigger but do not report that kind of happening.
# Firefighters "battled the flames": a fire, not an armed clash.
_FIRE_FIGHTING: Final = tuple(
    f"{verb} {article}{fire}"
    for verb in ("battle", "battled", "battling", "fight", "fought", "fighting")
    for article in ("the ", "")
    for fire in ("flames", "blaze", "blazes", "fire", "fires", "wildfire", "wildfires", "inferno")
)
NOT_TRIGGERS: Final = (
    "according to the agreement",
    "according to the deal",
    "aid worker",
    "aid workers",
    "aid group",
    "fighter jet",  # aircraft, not fighting
    "fighter jets",
    "fighter planes",
    "fighter aircraft",
    *_FIRE_FIGHTING,
)
_NO_TYPE: Final = -1
_DISASTER: Final = EVENT_TYPES.index(EVENT_TYPES_BY_SLUG["disaster"])
_STRIKE: Final = EVENT_TYPES.index(EVENT_TYPES_BY_SLUG["remote-violence"])
_ALSO_SAID_OF_DISASTERS: Final = frozenset(["struck", "strike hit"])


def _trigger_info() -> dict[str, tuple[int, bool]]:
    """Each trigger (without its "*") -> (type index, is a stem); the first type to list it keeps it."""
    info: dict[str, tuple[int, bool]] = {}
    for index, event_type in enumerate(EVENT_TYPES):
        for trigger in event_type.triggers:
            info.setdefault(trigger.rstrip("*"), (index, trigger.endswith("*")))
    for phrase in NOT_TRIGGERS:
        info[phrase] = (_NO_TYPE, False)
    return info


def _trigger_keys(info: dict[str, tuple[int, bool]]) -> tuple[list[str], list[bool], dict[str, int], dict[str, int]]:
    """The keys to search for, whether each is a stem, and the types of words and of stems.

    A word that extends a stem ("fighter" after "fight*") could never win over the stem, which runs
    to the end of the text's word, so it is left out; that leaves one stem at most for any matched word.
    """
    stems = [key for key, (_index, is_stem) in info.items() if is_stem]
    keys: list[str] = []
    key_is_stem: list[bool] = []
    exact: dict[str, int] = {}
    stem_types: dict[str, int] = {}
    for key, (index, is_stem) in info.items():
        if re.fullmatch(r"\w+", key) and any(key != stem and key.startswith(stem) for stem in stems):
            continue
        (stem_types if is_stem else exact)[key] = index
        keys.append(key)
        key_is_stem.append(is_stem)
    return keys, key_is_stem, exact, stem_types


def _case_variants(keys: list[str]) -> tuple[list[str], list[int]]:
    """Each key as news writes it: in lower case, capitalised, in title case ("Air Strikes") and in upper
    case; with the index of the key each variant spells."""
    variants: dict[str, int] = {}
    for index, key in enumerate(keys):
        for variant in case_variants(key):
            variants.setdefault(variant, index)
    return list(variants), list(variants.values())


_TRIGGER_KEYS: Final = _trigger_keys(_trigger_info())
_KEYS: Final = _TRIGGER_KEYS[0]
_KEY_IS_STEM: Final = _TRIGGER_KEYS[1]
_EXACT_TYPES: Final = _TRIGGER_KEYS[2]
_STEM_TYPES: Final = _TRIGGER_KEYS[3]
_CASE_VARIANTS: Final = _case_variants(_KEYS)
_VARIANTS: Final = _CASE_VARIANTS[0]
_VARIANT_KEY: Final = _CASE_VARIANTS[1]
# Every occurrence of every key's variants, overlapping ones too, from the keyword pass over the text as
# written: a regex alternation of the keys is tried at every character and took five times as long, and
# lower-casing the text first took as long as the pass.
_TRIGGER_WORDS: Final = KeywordSet(_VARIANTS)


def _trigger_type(written: str) -> int:
    """The type index of a trigger as the text writes it: its own, or its stem's ("Fighting": "fight*").
    Remembered, as `ToponymMatcher.readings` is: the same trigger words recur from one article to the next."""
    index = _TYPE_OF_WRITTEN.get(written)
    if index is None:
        matched = written.lower()
        if matched in _EXACT_TYPES:
            index = _EXACT_TYPES[matched]
        else:
            index = next(
                _STEM_TYPES[matched[:end]] for end in range(1, len(matched) + 1) if matched[:end] in _STEM_TYPES
            )
        if len(_TYPE_OF_WRITTEN) < 100_000:
            _TYPE_OF_WRITTEN[written] = index
    return index


_TYPE_OF_WRITTEN: Final[dict[str, int]] = {}


def trigger_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the triggers in a text, leftmost-longest at word starts; a key counts written in lower case,
    capitalised, in title case or in upper case.

    A key counts where it starts a word and, unless it is a stem, ends one; a stem runs to the end of
    its word. Of the keys that count at a start the longest wins, and the next trigger starts after it.
    """
    length = len(text)
    longest: dict[int, int] = {}
    offset = _TRIGGER_WORDS.offset
    for key, start, end in _TRIGGER_WORDS.find(text):
        if start and is_word_character(text[start - 1]):
            continue
        if _KEY_IS_STEM[_VARIANT_KEY[key - offset]]:
            while end < length and is_word_character(text[end]):
                end += 1
        elif end < length and is_word_character(text[end]):
            continue
        if end > longest.get(start, -1):
            longest[start] = end
    spans: list[tuple[int, int]] = []
    resume_at = 0
    for start in sorted(longest):
        if start >= resume_at:
            spans.append((start, longest[start]))
            resume_at = longest[start]
    return spans


def trigger_hits(text: str) -> list[tuple[int, int, int]]:
    """(start, end, type index) of every trigger in `text`, leftmost-longest at word starts."""
    hits: list[tuple[int, int, int]] = []
    for start, end in trigger_spans(text):
        index = _trigger_type(text[start:end])
        if index != _NO_TYPE and not _inside_a_name(text, start):
            hits.append((start, end, index))
    return hits


_CAPITALISED_BEFORE: Final = re.compile(r"[A-Z][\w’'-]*[ ]$")


def _inside_a_name(text: str, start: int) -> bool:
    """ "National Rally", "Islamic State": a capitalised trigger right after another capitalised word
    is part of a name, not a happening ("the Red Cross" stays: "the" is not capitalised)."""
    return is_capital_at(text, start) and _CAPITALISED_BEFORE.search(text, max(0, start - 30), start) is not None


def told_what_happened(words: list[str] | tuple[str, ...]) -> bool:
    """Whether trigger words hold a past-tense verb ("seized", "detained"): that word tells what happened,
    where a noun ("the war", "fighters") often only sets the scene."""
    return any(word.endswith("ed") for word in words)


def classify(text: str) -> tuple[EventType | None, list[str]]:
    """The best-supported type for a sentence or clause, and the trigger words that fired."""
    return classify_hits(text, trigger_hits(text), 0, len(text))


def _first_hit_from(hits: list[tuple[int, int, int]], start: int) -> int:
    """`bisect_left(hits, (start,))`: the index of the first hit starting at `start` or later (hits are in
    text order). A binary search over the starts alone: `bisect` compared whole tuples, each comparison a
    generic call."""
    low, high = 0, len(hits)
    while low < high:
        middle = (low + high) // 2
        if hits[middle][0] < start:
            low = middle + 1
        else:
            high = middle
    return low


def classify_hits(
    text: str, hits: list[tuple[int, int, int]], start: int, end: int
) -> tuple[EventType | None, list[str]]:
    """`classify` for the span start..end of a text whose trigger hits are already known."""
    words_by_type: dict[int, list[str]] = {}
    for position in range(_first_hit_from(hits, start), len(hits)):
        hit_start, hit_end, index = hits[position]
        if hit_start >= end:
            break
        if hit_end <= end:
            words_by_type.setdefault(index, []).append(text[hit_start:hit_end])
    # "A twister struck Greenfield": a verb that strikes and a disaster that does it is the disaster.
    if _DISASTER in words_by_type and all(
        word.lower() in _ALSO_SAID_OF_DISASTERS for word in words_by_type.get(_STRIKE, ())
    ):
        words_by_type.pop(_STRIKE, None)
    best: EventType | None = None
    best_score = 0.0
    best_index = len(EVENT_TYPES)
    best_words: list[str] = []
    for index, words in words_by_type.items():
        score = EVENT_TYPES[index].weight * (1 + 0.25 * (len(words) - 1)) * (1.25 if told_what_happened(words) else 1.0)
        if score > best_score or (score == best_score and index < best_index):
            best, best_score, best_index, best_words = EVENT_TYPES[index], score, index, words
    return best, best_words

"""The event taxonomy: a short list of plain types readers filter by, each mapped to ACLED.

Types are strategy objects in a registry (no if-chains): each carries the trigger words that
assign it and its ACLED event/sub-event type, so exports interoperate with ACLED data.
Where ACLED has no type (an earthquake), the ACLED columns say so instead of forcing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventType:
    slug: str
    label: str
    description: str
    acled_event_type: str
    acled_sub_event_type: str
    colour: str
    triggers: re.Pattern[str]
    weight: float = 1.0  # breaks ties when a sentence fires several types


def _words(*stems: str) -> re.Pattern[str]:
    return re.compile(r"(?i)\b(?:" + "|".join(stems) + r")\b")


STRATEGIC = "Strategic developments"
EVENT_TYPES: tuple[EventType, ...] = (
    EventType(
        "battle",
        "Battle",
        "Armed clashes, fighting, offensives between organised armed groups.",
        "Battles",
        "Armed clash",
        "#d62728",
        _words(
            r"fight\w*",
            r"clash\w*",
            r"battle\w*",
            r"offensive",
            r"war",
            r"combat",
            r"gunfight",
            r"firefight",
            r"hostilities",
            r"military operation",
            r"assault",
        ),
        1.2,
    ),
    EventType(
        "remote-violence",
        "Strike or shelling",
        "Shelling, artillery, missiles, air and drone strikes, explosions.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "#ff7f0e",
        _words(
            r"shell(?:ing|ed|s)",
            r"artillery",
            r"missiles?",
            r"rockets?",
            r"air ?strikes?",
            r"drones?",
            r"bomb\w*",
            r"explosions?",
            r"exploded",
            r"strikes? (?:on|hit)",
            r"struck",
            r"mortars?",
            r"landmines?",
            r"IEDs?",
        ),
        1.3,
    ),
    EventType(
        "violence-against-civilians",
        "Violence against civilians",
        "Attacks on, abductions or killings of civilians by armed actors.",
        "Violence against civilians",
        "Attack",
        "#8c564b",
        _words(
            r"massacre\w*",
            r"executed",
            r"abduct\w*",
            r"kidnap\w*",
            r"civilians? (?:were |was )?killed",
            r"killed civilians",
            r"atrocit\w+",
            r"ethnic cleansing",
        ),
        1.4,
    ),
    EventType(
        "protest",
        "Protest",
        "Demonstrations, rallies, marches and strikes by civilians.",
        "Protests",
        "Peaceful protest",
        "#9467bd",
        _words(r"protest\w*", r"demonstrat\w+", r"rall(?:y|ies|ied)", r"march(?:ed|ers)", r"sit-in", r"walkout"),
        1.2,
    ),
    EventType(
        "riot",
        "Riot",
        "Violent demonstrations and mob violence.",
        "Riots",
        "Violent demonstration",
        "#e377c2",
        _words(r"riot\w*", r"looting", r"looted", r"mob", r"tear gas", r"set fire", r"torched"),
        1.3,
    ),
    EventType(
        "agreement",
        "Agreement or ceasefire",
        "Ceasefires, truces, peace deals, treaties and signed agreements.",
        STRATEGIC,
        "Agreement",
        "#2ca02c",
        _words(
            r"ceasefire",
            r"cease-fire",
            r"truce",
            r"peace (?:deal|agreement|talks|accord|treaty)",
            r"(?<!according to the )agreement",
            r"agreed",
            r"deal",
            r"accord",
            r"treaty",
            r"signed",
            r"brokered",
            r"armistice",
        ),
        1.1,
    ),
    EventType(
        "disarmament",
        "Disarmament",
        "Weapons handed over or seized, demining, demilitarisation.",
        STRATEGIC,
        "Disrupted weapons use",
        "#17becf",
        _words(
            r"disarm\w*",
            r"demilitari[sz]\w+",
            r"demining",
            r"handed over (?:\w+ )?weapons",
            r"lay down (?:their|its) arms",
            r"laying down of arms",
            r"weapons (?:were )?seized",
            r"seized weapons",
            r"weapons seized",
            r"surrender(?:ed)? (?:their )?(?:weapons|arms)",
        ),
        1.25,
    ),
    EventType(
        "deployment",
        "Deployment",
        "Troops or peacekeepers deployed or withdrawn, bases established.",
        STRATEGIC,
        "Headquarters or base established",
        "#7f7f7f",
        _words(
            r"deploy\w*",
            r"withdr[ae]w\w*",
            r"withdrawal",
            r"troops (?:arrived|entered)",
            r"stationed",
            r"peacekeeping mission",
        ),
        1.1,
    ),
    EventType(
        "territory",
        "Territory changes hands",
        "Control of territory captured, regained, annexed or handed over.",
        "Battles",
        "Government regains territory",
        "#bcbd22",
        _words(
            r"regain\w*",
            r"recaptur\w+",
            r"captur\w+",
            r"seized control",
            r"took control",
            r"taken control",
            r"retook",
            r"annex\w*",
            r"lost (?:part of|control)",
            r"overran",
            r"fell to",
        ),
        1.3,
    ),
    EventType(
        "humanitarian",
        "Humanitarian aid",
        "Aid deliveries, convoys, relief, medical evacuation and access.",
        STRATEGIC,
        "Other",
        "#1f77b4",
        _words(
            r"humanitarian",
            r"aid",
            r"convoys?",
            r"relief",
            r"Red Cross",
            r"Red Crescent",
            r"food (?:supplies|deliveries)",
            r"shelters?",
            r"rescuers?",
            r"rescue",
        ),
        1.15,
    ),
    EventType(
        "blockade",
        "Blockade or closure",
        "Blocked routes, sieges, closed crossings and borders.",
        STRATEGIC,
        "Other",
        "#393b79",
        _words(
            r"block(?:ed|ade|ing)",
            r"siege",
            r"besieged",
            r"closed the (?:border|crossing|road|corridor)",
            r"cut off",
            r"shortages?",
        ),
        1.2,
    ),
    EventType(
        "displacement",
        "Displacement",
        "People fleeing, evacuated from their homes, refugees.",
        STRATEGIC,
        "Other",
        "#843c39",
        _words(r"fled", r"flee\w*", r"refugees?", r"displaced", r"displacement", r"evacuat\w+", r"exodus", r"homeless"),
        1.2,
    ),
    EventType(
        "political",
        "Political status",
        "Independence, elections, votes, recognition, sanctions, resignations.",
        STRATEGIC,
        "Other",
        "#637939",
        _words(
            r"independen\w+",
            r"elections?",
            r"elected",
            r"vote[ds]?",
            r"voting",
            r"referendum",
            r"recogni[sz]\w+",
            r"sanctions?",
            r"resign\w*",
            r"parliament",
            r"annexation",
            r"sovereignty",
            r"part of the",
            r"territory",
            r"declared",
            r"inaugurat\w+",
            r"sworn in",
            r"impeach\w*",
        ),
        0.9,
    ),
    EventType(
        "arrest",
        "Arrests",
        "Arrests and detentions.",
        STRATEGIC,
        "Arrests",
        "#ad494a",
        _words(r"arrest\w*", r"detain\w*", r"detention", r"custody", r"jailed"),
        1.25,
    ),
    EventType(
        "disaster",
        "Disaster",
        "Earthquakes, floods, storms, fires and their casualties (no ACLED type).",
        "Not in ACLED (natural disaster)",
        "Not in ACLED",
        "#e7ba52",
        _words(
            r"earthquakes?",
            r"quakes?",
            r"tremors?",
            r"aftershocks?",
            r"magnitude",
            r"floods?",
            r"flooding",
            r"landslides?",
            r"cyclones?",
            r"hurricanes?",
            r"typhoons?",
            r"storms?",
            r"wildfires?",
            r"tsunami",
            r"drought",
            r"collapsed buildings?",
            r"rubble",
            r"eruption",
        ),
        1.3,
    ),
    EventType(
        "disruption",
        "Services disrupted",
        "Power, water or communications cut; infrastructure out of service.",
        STRATEGIC,
        "Other",
        "#bd9e39",
        _words(
            r"power outages?",
            r"blackouts?",
            r"electricity",
            r"water supply",
            r"disrupted",
            r"outages?",
            r"internet (?:was )?cut",
            r"without power",
        ),
        1.0,
    ),
    EventType(
        "statement",
        "Statement",
        "An official announcement or statement, when the saying is itself the dated happening.",
        STRATEGIC,
        "Other",
        "#c7c7c7",
        _words(
            r"announced",
            r"said",
            r"told",
            r"stated",
            r"declared",
            r"emphasi[sz]ed",
            r"admitted",
            r"warned",
            r"reported",
            r"confirmed",
            r"denied",
            r"claimed",
            r"urged",
            r"called for",
        ),
        0.5,
    ),
    EventType(
        "other",
        "Other development",
        "A dated happening that fits none of the types above.",
        STRATEGIC,
        "Other",
        "#9edae5",
        re.compile(r"(?!x)x"),  # never fires: assigned when nothing else does
        0.1,
    ),
)
OTHER = "other"
EVENT_TYPES_BY_SLUG = {event_type.slug: event_type for event_type in EVENT_TYPES}


def classify(text: str) -> tuple[EventType | None, list[str]]:
    """The best-supported type for a sentence or clause, and the trigger words that fired."""
    best: EventType | None = None
    best_score = 0.0
    best_triggers: list[str] = []
    for event_type in EVENT_TYPES:
        hits = event_type.triggers.findall(text)
        if not hits:
            continue
        score = event_type.weight * (1 + 0.25 * (len(hits) - 1))
        if score > best_score:
            best, best_score, best_triggers = event_type, score, hits
    return best, best_triggers

"""ACLED's sub-event types read from who did what to whom, with what (sentences written for these tests)."""

from datetime import date

import pytest

from datelines.extract.acled import (
    ACLED_EVENT_TYPES,
    NOT_IN_ACLED,
    SUB_EVENT_OF_PLAIN_TYPE,
    SUB_EVENT_TYPES,
    SUB_EVENT_TYPES_BY_SLUG,
    actor_kind,
    find_cues,
    sub_event_type,
)
from datelines.extract.article import Article
from datelines.extract.pipeline import extract
from datelines.extract.taxonomy import EVENT_TYPES_BY_SLUG


def _sub(text: str) -> str:
    return sub_event_type(text, find_cues(text), 0, len(text))[0]


def test_the_taxonomy_is_acleds_25_sub_event_types_and_five_kinds_outside_it() -> None:
    acled = [sub for sub in SUB_EVENT_TYPES if sub.event_type != NOT_IN_ACLED]
    assert len(acled) == 25 and {sub.event_type for sub in acled} == set(ACLED_EVENT_TYPES)
    assert len(SUB_EVENT_TYPES) - len(acled) == 5
    assert all(sub.plain_type in EVENT_TYPES_BY_SLUG for sub in SUB_EVENT_TYPES)
    assert set(SUB_EVENT_OF_PLAIN_TYPE.values()) <= set(SUB_EVENT_TYPES_BY_SLUG)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The means decides before the target.
        ("Warplanes bombed the market in Kordo, killing nine civilians.", "air-drone-strike"),
        ("A drone hit a car on the ring road.", "air-drone-strike"),
        ("Artillery shells landed on the outskirts of Varna overnight.", "shelling-artillery-missile-attack"),
        ("A roadside bomb exploded under a police truck near Lusa.", "remote-explosive-landmine-ied"),
        ("A man threw a grenade into the bus station.", "grenade"),
        ("A suicide bomber blew himself up outside the ministry.", "suicide-bomb"),
        ("Residents reported choking after a chlorine attack on the district.", "chemical-weapon"),
        # The target decides between a battle and violence against civilians.
        ("Gunmen opened fire on a minibus, killing four passengers.", "attack"),
        ("Militants attacked an army checkpoint outside Deri.", "armed-clash"),
        ("Two soldiers were killed in an ambush on the Mora road.", "armed-clash"),
        ("Rebels and government troops clashed near the river crossing.", "armed-clash"),
        ("Armed men abducted twelve schoolgirls from their dormitory.", "abduction-forced-disappearance"),
        ("Soldiers raped two women at the checkpoint.", "sexual-violence"),
        # A crowd: peaceful, broken up, fired on, or violent itself.
        ("Thousands of teachers marched on parliament demanding higher pay.", "peaceful-protest"),
        ("Police fired tear gas to disperse students protesting the fee rise.", "protest-with-intervention"),
        ("Security forces shot dead three demonstrators at the protest.", "excessive-force-against-protesters"),
        ("Protesters threw stones at police and torched two cars.", "violent-demonstration"),
        ("An angry mob lynched a man accused of theft.", "mob-violence"),
        # The outcome.
        ("The army recaptured the town of Seli from the insurgents.", "government-regains-territory"),
        ("Rebels seized control of the border town after heavy fighting.", "non-state-actor-overtakes-territory"),
        ("Police defused a bomb found near the stadium.", "disrupted-weapons-use"),
        ("Troops discovered a weapons cache in the forest.", "disrupted-weapons-use"),
        ("Police arrested five opposition activists on Monday.", "arrests"),
        ("The two sides signed a ceasefire agreement in the capital.", "agreement"),
        ("Looters ransacked shops in the old market.", "looting-property-destruction"),
        ("The insurgents set up a new base in the hills.", "headquarters-or-base-established"),
        # Happenings ACLED does not code.
        ("A magnitude 6 earthquake struck the coastal province.", "natural-disaster"),
        ("A bus collided with a truck on the highway, killing seven.", "industrial-or-transport-accident"),
        ("A gas cylinder explosion at a factory injured six workers.", "industrial-or-transport-accident"),
        ("A speeding lorry killed a schoolgirl at a crossing on Friday.", "industrial-or-transport-accident"),
        ("Police seized 300 kg of cocaine from a drug cartel.", "organised-crime"),
        ("The government expelled two diplomats over the affair.", "diplomatic-act"),
        ("The group claimed responsibility for the bombing of the bridge.", "statement-or-claim"),
        # The one who told of it is no actor in it: a death the police reported is no clash, only their word.
        ("A man died in the village on Sunday, police said.", "statement-or-claim"),
        (
            "A trader died at the district hospital on Sunday, the district health officer told reporters.",
            "statement-or-claim",
        ),
        # An actor named before the speaker still acts.
        ("Gunmen killed two villagers on Sunday, police said.", "attack"),
        ("Soldiers clashed with rebels near the border on Sunday, the army said.", "armed-clash"),
    ],
)
def test_a_clause_gets_the_sub_event_type_a_coder_would_give(text: str, expected: str) -> None:
    assert _sub(text) == expected


def test_phrases_that_read_otherwise_are_no_cue() -> None:
    assert _sub("Firefighters battled the blaze at the warehouse.") != "armed-clash"
    assert _sub("Police used water cannon on the crowd of protesters.") == "protest-with-intervention"
    assert _sub("The country carried out a ballistic missile test.") != "shelling-artillery-missile-attack"


def test_the_deciding_words_are_kept_as_evidence() -> None:
    text = "Warplanes struck the village, killing six."
    slug, evidence, decisive = sub_event_type(text, find_cues(text), 0, len(text))
    assert (slug, evidence, decisive) == ("air-drone-strike", ("Warplanes",), True)


def test_a_report_of_a_happening_with_no_trigger_word_still_yields_a_typed_event() -> None:
    article = Article("a", "a", None, "The US warplanes pounded the village of Kardi, killing 6 civilians.")
    events = extract(article, online=False).events
    assert [(event.acled_event_type, event.acled_sub_event_type) for event in events] == [
        ("Explosions/Remote violence", "Air/drone strike")
    ]
    assert events[0].type_evidence == ("warplanes",)


def test_a_negated_happening_with_no_trigger_makes_no_event() -> None:
    article = Article("a", "a", None, "No police officer has been convicted over those deaths.")
    assert extract(article, online=False).events == []


def test_a_persons_type_correction_drops_the_machines_sub_event_type() -> None:
    article = Article("a", "a", None, "Warplanes bombed the market in Kordo, killing nine civilians.")
    event = extract(article, online=False).events[0]
    assert event.sub_event == "air-drone-strike"
    from dataclasses import replace

    corrected = replace(event, event_type="agreement")
    assert (corrected.sub_event, corrected.acled_event_type) == ("agreement", "Strategic developments")


@pytest.mark.parametrize(
    ("actor", "kind"),
    [
        ("Russian peacekeepers", "external/other forces"),
        ("Azerbaijani army", "state forces"),
        ("Armenian separatists", "rebel group"),
        ("unidentified gunmen", "political militia"),
        ("protesters", "protesters"),
        ("Red Cross", "civilians"),
        ("Jorge Huamán", ""),
    ],
)
def test_actor_kinds_follow_acleds_categories(actor: str, kind: str) -> None:
    assert actor_kind(actor) == kind


def test_the_seeds_events_carry_the_sub_event_types_a_coder_would_give(seed_extraction) -> None:
    """Disarmament is disrupted weapons use, the ceasefire an agreement, the convoy and blockade "Other"."""

    def sub_events(words: str) -> set[str]:
        return {event.acled_sub_event_type for event in seed_extraction.events if words in event.evidence.sentence}

    assert sub_events("disarming Armenian separatist fighters") == {"Disrupted weapons use"}
    assert sub_events("weapons seized from the separatists") == {"Disrupted weapons use"}
    assert sub_events("agreed to lay down their arms") == {"Agreement"}
    assert sub_events("ended with a ceasefire brokered by Russia") == {"Agreement"}
    assert sub_events("Red Cross convoy") == {"Other"}
    assert sub_events("blocked the Lachin Corridor") == {"Other"}
    assert {event.acled_event_type for event in seed_extraction.events} <= {"Strategic developments", "Battles"}


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "Gunmen opened fire on a minibus near Kaya on Monday, killing four passengers.",
            ("Unidentified armed group", "Civilians"),
        ),
        ("Police fired tear gas at protesters in Lima on Tuesday.", ("Protesters", "Police")),
        ("Rebels seized the town of Seli on Friday.", ("Rebels", "")),
    ],
)
def test_actors_named_only_by_kind_become_actor1_and_actor2(text: str, actors: tuple[str, str]) -> None:
    (event,) = extract(Article("a", "a", None, text), online=False).events
    assert (event.actor1, event.actor2) == actors


# Notes written here in the style of ACLED's own event notes (date first, then who did what to whom).
NOTES = [
    (
        "On 12 May 2021, military forces clashed with JNIM militants near Boni (Douentza, Mopti). 5 soldiers were killed.",
        "Battles",
    ),
    (
        "On 3 June 2022, an IED planted by suspected Al Shabaab detonated on a AMISOM convoy near Afgoye, killing 2 soldiers.",
        "Explosions/Remote violence",
    ),
    (
        "On 14 July 2020, around 200 teachers staged a sit-in in front of the ministry in Rabat to demand payment of salary arrears.",
        "Protests",
    ),
    (
        "On 2 February 2023, rioters blocked the road and burned tyres in Kinshasa to protest the killing of a motorcyclist by police.",
        "Riots",
    ),
    ("On 7 April 2022, police arrested 12 members of the opposition party in Harare.", "Strategic developments"),
    ("On 19 October 2021, unidentified gunmen killed a village chief in Kaya.", "Violence against civilians"),
    (
        "On 21 March 2022, Russian forces shelled residential areas of Kharkiv city. 3 civilians were killed.",
        "Explosions/Remote violence",
    ),
    ("On 9 September 2023, a Ukrainian drone struck an oil depot in Bryansk.", "Explosions/Remote violence"),
    ("On 5 August 2021, a mob beat to death a suspected thief in Mombasa.", "Riots"),
    (
        "On 30 November 2022, Ethiopian police seized 30 rifles and 2,000 rounds of ammunition in Gondar.",
        "Strategic developments",
    ),
    ("On 16 June 2020, the RSF and SPLM-N signed a peace agreement in Juba.", "Strategic developments"),
    (
        "On 2 March 2021, unknown persons set fire to a church in Goma. No casualties were reported.",
        "Strategic developments",
    ),
    (
        "On 28 April 2023, Sudanese Armed Forces carried out air strikes on RSF positions in Khartoum.",
        "Explosions/Remote violence",
    ),
    (
        "On 3 April 2019, protesters gathered outside parliament in Algiers. Police dispersed them with tear gas.",
        "Protests",
    ),
    (
        "On 11 January 2022, suspected Fulani militia attacked Kuru village, killing 11 civilians and burning houses.",
        "Violence against civilians",
    ),
    (
        "On 4 February 2022, ISWAP militants attacked a military base in Marte. The army repelled the attack, killing 20 militants.",
        "Battles",
    ),
    ("On 22 May 2021, armed men abducted 15 passengers on the Kaduna-Abuja highway.", "Violence against civilians"),
    ("On 8 March 2022, women marched in Islamabad to mark International Women's Day.", "Protests"),
    ("On 13 June 2022, M23 rebels captured the town of Bunagana after clashes with FARDC.", "Battles"),
    ("On 1 October 2022, police shot and killed a man at a checkpoint in Nairobi.", "Violence against civilians"),
    (
        "On 10 January 2020, students threw stones at police in Bujumbura during a demonstration against fee increases. Police fired tear gas.",
        "Riots",
    ),
    (
        "On 17 August 2021, a landmine exploded under a vehicle in Tillaberi, killing 4 civilians.",
        "Explosions/Remote violence",
    ),
    (
        "On 26 July 2023, the presidential guard detained President Bazoum in Niamey and announced a coup.",
        "Strategic developments",
    ),
    ("On 6 December 2021, Taliban forces and ISKP militants exchanged fire in Jalalabad.", "Battles"),
]


@pytest.mark.parametrize(("note", "event_type"), NOTES)
def test_an_acled_style_note_gets_its_event_type(note: str, event_type: str) -> None:
    events = extract(Article("n", "n", date(2024, 1, 1), note), online=False).events
    assert events and events[0].acled_event_type == event_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army captured a senior commander of the militia near Kismayo.", "arrests"),
        ("Rebels captured 20 soldiers at the border post.", "abduction-forced-disappearance"),
        ("Rebels captured the border town after two days.", "non-state-actor-overtakes-territory"),
    ],
)
def test_people_captured_are_arrested_or_abducted_ground_captured_changes_hands(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A nation's forces are its state's; a non-state group's are not.
        ("Nigerian troops took control of the town from the insurgents.", "government-regains-territory"),
        ("Taliban forces took control of the district centre.", "non-state-actor-overtakes-territory"),
        # The first named of two takers is the subject.
        ("The Iraqi army and allied militias captured the village on Monday.", "government-regains-territory"),
        # The speaker is not the taker.
        ("An army spokesman said rebels have taken over four villages.", "non-state-actor-overtakes-territory"),
        ("According to the police, militants gained control of the base.", "non-state-actor-overtakes-territory"),
        # A side named before a passive verb lost the ground; "by" names the taker only next to the verb.
        ("The militants were driven out of the market town.", "government-regains-territory"),
        ("Troops regained the town that had been attacked by rebels a week before.", "government-regains-territory"),
        ("The town was captured on Friday by separatist fighters.", "non-state-actor-overtakes-territory"),
    ],
)
def test_who_took_the_ground_decides_between_the_two_territory_types(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lawyers marched in the capital to protest against police brutality.", "peaceful-protest"),
        ("Thousands rallied on Saturday demanding justice for students killed in a crash.", "peaceful-protest"),
        ("Police fired tear gas at protesters demanding higher wages.", "protest-with-intervention"),
        ("Protesters against the dam threw stones at the police.", "violent-demonstration"),
    ],
)
def test_what_a_crowd_protests_about_is_not_what_happened_at_the_protest(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Violence by one armed side with no armed victim named is an attack, not a battle.
        ("Gunmen attacked a roadside eatery in Kaduna on Sunday.", "attack"),
        # A threatened or rehearsed attack is none.
        ("Troops were deployed to the border against a possible attack by the militia.", "change-to-group-activity"),
        # The means: helicopters raiding, tanks firing.
        ("The rebels suffered losses in raids by army choppers.", "air-drone-strike"),
        ("Three tanks attacked the rangers' positions at dawn.", "shelling-artillery-missile-attack"),
        # "an evacuation deal with the government" is an agreement; "to deal with the" is none.
        ("The rebels signed an evacuation deal with the government on Monday.", "agreement"),
    ],
)
def test_means_and_modality_decide_the_attack(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What happened first is the happening: property destroyed after a clash is looting/destruction.
        ("Fifty shops were destroyed following a clash between two rival gangs.", "looting-property-destruction"),
        # A denial or a statement of blame is the clause's happening.
        ("Russia denied its planes carried out air strikes on the hospital.", "statement-or-claim"),
        ("The ministry said the rebels were responsible for the bombing of the market.", "statement-or-claim"),
        # Bullets seized are a weapon found, not a shot.
        ("Two pistols and 1,700 bullets were captured at a checkpoint.", "disrupted-weapons-use"),
        # Ground entered with no resistance changes hands without a battle.
        (
            "The fighters entered the town at dawn and had not encountered any resistance.",
            "non-violent-transfer-of-territory",
        ),
    ],
)
def test_the_happening_told_first_decides(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A rocket-propelled grenade is a rocket, fired from afar; a hand grenade is thrown.
        ("Rebels fired rocket-propelled grenades at the army post overnight.", "shelling-artillery-missile-attack"),
        ("A man threw a grenade into the bar, wounding four.", "grenade"),
        # Gas poisoning told by its symptoms.
        ("Dozens were treated for breathing difficulties after rebels fired shells into the town.", "chemical-weapon"),
        # Of an aircraft and a missile, the one that hit is named first; the other is its target.
        ("A missile hit the air base, destroying several helicopters.", "shelling-artillery-missile-attack"),
        ("Shelling hit the airport and damaged passenger planes.", "shelling-artillery-missile-attack"),
        # Missiles that hit a gathering are no crowd event.
        ("Ballistic missiles hit the army's gathering centres near the border.", "shelling-artillery-missile-attack"),
    ],
)
def test_the_weapon_that_struck_names_the_means(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Ground only tried for was not taken.
        ("The militants' attack to capture the army's positions was fended off.", "armed-clash"),
        # The clash told first is the happening; ground taken after it is its outcome.
        ("Kurdish fighters clashed with the militants and took control of five positions.", "armed-clash"),
        (
            "The army took full control of the town in fierce clashes with the militants.",
            "government-regains-territory",
        ),
        # An armed group that sets upon a base is no mob.
        ("At least 20 insurgents were killed when they set upon a base near the coast.", "armed-clash"),
        ("An angry mob set upon a suspected thief at the market.", "mob-violence"),
    ],
)
def test_an_attempt_or_an_outcome_is_not_the_happening(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Crowd control tells of a crowd even with no protest word; an arrest alone does not.
        ("Police fired tear gas to disperse students outside the ministry.", "protest-with-intervention"),
        ("Groups of youths confronted police during the curfew, throwing fireworks.", "violent-demonstration"),
        ("Police arrested three student leaders at their homes.", "arrests"),
        # Roads blocked by a crowd: the disruption CASE's coders count as a violent demonstration.
        ("Opposition supporters blocked streets in the capital for a second day.", "violent-demonstration"),
    ],
)
def test_a_crowd_is_told_by_what_it_did_and_what_was_done_to_it(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Force that hurts peaceful protesters is excessive; tear gas alone is an intervention.
        ("Riot police beat a protester during the march on parliament.", "excessive-force-against-protesters"),
        (
            "Dozens were injured as police fired tear gas to disperse the demonstrators.",
            "excessive-force-against-protesters",
        ),
        ("Police fired tear gas to disperse the demonstrators.", "protest-with-intervention"),
        # A grenade is a grenade, at a protest too; an assembly hall is no protest.
        ("A grenade was hurled into a truck of soldiers sent to break up the protest.", "grenade"),
        ("Two staff of the state assembly were injured in a grenade attack by suspected rebels.", "grenade"),
        # Crimes ACLED leaves out are organised crime.
        ("Police caught a man circulating child pornography in Hyderabad.", "organised-crime"),
    ],
)
def test_harm_done_and_the_weapon_used_decide(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What was done under a deal is the happening; the deal is why.
        ("The army set up a new observation post as part of a de-escalation deal.", "headquarters-or-base-established"),
        (
            "The districts were handed over to Azerbaijan as part of a peace deal ending six weeks of fighting.",
            "non-violent-transfer-of-territory",
        ),
        ("The two sides signed a peace deal in Doha on Saturday.", "agreement"),
        # Ground left before any fighting changes hands without a battle; ground won from a side that then fled was won.
        (
            "Government forces withdrew from the town, and the rebels entered it the next day.",
            "non-violent-transfer-of-territory",
        ),
        (
            "Troops recovered control of two villages from rebels who withdrew after heavy shelling.",
            "government-regains-territory",
        ),
    ],
)
def test_a_deal_is_the_reason_for_what_was_done_under_it(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Unarmed people fighting each other are a mob, not armed forces; a mob is no demonstration.
        ("Two men were killed as villagers clashed with sticks and iron rods over a field.", "mob-violence"),
        ("A riot-like situation broke out after a mob nearly lynched four men.", "mob-violence"),
        # A disaster named as the time of something else is its context.
        ("A shop was looted in the township during the COVID-19 lockdown.", "looting-property-destruction"),
        ("Floods destroyed 300 homes during the monsoon.", "natural-disaster"),
    ],
)
def test_who_fought_and_when_it_happened_are_not_confused(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The SDF forwarded more fighters and equipment to the oilfield.", "change-to-group-activity"),
        (
            "The militia is mobilizing its members for attacking the district, its leaders said.",
            "change-to-group-activity",
        ),
    ],
)
def test_forces_moved_or_readied_change_their_activity(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police used smoke grenades to disperse the rally downtown.", "protest-with-intervention"),
        ("Riot police chased demonstrators through the old town.", "protest-with-intervention"),
        (
            "The government stepped up its violent crackdown on peaceful demonstrators.",
            "excessive-force-against-protesters",
        ),
        (
            "Two were killed when police fired at demonstrators calling for the fall of the regime.",
            "excessive-force-against-protesters",
        ),
    ],
)
def test_what_police_did_to_a_crowd_decides_the_protest_type(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The gas attack that strikes answered is their reason; gas dropped from the air is their means.
        ("The army launched airstrikes on a group it accused of a chlorine attack.", "air-drone-strike"),
        ("A helicopter dropped containers of chlorine on the town.", "chemical-weapon"),
        ("Jets fired air missiles at three chemical weapons facilities.", "air-drone-strike"),
        # Strikes told before the ground taken after them are the happening.
        ("Air strikes hit rebel-held areas, killing several people, as rebels captured a village.", "air-drone-strike"),
    ],
)
def test_the_means_is_not_the_reason_or_the_target(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Government troops have occupied three more hill posts of the ethnic army.", "government-regains-territory"),
        ("Israeli forces detained 12 Palestinians in raids across the occupied West Bank.", "arrests"),
        ("The group has claimed the murder of a blogger two months ago.", "statement-or-claim"),
        (
            "Unknown men abducted eight party members as cases of enforced disappearance climb.",
            "abduction-forced-disappearance",
        ),
    ],
)
def test_verbs_not_adjectives_tell_what_happened(text: str, expected: str) -> None:
    assert _sub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The government joined talks on a peace agreement after rebels raided a town on Wednesday.", "agreement"),
        ("Rebels raided a town on Wednesday, days after the peace agreement was signed.", "attack"),
    ],
)
def test_an_agreement_told_before_the_violence_is_the_happening(text: str, expected: str) -> None:
    assert _sub(text) == expected


def test_forces_deployed_to_posts_are_a_move_not_a_new_base() -> None:
    text = "Turkish troops continue to deploy reinforcements to observation points in Idlib."
    assert _sub(text) == "change-to-group-activity"
    assert _sub("The army set up an observation post near the village.") == "headquarters-or-base-established"

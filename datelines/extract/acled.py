"""ACLED's event types and sub-event types, decided per clause from who did what to whom, with what.

ACLED's codebook types a happening by its means and its target, not by its loudest word: an attack
from the air is an air strike whoever died; killing armed men is a battle, killing unarmed people is
violence against civilians; a crowd is a protest until it is violent, and a protest the police broke
up is a "protest with intervention". So a clause is read for groups of cue words (the means: aircraft,
artillery, grenades, IEDs, suicide attackers, chemicals; the outcome: territory taken, weapons seized,
people arrested, property looted; the crowd and what it did) and for who the victims were, and a short
list of rules in the codebook's order of precedence picks the sub-event type. The cue words that
decided are kept as the event's `type_evidence`, so a reader sees why.

Happenings ACLED does not code (disasters, accidents, crime, diplomacy, statements) get kinds of their
own outside it, stated as such ("Not in ACLED"), rather than being forced into a type.

Cues are lower-case words or phrases; a trailing "*" makes a stem. They are found in the article's one
keyword pass (datelines/extract/keywords.py), written in lower case, capitalised, in title or upper case.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Final

from datelines.extract.keywords import KeywordSet, case_variants, is_word_character

NOT_IN_ACLED: Final = "Not in ACLED"
ACLED_EVENT_TYPES: Final = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)


@dataclass(frozen=True, slots=True)
class EventTypeGroup:
    """One of ACLED's six event types, or the kinds it does not code: what the legend and colours show."""

    slug: str
    name: str
    colour: str


EVENT_TYPE_GROUPS: Final[tuple[EventTypeGroup, ...]] = (
    EventTypeGroup("battles", "Battles", "#d62728"),
    EventTypeGroup("explosions-remote-violence", "Explosions/Remote violence", "#ff7f0e"),
    EventTypeGroup("violence-against-civilians", "Violence against civilians", "#8c564b"),
    EventTypeGroup("protests", "Protests", "#9467bd"),
    EventTypeGroup("riots", "Riots", "#e377c2"),
    EventTypeGroup("strategic-developments", "Strategic developments", "#1f77b4"),
    EventTypeGroup("not-in-acled", NOT_IN_ACLED, "#7f7f7f"),
)
EVENT_TYPE_GROUPS_BY_SLUG: Final = {group.slug: group for group in EVENT_TYPE_GROUPS}
EVENT_TYPE_GROUPS_BY_NAME: Final = {group.name: group for group in EVENT_TYPE_GROUPS}


@dataclass(frozen=True, slots=True)
class SubEventType:
    slug: str
    label: str  # ACLED's own name for it, or the kind outside ACLED
    event_type: str  # one of ACLED_EVENT_TYPES, or NOT_IN_ACLED
    plain_type: str  # the plain type readers see (datelines/extract/taxonomy.py)


SUB_EVENT_TYPES: Final[tuple[SubEventType, ...]] = (
    SubEventType("armed-clash", "Armed clash", "Battles", "battle"),
    SubEventType("government-regains-territory", "Government regains territory", "Battles", "territory"),
    SubEventType("non-state-actor-overtakes-territory", "Non-state actor overtakes territory", "Battles", "territory"),
    SubEventType("chemical-weapon", "Chemical weapon", "Explosions/Remote violence", "remote-violence"),
    SubEventType("air-drone-strike", "Air/drone strike", "Explosions/Remote violence", "remote-violence"),
    SubEventType("suicide-bomb", "Suicide bomb", "Explosions/Remote violence", "remote-violence"),
    SubEventType(
        "shelling-artillery-missile-attack",
        "Shelling/artillery/missile attack",
        "Explosions/Remote violence",
        "remote-violence",
    ),
    SubEventType(
        "remote-explosive-landmine-ied",
        "Remote explosive/landmine/IED",
        "Explosions/Remote violence",
        "remote-violence",
    ),
    SubEventType("grenade", "Grenade", "Explosions/Remote violence", "remote-violence"),
    SubEventType("sexual-violence", "Sexual violence", "Violence against civilians", "violence-against-civilians"),
    SubEventType("attack", "Attack", "Violence against civilians", "violence-against-civilians"),
    SubEventType(
        "abduction-forced-disappearance",
        "Abduction/forced disappearance",
        "Violence against civilians",
        "violence-against-civilians",
    ),
    SubEventType("peaceful-protest", "Peaceful protest", "Protests", "protest"),
    SubEventType("protest-with-intervention", "Protest with intervention", "Protests", "protest"),
    SubEventType("excessive-force-against-protesters", "Excessive force against protesters", "Protests", "protest"),
    SubEventType("violent-demonstration", "Violent demonstration", "Riots", "riot"),
    SubEventType("mob-violence", "Mob violence", "Riots", "riot"),
    SubEventType("agreement", "Agreement", "Strategic developments", "agreement"),
    SubEventType("arrests", "Arrests", "Strategic developments", "arrest"),
    SubEventType("change-to-group-activity", "Change to group/activity", "Strategic developments", "deployment"),
    SubEventType("disrupted-weapons-use", "Disrupted weapons use", "Strategic developments", "disarmament"),
    SubEventType(
        "headquarters-or-base-established", "Headquarters or base established", "Strategic developments", "deployment"
    ),
    SubEventType("looting-property-destruction", "Looting/property destruction", "Strategic developments", "looting"),
    SubEventType(
        "non-violent-transfer-of-territory", "Non-violent transfer of territory", "Strategic developments", "territory"
    ),
    SubEventType("other", "Other", "Strategic developments", "other"),
    SubEventType("natural-disaster", "Natural disaster", NOT_IN_ACLED, "disaster"),
    SubEventType("industrial-or-transport-accident", "Industrial or transport accident", NOT_IN_ACLED, "accident"),
    SubEventType("organised-crime", "Organised crime", NOT_IN_ACLED, "crime"),
    SubEventType("diplomatic-act", "Diplomatic act", NOT_IN_ACLED, "diplomacy"),
    SubEventType("statement-or-claim", "Statement or claim", NOT_IN_ACLED, "statement"),
)
SUB_EVENT_TYPES_BY_SLUG: Final = {sub.slug: sub for sub in SUB_EVENT_TYPES}
SUB_EVENT_TYPES_BY_LABEL: Final = {
    sub.label: sub for sub in SUB_EVENT_TYPES
}  # ACLED's names, as files and widgets write them
# The sub-event type a plain type stands for when no cue decides one (a convoy, a blockade: "Other").
SUB_EVENT_OF_PLAIN_TYPE: Final = {
    "battle": "armed-clash",
    "remote-violence": "shelling-artillery-missile-attack",
    "violence-against-civilians": "attack",
    "protest": "peaceful-protest",
    "riot": "violent-demonstration",
    "agreement": "agreement",
    "disarmament": "disrupted-weapons-use",
    "deployment": "change-to-group-activity",
    "territory": "non-state-actor-overtakes-territory",
    "arrest": "arrests",
    "disaster": "natural-disaster",
    "accident": "industrial-or-transport-accident",
    "crime": "organised-crime",
    "diplomacy": "diplomatic-act",
    "looting": "looting-property-destruction",
    "statement": "statement-or-claim",
}

# The cue groups: comma-separated words or phrases; the rules below read which groups a clause holds.
_CUES: Final[dict[str, str]] = {
    "pre_protest": """
        before, ahead of, in anticipation, organis*, organiz*, charges, charged, accused of, planned, planning,
        prevent*, pre-emptive*, preemptive*, on suspicion
    """,
    "hit": """
        hit, hits, hitting, struck, strike, strikes, striking, pounded, pounding, bombed, bombing, targeted,
        targeting, fired, firing, launched, landed, rained, slammed, killed, killing, wounded, injured, destroyed,
        damaged, attack*, shelled, dropped, fell on, explod*, exploding, raid, raids, raided
    """,
    "heavy_weapon": """
        artillery, mortar*, rocket*, missile*, katyusha*, howitzer*, projectile*, heavy weapons, cannon*, rocket
        launcher*, ballistic, grad, gunboat*, heavy guns, heavy artillery
    """,
    "aircraft": """
        warplane*, war plane*, fighter jet*, jet fighter*, military jet*, jets, drone*, uav, uavs, unmanned aerial,
        helicopter gunship*, gunship*, helicopter*, aircraft, air force, sorties, airplane*, planes, kamikaze,
        bombers, aviation, air support, bomber*, chopper*, fighter plane*, military plane*, military aircraft
    """,
    "crowd": """
        crowd*, youths, supporters, students, demonstrator*, protester*, protestor*, fans, hooligans, mobs
    """,
    "riot_soft": """
        violence, violent*, unrest, chaos, mayhem, turmoil, tense
    """,
    "arson": """
        set fire*, set ablaze, set on fire, set alight, torched, torching, arson*, firebomb*, fire bomb*, petrol
        bomb*, molotov*
    """,
    "chemical": """
        chemical weapon*, chemical attack*, chemical agent*, chemical munition*, chemical bomb*, chemical
        substance*, chlorine, sarin, mustard gas, nerve agent*, gas attack*, white phosphorus, toxic chemical*,
        chemical shell*, toxic gas*, poison gas*, poisonous gas*, breathing difficulties, difficulty breathing,
        respiratory problems, blurred vision, suffocation
    """,
    "suicide": """
        suicide bomb*, suicide attack*, suicide car bomb*, suicide vest*, suicide belt*, blew himself up, blew
        herself up, blew themselves up, explosive vest*, explosive belt*, svbied, svbieds, suicide truck*,
        self-detonat*, suicide mission, suicide blast*, suicide explosion*, suicide operation*, detonated his,
        detonated her, suicide car*, suicide assailant*, kamikazes, female kamikaze*, kamikaze bomber*
    """,
    "grenade": """
        grenade*
    """,
    "explosive": """
        ied, ieds, improvised explosive*, roadside bomb*, landmine*, land mine*, mine blast*, mine explo*, car
        bomb*, vehicle bomb*, booby trap*, booby-trap*, explosive device*, bomb blast*, bomb explo*, bomb went off,
        bombs went off, sticky bomb*, magnetic bomb*, planted bomb*, planted a bomb, remote-controlled, remotely
        detonated, remote control bomb*, detonated, explosive-laden, motorcycle bomb*, bicycle bomb*, parcel bomb*,
        letter bomb*, pipe bomb*, time bomb*, explosion*, blast*, exploded, explodes, exploding, bomb attack*,
        bombing*, bomb, bombs, bomber*, mine, mines, explosive*, dynamite
    """,
    "air": """
        air strike*, airstrike*, air-strike*, air raid*, air-raid*, airraid*, air attack*, aerial attack*, aerial
        bombard*, aerial bombing*, aerial strike*, drone strike*, drone attack*, barrel bomb*, carpet bomb*, from
        the air, air campaign, air missile*, air-launched, air-to-surface
    """,
    "shelling": """
        shelling*, shelled, shells, shell, bombard*, tank fire, naval fire, tank attack*, tanks attacked, tank
        shell*, rpg, rpgs, rocket-propelled grenade*, rocket propelled grenade*
    """,
    "clash": """
        clash*, fought, firefight, firefights, gunfight*, gun battle*, exchange of fire, exchanges of fire,
        exchanged fire, exchanging fire, traded fire, trading fire, crossfire, skirmish*, encounter*, ambush*,
        offensive, counter-attack*, counterattack*, repulsed, repelled, repel, routed, hostilities, gun duel,
        shootout*, shoot-out*, fight, fights, fighting, battle, battles, battled, battling, combat, combats, engaged
        the
    """,
    "violence": """
        attack*, shot, shoot*, opened fire, open fire, fired at, fired on, gunfire, stabbed,
        stabbing*, hacked, beheaded, behead*, executed, execution*, massacre*, murder*, beat, beaten, beating*,
        tortur*, raid*, stormed, assault*, assassinat*, slain, slaughter*, burned alive, burnt alive, gunned down,
        lynched, killed by gunmen, shot dead, hacked to death, beaten to death
    """,
    "lethal": """
        killed, kill, killing*, shot dead, dead, died, death*, live ammunition, live rounds, live bullets, opened
        fire, open fire, fired on, fired at, shot at, gunned down, bullet*, shot, fatal*, wounded, injured, injuring
    """,
    "captured": """
        captured, capture, captures, capturing, capture of, seized control, seize control, seizing control, took
        control, take control, taken control, taking control, gained control, gain control, overran, overrun, fell
        to, fall of, fell into the hands, took over, taken over, seized the town, seized the city, seized the
        village, seized the district, advanced into, entered the town, entered the city, stormed and captured,
        seized, seizing, gained ground, pushed into, pushed deep into, advanced on, advanced in, stormed and took,
        took the town, took the city, took the village, have occupied, has occupied, had occupied, occupied the,
        occupied a, occupied several, occupied parts
    """,
    "regained": """
        recaptured, recapture*, retook, retake*, retaken, regained control, regain control, regaining control,
        regained, liberated, liberate, liberating, liberation of, reclaimed, freed the town, freed the city, freed
        the village, cleared the area, cleared of, pushed out, drove out, driven out, flushed out, expelled,
        restored control, back under government control, regained full control, re-took, re-captured, secured the,
        freed, pushed back, driven back, drove back, controlling the, took back, won back, wrested, recovered
        control, established control, took full control, pushed their way into
    """,
    "transfer": """
        withdrew from, withdrawn from, withdrawal of, withdrawal from, withdraws from, withdrew, withdraw, pulled
        out of, pull out of, pulling out of, pulled out, handed over control, handover of, handed over the, hand
        over the, handing over, relinquished, retreated from, abandoned their positions, abandoned positions,
        vacated, evacuated the base, returned control, transferred control, ceded, taken over without, without a
        fight, without resistance, without any resistance, peacefully took, took over the, handed the, not
        encountered any resistance, encountered no resistance, met no resistance, without encountering any
        resistance, handed control, handed over by, handed over to, was handed over, were handed over, handover,
        handed back, began leaving, evacuated from
    """,
    "weapons_disrupted": """
        defused, defuse*, diffused, defusing, bomb disposal, bomb squad*, shooting down, controlled explosion,
        demined, demining, mine clearance, cleared mines, unexploded, weapons cache*, arms cache*, arms depot*,
        ammunition depot*, arms haul, weapons haul, laid down their arms, laid down arms, laying down of arms,
        surrendered their weapons, handed over their weapons, handed over weapons, disarm*, cache of
    """,
    "weapon_found": """
        seized, seizure, recovered, confiscat*, discovered, found, detected, uncovered, seizing, unearthed,
        destroyed, captured, intercepted, intercept*, foiled, thwarted, averted, neutralised, neutralized,
        dismantled, shot down, identified, stash*, haul, cleared, removed, disposed of, handed in, surrendered
    """,
    "weapon": """
        weapon*, arms, ammunition, explosive*, ied, ieds, bomb, bombs, grenade*, rifle*, gun, guns, firearm*,
        pistol*, rocket*, missile*, mortar*, mine, mines, landmine*, cache, rounds, munition*, detonator*, drone*,
        kalashnikov*, ak-47*, bullets, cartridge*, stash*, projectile*, shells, magazines, rocket bomb*, munitions
    """,
    "disaster": """
        earthquake*, quake*, tremor*, flood*, flash flood*, cyclone*, hurricane*, typhoon*, tornado*, storm*,
        landslide*, mudslide*, avalanche*, drought*, wildfire*, forest fire*, bushfire*, tsunami*, volcan*,
        eruption*, heatwave*, heat wave*, cold wave*, monsoon*, heavy rain*, torrential, lightning, epidemic*,
        pandemic*, outbreak*, covid*, coronavirus, cholera, ebola, dengue, malaria, measles, infections, infected,
        locust*, famine, snowstorm*, blizzard*, hailstorm*, inundat*, deluge, rainfall, downpour*, cloudburst*, new
        cases, virus, disease*, pandemic, natural disaster*, heavy snow*
    """,
    "accident": """
        accident*, crash*, collided, collision*, derail*, capsiz*, sank, sinking, fire broke out, caught fire,
        caught on fire, gas leak*, gas explosion*, cylinder blast*, cylinder explo*, boiler explo*, boiler blast*,
        collapsed, stampede*, electrocut*, drowned, drowning, mishap*, overturned, plunged, fell into, factory
        fire*, blaze, blazes, fire at, fire in, fire that, gutted, mine collapse*, chemical leak*, leak, leakage,
        toxic fumes, poisoning, adulterated, contaminated, toxins, spill*, chemical incident, chemical hazard,
        leaked, hazardous, short circuit, short-circuit, rammed into, ran over, vehicle plunged, road mishap,
        sinkhole, building collapse*, fire, fires, flames, speeding, hit-and-run, knocked down
    """,
    "industry": """
        factory, factories, plant, refinery, warehouse, firecracker*, fireworks, cylinder*, boiler*, mine, chemical*,
        gas, tanker, pipeline, depot, godown, mill, workshop, industrial, storage, transformer, power plant, nuclear,
        oil, petroleum, fuel, ammonium nitrate, solvent*, reactor, leak*, spill*
    """,
    "crime": """
        drug*, narcotic*, cocaine, heroin, methamphetamine, meth, marijuana, cannabis, ganja, cartel*, traffick*,
        smuggl*, contraband, robbery, robberies, robber*, robbed, heist, burglar*, extortion*, extort*, gang, gangs,
        gangster*, mafia, syndicate*, money laundering, poach*, illegal mining, counterfeit*, fraud*, thief,
        thieves, theft, stole, stolen, criminal gang*, crime boss*, drug lord*, narco*, hooch, illicit liquor,
        illicit, bootleg*, loan shark*, ransom, stealing, steal, car thieves, car theft*, cybercrime*, cyber crime*,
        hate crime*, child abuse, sex trafficking, people smuggl*, human smuggl*, child pornograph*, pornographic
    """,
    "protest": """
        protest*, demonstrat*, rally, rallies, rallied, march, marches, marched, marchers, marching, sit-in*,
        picket*, on strike, went on strike, go on strike, general strike*, hunger strike*, strikers, strike action,
        labour strike*, workers' strike, shutdown, bandh, hartal, walkout*, walk-out*, boycott*, took to the
        streets, take to the streets, taking to the streets, chanting, chanted, placard*, banners, slogan*,
        agitation*, agitat*, dharna, gherao*, sit in, gathered outside, gathered in front, rallying, blocked the
        road, blocked roads, blocked the highway, blockaded, gathering, workers strike, teachers' strike, nationwide
        strike, staged a strike, called a strike, strike by, strike over, strike against, vigil, vigils, candlelight
        vigil*, blocked streets, blocked the streets, blocking streets, blocking roads, blocking the road, blocked
        highways, civil disobedience, unlawful assembly, illegal assembly
    """,
    "intervention": """
        tear gas*, teargas*, tear-gas*, water cannon*, rubber bullet*, rubber-bullet*, plastic bullet*, pellet*,
        disperse*, dispersing, baton charge*, baton-charge*, baton*, lathi*, cane-charge*, cane charge*, broke up,
        break up, breaking up, stun grenade*, pepper spray*, pepper-spray*, intervened, detain*, arrest*, cordoned,
        prevented, blocked by police, pushed back, truncheon*, whips, warning shots, fired in the air, fired into
        the air, charged at, clamped down, crackdown, crack down, cracked down, stopped by, suppress*, repress*,
        drag*, forcibly removed, evicted, kettled, beat protesters, beat demonstrators, smoke grenade*, chased,
        chase, chasing
    """,
    "excessive_force": """
        excessive force, violently suppress*, violently dispers*, violently broke up, brutal*, live ammunition, live
        fire, live rounds, live bullets, opened fire on protesters, opened fire on demonstrators, fired on
        protesters, fired on demonstrators, shot dead, killed, killing, deaths, died, fatally, serious injuries,
        seriously injured, injured, injuring, injuries, wounded, wounding, beat, beaten, beating, beats, beat up,
        clubbed, hits, die, dies, violent crackdown*
    """,
    "rioters": """
        riot, riots, rioting, rioted, rioter*, violent protest*, violent demonstration*, turned violent, went on the
        rampage, rampage*
    """,
    "riot": """
        stone*, stoning, pelt*, hurled, hurling, threw stones, throwing stones, threw rocks, throwing rocks, rocks,
        molotov*, petrol bomb*, fire bomb*, firebomb*, torched, torching, set fire, set ablaze, set on fire, burned
        tyres, burnt tyres, burning tyres, burned tires, burning tires, vandalis*, vandaliz*, ransack*, smashed,
        clashed with police, clashed with security, clashes with police, clashes with security, clashed with,
        violent protest*, violent demonstration*, turned violent, went on the rampage, rampage*, attacked police,
        arson*, damaged, burned, burnt, attacked the police, injuring police, violence erupted, violent clashes,
        clashes broke out, confront*, throwing, threw, thrown, hurl*, fireworks, firecrackers, bottles, barricade*,
        broke into, broke through, stormed, breached, tore down, pull down, pulled down, attacking police, attacked
        security, scuffle*, slingshot*, clash*, fought with, fighting with police, looting, looted, burning, fires,
        lit fires, set alight, injured police, wounded police, police officers were injured, policemen were injured,
        officers injured, aggressive, removed the fences, throws, throw, blocked the road, blocked roads, blocked
        the highway, blocked highways, blocked streets, blocked the streets, blocking streets, blocking roads,
        blocking the road, shut down roads, blocking major
    """,
    "mob": """
        mob, mobs, lynch*, vigilante*, angry crowd*, angry residents, angry villagers, irate, mob justice, jungle
        justice, beaten to death by, set upon, crowd attacked, villagers attacked, residents attacked, mob attacked,
        group of villagers, a group of people, angry mob*, enraged, furious residents, communal clash*, communal
        violence, sectarian clash*, supporters of, youths attacked, group of youths, clashed with each other, two
        groups, rival groups, rival factions, party workers, cadres, students clashed, inter-communal
    """,
    "sexual": """
        rape*, raping, rapist*, gang-rape*, gangrape*, gang rape*, sexual assault*, sexually assault*, sexual
        violence, sexually abused, sexual abuse, molest*, sexual slavery, sexually harass*, sexual exploitation,
        sexually exploited, defiled, defilement
    """,
    "abduction": """
        abduct*, kidnap*, hostage*, taken captive, held captive, forcibly disappeared, enforced disappearance*,
        forced disappearance*, disappeared, whereabouts, went missing, carried away, taken away by, forcibly taken,
        captive*, seized and taken, missing since, were taken by, was taken by
    """,
    "arrest": """
        arrest*, detain*, detention*, apprehend*, taken into custody, in custody, nabbed, nab, rounded up, picked up
        by, held by police, jailed, imprisoned, remanded, custody, booked, held for questioning, incarcerat*, taken
        in for questioning, sent to prison, handcuffed, caught
    """,
    "agreement": """
        agreement*, agreed, agree to, agrees, ceasefire*, cease-fire*, truce*, peace deal*, peace accord*, peace
        agreement*, peace treaty, accord, accords, signed, deal, prisoner exchange*, prisoner swap*, exchange of
        prisoners, swap of prisoners, released prisoners, release of prisoners, release of hostages, released
        hostages, prisoner release*, hostage release*, memorandum, pact, armistice, reconciliation, negotiated,
        brokered, mediated, peace talks, handed over the bodies, exchange of bodies, amnesty, pardoned, in exchange
        for, exchanged prisoners, exchange of detainees, surrender*
    """,
    "base": """
        established a base, set up a base, set up base, new base, established a camp, set up a camp, set up camp,
        established a headquarters, set up headquarters, headquarters, outpost*, set up a checkpoint, established
        checkpoint*, established a checkpoint, erected, built a base, training camp*, new military base, established
        bases, established a new, set up a new, opened a base, opened an office, new positions, established
        positions, set up positions, fortified, established, establishing, set up, sets up, setting up, observation
        post*, observation point*, military post*, new post, new posts, stationed
    """,
    "group_change": """
        defected, defection*, defect, joined, recruit*, formed, formation of, merged, merger, splinter, disband*,
        dissolved, laid down, pledged allegiance, new leader, appointed, deployed, deployment*, redeployed,
        reinforcement*, troop movement*, mobilis*, mobiliz*, curfew*, state of emergency, martial law, banned, ban
        on, military exercise*, drill*, patrol*, convoy*, moved into, arrived in, relocated, announced the
        formation, launched a new, training, graduated, parade, new commander, elected, leadership, change in
        leadership, split from, broke away, pledged, allied with, alliance, dispatched, reinforced, reinforcing,
        moving troops, moved troops, sent troops, sent reinforcements, entered the, massing, amassed, redeploy*,
        pull back, pulled back, pulls back, pulling back, forwarded, sent more
    """,
    "diplomatic": """
        expel*, expulsion*, ambassador*, embassy, embassies, envoy*, diplomat*, foreign minister*, bilateral,
        sanction*, recalled its, un security council, security council, state visit, held talks, consulate*,
        foreign ministry, secretary of state, summoned the, memorandum of understanding, diplomatic, severs ties,
        severed ties, cut ties, sever ties, diplomatic ties, diplomatic relations, persona non grata, retaliatory
        measures, summit*, bilateral talks, official visit, talks with, met with, visited
    """,
    "statement": """
        said, says, stated, statement*, announced, announce*, claimed, claims, claim*, warned, warns, threatened,
        threatens, threat*, accused, accuses, accusation*, denied, denies, called for, calls for, urged, urges,
        told, declared, vowed, vows, condemn*, alleged, allegedly, according to, press conference, tweet*, video
        message, reported, confirmed, spokesman, spokesperson, spokeswoman, responsibility, insisted, demanded,
        rejected, expressed, appealed, criticised, criticized, blamed, says it, communique, letter
    """,
    "claimed_responsibility": """
        claimed responsibility, claims responsibility, claiming responsibility, claimed the attack, claimed the
        bombing, took responsibility, claimed credit, accepted responsibility, denied responsibility, denied
        involvement, took credit, takes credit, taking credit, rejected allegations, rejected accusations, claim
        responsibility, denied allegations, denied accusations, denied his group was responsible, rejected
        accusation*, rejected the accusation*, suspected to be behind, believed to be behind, is responsible for,
        are responsible for, was responsible for, were responsible for, claimed murder, claimed the murder, claimed
        the killing, claimed killing, claimed the assassination, denied that, denies that, denied reports, denied
        the reports, denied claims, denied the claims, has denied, have denied, had denied, repeatedly denied,
        categorically denied, strongly denied, flatly denied, denied its, denied his, denied her, denied their,
        denied it, denied having, denied being, denied any, denies its, denies his, denies any, denies having
    """,
    "expulsion": """
        expel*, expulsion*, sanction*, severs ties, severed ties, cut ties, sever ties, persona non grata,
        recalled its ambassador, summoned the ambassador, retaliatory measures
    """,
    "property": """
        loot*, plunder*, pillag*, torched, torching, burned down, burnt down, set fire to, set ablaze, razed,
        demolish*, destroyed, destruction of, bulldoz*, vandalis*, vandaliz*, ransack*, sabotag*, arson*, damaged,
        blew up, blown up, burned, burnt, set on fire, stole, stolen, seized property, confiscated land, grabbed,
        destroy*, demolition*, wrecked, dismantled
    """,
    "civilian": """
        civilian*, villager*, resident*, farmer*, herder*, women, woman, child*, girl*, boy*, man, men, people,
        person*, student*, pupil*, teacher*, journalist*, reporter*, worker*, passenger*, traveller*, traveler*,
        family, families, worshipper*, worshiper*, pilgrim*, trader*, shopkeeper*, businessm*, doctor*, nurse*,
        priest*, pastor*, imam*, cleric*, councillor*, councilor*, politician*, activist*, lawyer*, judge*,
        refugee*, displaced, pedestrian*, motorist*, driver*, fisherm*, miner*, elder*, wife, husband, son,
        daughter, mother, father, brother, sister, relative*, inhabitants, locals, bystander*, customer*, market,
        mosque, church, school, village, villages, home, homes, house, houses, hospital, candidate*, mayor, chief,
        youth*, teen*, infant*, baby, babies, newborn, civil society, aid worker*, humanitarian worker*, nun*,
        monk*, tribesm*, labourer*, laborer*, vendor*, official*, employee*, staff, engineer*, contractor*, hunter*,
        tourist*, minority, christians, muslims, shia, hindus, sikhs, member of parliament, businesswom*, headman,
        leader, leaders, cattle, livestock, building, buildings, hotel, bar, restaurant, cafe, teahouse, shop*,
        store, bus, university, bank, office, stock exchange, nightclub, wedding, funeral, worshippers,
        congregation, guests, diners, shoppers
    """,
    "armed": """
        soldier*, troop*, army, armies, military, militaries, police*, policem*, officer*, security forces, forces,
        militant*, rebel*, fighter*, insurgent*, jihadist*, militia*, militiam*, guard*, checkpoint*, base, bases,
        outpost*, convoy*, patrol*, positions, position, commander*, personnel, jawan*, paramilitar*, gendarme*,
        marines, combatant*, terrorist*, separatist*, taliban, al-shabaab, al shabaab, boko haram, isis, isil,
        islamic state, daesh, pkk, ypg, sdf, houthi*, hezbollah, hamas, iswap, jnim, aqim, al-qaeda, al qaeda,
        maoist*, naxal*, guerrilla*, army post, barracks, sentry, peacekeeper*, legionnaire*, mercenar*, wagner,
        cadets, recruits, sentries, garrison*, battalion*, brigade*, regiment*, unit, units, squad, platoon*,
        coalition, navy, gunmen, gunman, armed men, armed group*, bandit*, extremist*, tank*, armoured vehicle*,
        military vehicle*, police station, police post, police van, police vehicle, riot police
    """,
    "state": """
        army, soldier*, troop*, military, government forces, government troops, security forces, police*, policem*,
        armed forces, national guard, regime forces, state forces, navy, air force, marines, gendarme*,
        paramilitar*, jawan*, special forces, national army, government, loyalist*, pro-government, authorities,
        state security, border guard*, defence forces, defense forces, commandos, fardc, saf, idf, afghan forces,
        iraqi forces, syrian army, regime, junta, coalition forces, riot police
    """,
    "non_state": """
        rebel*, militant*, insurgent*, jihadist*, taliban, al-shabaab, al shabaab, boko haram, isis, isil, islamic
        state, daesh, pkk, ypg, sdf, houthi*, hezbollah, iswap, jnim, aqim, al-qaeda, al qaeda, maoist*, naxal*,
        guerrilla*, separatist*, terrorist*, militia*, armed group*, extremist*, opposition forces, opposition
        fighters, bandit*, gunmen, rsf, rapid support forces, m23, adf, ansar, fighters, tigrayan forces, tplf,
        fano, hts, fsa, free syrian army, mujahideen, anti-government
    """,
    "not_a_cue": """
        firefighter*, fire-fighter*, fire fighter*, according to the agreement, under the agreement, according to
        the deal, collapse of the, aid worker*, fight against, fighting against poverty, battle against, war on
        drugs, shell company, shell companies, press release, released a statement, released a report, released a
        video, signed a statement, a great deal, big deal end the fighting, end to the fighting, halt the fighting,
        stop the fighting, end the war, end to the war, end hostilities, cessation of hostilities, lightning
        offensive, lightning military, lightning advance, lightning campaign, lightning attack, the wounded, the
        injured, wounded and sick, sick and wounded, injured and sick, sick and injured, evacuate wounded,
        evacuation of wounded, wounded patients, injured patients, after the war, since the war, during the war,
        before the war, water cannon*, rubber bullet*, rubber-coated, plastic bullet*, petrol bomb*, smoke bomb*,
        sound bomb*, stun grenade*, flash grenade*, tear gas grenade*, tear gas canister*, teargas canister*, gas
        canister*, pellet gun*, outbreak of violence, outbreaks of violence, outbreak of fighting, police violence,
        against violence, domestic violence, gender violence, gender-based violence, violence against women,
        cyberattack*, strike back, hunger strike*, missile test*, nuclear test*, rocket launch*, test-fired, test
        launch*, test-launch*, missile launch*, aircraft carrier*, rocket science, bomb threat*, bomb scare*, bomb
        hoax*, battled the blaze, battled the flames, battled a blaze, battling the blaze, battling the flames,
        battle the blaze, battle the flames, fought the blaze, fought the fire, fought the flames, fighting the
        fire, fighting the blaze, fighting the flames, fight the fire, coal mine*, gold mine*, mine collapse*, mine
        shaft*, mining, mine workers, ballistic missile test*, ballistic missile launch*, ballistic missiles test*,
        violently suppress*, violently dispers*, violent crackdown*, violently broke up, riot police, anti-riot,
        riot gear, riot control, riot squad*, riot-control, gang rape*, gang-rape*, gangrape*, gang raped, gun
        violence, denounce violence, denounced violence, condemn violence, condemned violence, end violence, end the
        violence, stop violence, stop the violence, planning attacks, plotting attacks, planned attacks, planning an
        attack, plotting an attack, plot to attack, planning to attack, planned to attack, plotting to attack, plans
        to attack, to deal with the, possible attack*, imminent attack*, potential attack*, impending attack*,
        future attack*, expected attack*, threat of attack*, possible ground invasion, for a possible, against a
        possible, kick off the assault, preparing to attack, preparing for an attack, prepare for an attack, ready
        to attack, mock enemy, lost control on, lost control of his, lost control of her, lost control of their,
        lost control of the car, lost control of the vehicle, lost control of the truck, lost control of the bus,
        not encountered any resistance, encountered no resistance, without encountering, met no resistance, tasked
        with fighting, charged with fighting, coalition fighting, rocket-propelled grenade*, rocket propelled
        grenade*, anti-aircraft, national accord, for attacking, for an attack, smoke grenade*, for the fall of,
        demanding the fall of, chemical weapons facilit*, chemical weapons site*, chemical weapons program*,
        chemical weapons stockpile*, chemical weapons depot*, chemical weapons plant*, the occupied, popular
        mobilization, popular mobilisation
    """,
    "negation": """
        no, not, never, nobody, none, n't, denied, deny, denies, without, failed to, neither, nor, nothing, no one,
        none of
    """,
}

_GROUPS: Final = tuple(_CUES)


def phrases(listed: str) -> list[str]:
    """The phrases of a comma-separated list, white space at line breaks made single."""
    return [" ".join(phrase.split()) for phrase in listed.split(",") if phrase.strip()]


def _cue_keys() -> tuple[list[str], list[int], list[bool]]:
    """Every cue written as news writes it (lower case, capitalised, title and upper case), with its group
    and whether it is a stem; a cue in several groups is one key per group."""
    keys: list[str] = []
    groups: list[int] = []
    stems: list[bool] = []
    for number, group in enumerate(_GROUPS):
        for cue in phrases(_CUES[group]):
            word = cue.rstrip("*")
            for variant in case_variants(word):
                keys.append(variant)
                groups.append(number)
                stems.append(cue.endswith("*"))
    return keys, groups, stems


_KEYS_GROUPS_STEMS: Final = _cue_keys()
_KEY_GROUP: Final = _KEYS_GROUPS_STEMS[1]
_KEY_IS_STEM: Final = _KEYS_GROUPS_STEMS[2]
_CUE_WORDS: Final = KeywordSet(_KEYS_GROUPS_STEMS[0])
_PROTEST_GROUP: Final = _GROUPS.index("protest")

Cue = tuple[int, int, int]  # (start, end, group number)


def _is_a_date(text: str, start: int, end: int) -> bool:
    """ "March 12" or "12 March": the month, not a march."""
    after = text[end : end + 3].strip()
    before = text[max(0, start - 5) : start].strip().removesuffix(",")
    return after[:1].isdigit() or before[-1:].isdigit() or before[-3:-2].isdigit()


def find_cues(text: str) -> list[Cue]:
    """(start, end, group) of every cue in `text` that starts a word and ends one (a stem runs to the end
    of its word), in text order; a cue inside a longer one of the same group is dropped."""
    length = len(text)
    offset = _CUE_WORDS.offset
    found: dict[tuple[int, int], int] = {}
    for key, start, end in _CUE_WORDS.find(text):
        if start and is_word_character(text[start - 1]):
            continue
        index = key - offset
        if _KEY_IS_STEM[index]:
            while end < length and is_word_character(text[end]):
                end += 1
        elif end < length and is_word_character(text[end]) and text[end - 1] != " ":
            continue
        group = _KEY_GROUP[index]
        if group == _PROTEST_GROUP and text[start:end] == "March" and _is_a_date(text, start, end):
            continue
        if found.get((start, group), -1) < end:
            found[(start, group)] = end
    cues = [(start, end, group) for (start, group), end in found.items()]
    cues.sort()
    # "peace agreement" is one cue, not also "agreement": a cue inside a longer one of its group is dropped.
    reach: dict[int, int] = {}
    kept: list[Cue] = []
    for start, end, group in cues:
        if reach.get(group, -1) >= end:
            continue
        reach[group] = max(reach.get(group, -1), end)
        kept.append((start, end, group))
    cues = kept
    blocked = [(start, end) for start, end, group in cues if group == NOT_A_CUE]
    if blocked:  # a cue inside a phrase that reads otherwise ("firefighters", "the war on drugs") is none
        cues = [
            cue
            for cue in cues
            if not any(start <= cue[0] and cue[1] <= end and (cue[0], cue[1]) != (start, end) for start, end in blocked)
        ]
    return _with_national_forces(text, cues)


_FORCES: Final = frozenset(["forces", "troops", "army", "soldiers", "military", "navy", "units"])
_DEMONYM_BEFORE: Final = re.compile(r"([A-Z][a-z]+(?:an|ese|i|ish|ch))\s+$")


def _with_national_forces(text: str, cues: list[Cue]) -> list[Cue]:
    """The cues plus a state cue for a nation's forces ("Syrian forces", "Nigerian troops"): named by
    their country, they are its state's, unless the name is a non-state group's ("Taliban forces")."""
    added: list[Cue] = []
    for start, end, group in cues:
        if group != ARMED or text[start:end].lower() not in _FORCES:
            continue
        before = _DEMONYM_BEFORE.search(text, max(0, start - 20), start)
        if before is None:
            continue
        named = before.start(1)
        if any(cue[2] in (NON_STATE, STATE) and cue[0] <= named < cue[1] for cue in cues):
            continue
        added.append((named, end, STATE))
    return sorted(cues + added) if added else cues


_GROUP_NUMBER: Final = {group: number for number, group in enumerate(_GROUPS)}
CHEMICAL: Final = _GROUP_NUMBER["chemical"]
SUICIDE: Final = _GROUP_NUMBER["suicide"]
GRENADE: Final = _GROUP_NUMBER["grenade"]
EXPLOSIVE: Final = _GROUP_NUMBER["explosive"]
AIR: Final = _GROUP_NUMBER["air"]
SHELLING: Final = _GROUP_NUMBER["shelling"]
CLASH: Final = _GROUP_NUMBER["clash"]
VIOLENCE: Final = _GROUP_NUMBER["violence"]
LETHAL: Final = _GROUP_NUMBER["lethal"]
CAPTURED: Final = _GROUP_NUMBER["captured"]
REGAINED: Final = _GROUP_NUMBER["regained"]
TRANSFER: Final = _GROUP_NUMBER["transfer"]
WEAPONS_DISRUPTED: Final = _GROUP_NUMBER["weapons_disrupted"]
WEAPON_FOUND: Final = _GROUP_NUMBER["weapon_found"]
WEAPON: Final = _GROUP_NUMBER["weapon"]
DISASTER: Final = _GROUP_NUMBER["disaster"]
ACCIDENT: Final = _GROUP_NUMBER["accident"]
INDUSTRY: Final = _GROUP_NUMBER["industry"]
CRIME: Final = _GROUP_NUMBER["crime"]
PROTEST: Final = _GROUP_NUMBER["protest"]
INTERVENTION: Final = _GROUP_NUMBER["intervention"]
RIOT: Final = _GROUP_NUMBER["riot"]
MOB: Final = _GROUP_NUMBER["mob"]
SEXUAL: Final = _GROUP_NUMBER["sexual"]
ABDUCTION: Final = _GROUP_NUMBER["abduction"]
ARREST: Final = _GROUP_NUMBER["arrest"]
AGREEMENT: Final = _GROUP_NUMBER["agreement"]
BASE: Final = _GROUP_NUMBER["base"]
GROUP_CHANGE: Final = _GROUP_NUMBER["group_change"]
DIPLOMATIC: Final = _GROUP_NUMBER["diplomatic"]
STATEMENT: Final = _GROUP_NUMBER["statement"]
CLAIMED_RESPONSIBILITY: Final = _GROUP_NUMBER["claimed_responsibility"]
PROPERTY: Final = _GROUP_NUMBER["property"]
EXPULSION: Final = _GROUP_NUMBER["expulsion"]
ARSON: Final = _GROUP_NUMBER["arson"]
RIOT_SOFT: Final = _GROUP_NUMBER["riot_soft"]
CROWD: Final = _GROUP_NUMBER["crowd"]
AIRCRAFT: Final = _GROUP_NUMBER["aircraft"]
HEAVY_WEAPON: Final = _GROUP_NUMBER["heavy_weapon"]
HIT: Final = _GROUP_NUMBER["hit"]
PRE_PROTEST: Final = _GROUP_NUMBER["pre_protest"]
CIVILIAN: Final = _GROUP_NUMBER["civilian"]
ARMED: Final = _GROUP_NUMBER["armed"]
STATE: Final = _GROUP_NUMBER["state"]
NON_STATE: Final = _GROUP_NUMBER["non_state"]
NOT_A_CUE: Final = _GROUP_NUMBER["not_a_cue"]
EXCESSIVE_FORCE: Final = _GROUP_NUMBER["excessive_force"]
RIOTERS: Final = _GROUP_NUMBER["rioters"]
NEGATION: Final = _GROUP_NUMBER["negation"]
# Cues that report violence done, whatever its means: a clause with none of them is not an attack.
_HARM: Final = frozenset([CHEMICAL, SUICIDE, GRENADE, EXPLOSIVE, AIR, SHELLING, CLASH, VIOLENCE])

# Cues of harm done (not of the weapons that may do it): "a bomb was found" reports none.
_HARM_DONE: Final = frozenset([CLASH, VIOLENCE, LETHAL, HIT])
_PASSIVE_BEFORE: Final = ("were ", "was ", "been ", "being ", "got ", "are ", "is ")


class Clause:
    """The cues of one clause, by group, with what the rules ask of them."""

    def __init__(self, text: str, cues: list[Cue], start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.by_group: dict[int, list[Cue]] = {}
        for position in range(bisect_left(cues, (start,)), len(cues)):  # from the clause on, not the article's start
            cue = cues[position]
            if cue[0] >= end:
                break
            if cue[1] <= end:
                self.by_group.setdefault(cue[2], []).append(cue)

    def has(self, group: int) -> bool:
        return group in self.by_group

    def words(self, group: int) -> list[str]:
        return [self.text[cue[0] : cue[1]] for cue in self.by_group.get(group, [])]

    def first(self, group: int) -> int:
        cues = self.by_group.get(group)
        return cues[0][0] if cues else -1

    def any_between(self, group: int, start: int, end: int) -> bool:
        return any(start <= cue[0] < end for cue in self.by_group.get(group, []))


def _victims_are(clause: Clause) -> int:
    """CIVILIAN or ARMED for who a violent clause harmed, or -1 when it does not say.

    The victims are named after an active verb ("gunmen killed two farmers") or before a passive one
    ("two soldiers were killed"); the other side is the attacker and does not decide."""
    verbs = [(cue[0], cue[1]) for group in (VIOLENCE, LETHAL, CLASH) for cue in clause.by_group.get(group, [])]
    if not verbs:
        return -1
    verb, verb_end = min(verbs)
    before = clause.text[max(clause.start, verb - 8) : verb]
    if before.endswith(_PASSIVE_BEFORE) or clause.text[verb_end : verb_end + 4] == " by ":
        window = (max(clause.start, verb - 80), verb)  # the victims just before "were killed", not a source
    else:
        by_at = clause.text.find(" by ", verb_end, clause.end)
        window = (verb_end, by_at if by_at >= 0 else clause.end)
    civilian = clause.any_between(CIVILIAN, *window)
    armed = clause.any_between(ARMED, *window)
    if armed and not civilian:
        return ARMED
    if civilian and not armed:
        return CIVILIAN
    if civilian and armed:  # "killed two soldiers and a woman": the first named decides
        first_civilian = min(cue[0] for cue in clause.by_group[CIVILIAN] if window[0] <= cue[0] < window[1])
        first_armed = min(cue[0] for cue in clause.by_group[ARMED] if window[0] <= cue[0] < window[1])
        return CIVILIAN if first_civilian < first_armed else ARMED
    return -1


# "captured (on Tuesday) by": the agent of a passive taking verb, not a "by" in a later clause.
_PASSIVE_AGENT: Final = re.compile(r"\w+(?:[ -]\w+){0,3}? by\b")


_SAYING: Final = frozenset(["said", "says", "told", "stated", "reported", "confirmed", "announced", "according to"])


def _after_attribution(clause: Clause, verb: int) -> int:
    """Where the reported clause starts before `verb`: after "an army spokesman said" or "according to
    the army,", whose speaker did not take the ground; the clause's start when nobody is quoted."""
    start = clause.start
    for cue_start, cue_end, _ in clause.by_group.get(STATEMENT, []):
        word = clause.text[cue_start:cue_end].lower()
        if cue_end <= verb and word in _SAYING:
            start = cue_end
            if word == "according to":
                comma = clause.text.find(",", cue_end, verb)
                start = comma if comma >= 0 else cue_end
    return start


def _territory_taker_is_state(clause: Clause, verb: int, default: bool) -> bool:
    """Whether the side that took the ground is the state's: the actor before the taking verb (the first
    named, when both are), or after "fell to" / "by"; the side named before a passive verb with no agent
    lost it ("militants were driven out"); `default` when the clause names neither side or both everywhere."""
    fell_to = clause.text.find("fell to", clause.start, clause.end)
    if fell_to >= 0 or _PASSIVE_AGENT.match(clause.text, verb, clause.end):
        window = (verb, clause.end)
        lost = False
    else:
        window = (_after_attribution(clause, verb), verb)
        lost = clause.text[max(clause.start, verb - 8) : verb].endswith(_PASSIVE_BEFORE)
    state = clause.any_between(STATE, *window)
    non_state = clause.any_between(NON_STATE, *window)
    if state != non_state:
        return state != lost
    if state and not lost and window[1] == verb:  # "Syrian army and allied fighters captured": the first named
        first_state = min(cue[0] for cue in clause.by_group[STATE] if window[0] <= cue[0] < verb)
        return first_state < min(cue[0] for cue in clause.by_group[NON_STATE] if window[0] <= cue[0] < verb)
    # Elsewhere in the clause, a side named after "from" lost the ground ("liberated from the Islamic State").
    takers = {
        group
        for group in (STATE, NON_STATE)
        for cue in clause.by_group.get(group, [])
        if not clause.text[max(clause.start, cue[0] - 9) : cue[0]].rstrip().endswith(("from", "from the"))
    }
    losers = {group for group in (STATE, NON_STATE) if clause.has(group)} - takers
    if len(takers) == 1:
        return STATE in takers
    if len(losers) == 1:
        return STATE not in losers
    return default


def _no_harm_before(clause: Clause, group: int) -> bool:
    """Whether no harm is told before the group's first cue, a finding verb: "bullets were seized" names a
    weapon, not a shot."""
    at = clause.first(group)
    weapons = {cue[0] for cue in clause.by_group.get(WEAPON, [])}
    return not any(
        cue[0] < at and cue[0] not in weapons for group in _HARM_DONE for cue in clause.by_group.get(group, [])
    )


def _weapon_near_verb(clause: Clause) -> bool:
    """Whether a weapon is what the finding verb found: named just before it ("weapons were seized") or just
    after it ("seized 40 rifles"), not anywhere in the clause ("seized the town; a bomb hit")."""
    verb = clause.first(WEAPON_FOUND)
    return any(-100 < cue[0] - verb < 100 for cue in clause.by_group.get(WEAPON, []))


_PEOPLE_TAKEN: Final = re.compile(
    r"\s+(?:\w+\s+){0,3}?(?:commanders?|leaders?|members?|suspects?|emirs?|chiefs?|spokesman|militants?|fighters?|"
    r"soldiers?|prisoners?)\b"
)


def _takes_people(clause: Clause, group: int) -> bool:
    """Whether the taking verb's object is people, not ground: "captured a senior commander" is an arrest."""
    end = clause.by_group[group][0][1]
    return _PEOPLE_TAKEN.match(clause.text, end, min(clause.end, end + 60)) is not None


# What the words just before a cue may say of it: that it is the setting of something else ("as part of a
# deal", "during the lockdown"), or what something else answered ("in retaliation for a gas attack").
_AS_CONTEXT: Final = re.compile(
    r"\b(?:as part of|under|based on|in line with|in accordance with|following|after signing|pursuant to|during|amid|amidst)\b[\w\s'’-]{0,40}$",
    re.IGNORECASE,
)
_AS_REASON: Final = re.compile(
    r"\b(?:accused of|in retaliation for|in response to|responsible for|blamed for)\b[\w\s'’-]{0,40}$", re.IGNORECASE
)


def _only_named_as(clause: Clause, group: int, framing: re.Pattern[str]) -> bool:
    """Whether every cue of the group comes just after words of `framing` (_AS_CONTEXT, _AS_REASON): the
    group is named as the setting or the cause of the clause's happening, not as the happening."""
    return all(
        framing.search(clause.text, max(clause.start, cue[0] - 60), cue[0]) is not None
        for cue in clause.by_group.get(group, [])
    )


def _before_any(clause: Clause, group: int, others: frozenset[int]) -> bool:
    """Whether the group's first cue comes before every cue of the other groups: the clause's main verb
    ("X claimed the attack", not "an attack blamed on X")."""
    at = clause.first(group)
    return all(not (0 <= clause.first(other) < at) for other in others)


def _crowd(clause: Clause) -> bool:
    """Whether the clause is about a demonstrating crowd: a protest word, rioters, or a crowd that fought or
    was met with force ("youths threw fireworks", "police fired tear gas at the students")."""
    if clause.has(PROTEST) or clause.has(RIOTERS):
        return True
    force = clause.has(INTERVENTION) and not clause.has(ARREST)  # an arrest is not crowd control
    return clause.has(CROWD) and (clause.has(RIOT) or force) and not clause.has(NON_STATE)


# What a crowd protests about: "to protest against police brutality", "demanding justice for students
# killed"; it runs to the next comma or conjunction that starts another happening.
_GRIEVANCE: Final = re.compile(
    r"\b(?:against|to protest|protesting|over the|to decry|decrying|to denounce|denouncing|to condemn|condemning|"
    r"to mourn|mourning|justice for|calling for|demanding|to demand|following the)\b[^,;]*?(?=,|;| as | when | after |$)"
)


def _grievances(clause: Clause) -> list[tuple[int, int]]:
    """The spans that say what a crowd protests about, after its first protest word."""
    opening = clause.first(PROTEST)
    if opening < 0:
        return []
    return [match.span() for match in _GRIEVANCE.finditer(clause.text, opening, clause.end)]


def _protest_type(clause: Clause) -> tuple[str, int]:
    """A crowd's sub-event type. Its own violence makes a riot, whatever the police did; force used on a
    peaceful crowd makes an intervention, deadly or brutal force an excessive one (ACLED's order). Force or
    unrest named as the crowd's grievance ("against police brutality") was not this crowd's."""
    grievances = _grievances(clause)

    def has(group: int) -> bool:
        return any(
            not any(start <= cue[0] < end for start, end in grievances) for cue in clause.by_group.get(group, [])
        )

    if clause.has(RIOTERS):
        return "violent-demonstration", RIOTERS
    if clause.has(RIOT):
        return "violent-demonstration", RIOT
    if has(EXCESSIVE_FORCE) and (has(INTERVENTION) or has(STATE) or has(ARMED) or has(LETHAL)):
        return "excessive-force-against-protesters", EXCESSIVE_FORCE
    if has(INTERVENTION):
        return "protest-with-intervention", INTERVENTION
    if has(RIOT_SOFT):  # "violence", "unrest": the crowd's, when nobody is said to have used force on it
        return "violent-demonstration", RIOT_SOFT
    return "peaceful-protest", PROTEST


# Who told of the happening, closing its clause: "…, police said.", "…, the district health officer told
# reporters." A speaker is no actor: "a man died in Kasese on Sunday, police said" is no clash.
_TOLD_BY: Final = re.compile(
    r",\s+(?:the\s+|a\s+)?[\w\s'’.-]{0,60}?\b(?:said|says|told|reported|added|stated)\b[^,]{0,40}$", re.IGNORECASE
)


def _armed_actor(clause: Clause) -> bool:
    """Whether an armed or state actor is named in the clause other than as the one who told of it."""
    firsts = [clause.first(group) for group in (ARMED, NON_STATE, STATE) if clause.has(group)]
    if not firsts:
        return False
    told = _TOLD_BY.search(clause.text, clause.start, clause.end)
    return told is None or min(firsts) < told.start()  # named before the speaker's part


def _decide(clause: Clause) -> tuple[str, int]:
    """The sub-event type of a clause and the cue group that decided it; ("", -1) when no cue decides.

    The order is the codebook's precedence: the means of an attack (chemical, suicide, grenade, air,
    artillery, explosive) decide before its target; a crowd decides before the weapons it faced; the
    outcome (ground taken, weapons seized, people arrested, property destroyed) before a generic attack."""
    has = clause.has
    harm = any(has(group) for group in _HARM)
    armed_actor = _armed_actor(clause)
    # A claim, accusation or denial is the clause's happening; the attack it is about is reported elsewhere.
    if has(CLAIMED_RESPONSIBILITY) and not has(ARREST) and _before_any(clause, CLAIMED_RESPONSIBILITY, _HARM):
        return "statement-or-claim", CLAIMED_RESPONSIBILITY
    if has(EXPULSION) and not has(LETHAL):
        return "diplomatic-act", EXPULSION
    attacker = has(NON_STATE) or has(CLASH) or has(VIOLENCE)
    # A chemical attack named as the reason for strikes ("airstrikes on the group it accused of a chlorine
    # attack", "in retaliation for a suspected gas attack") is not their means.
    chemical_as_reason = _only_named_as(clause, CHEMICAL, _AS_REASON) and (has(AIR) or has(SHELLING) or has(AIRCRAFT))
    if has(CHEMICAL) and (attacker or not has(ACCIDENT)) and not chemical_as_reason:
        return "chemical-weapon", CHEMICAL
    if has(SUICIDE):
        return "suicide-bomb", SUICIDE
    # An agreement the clause names more than once outweighs the fighting it ended ("a ceasefire deal brokered
    # by Russia after 24 hours of fighting").
    only_fighting = not any(has(group) for group in _HARM if group != CLASH)
    named_twice = len(clause.by_group.get(AGREEMENT, [])) >= 2
    agreed = not harm or _before_any(clause, AGREEMENT, _HARM) or (only_fighting and named_twice)
    # "as part of a deal", "under an evacuation deal": the deal is why; what was done under it is the happening.
    acted_under = _only_named_as(clause, AGREEMENT, _AS_CONTEXT) and any(
        has(group) for group in (TRANSFER, BASE, GROUP_CHANGE, CAPTURED, REGAINED)
    )
    if has(AGREEMENT) and agreed and not acted_under and not has(LETHAL) and not has(ARREST) and not _crowd(clause):
        return "agreement", AGREEMENT
    # Weapons defused, intercepted, shot down or found: the weapon did not do its harm.
    found = has(WEAPON_FOUND) and _weapon_near_verb(clause) and _no_harm_before(clause, WEAPON_FOUND)
    disrupted = has(WEAPONS_DISRUPTED) or found
    struck = has(AIR) or has(SHELLING) or ((has(AIRCRAFT) or has(HEAVY_WEAPON)) and has(HIT))
    if disrupted and not (has(CLAIMED_RESPONSIBILITY) or has(DISASTER) or _crowd(clause) or struck):
        return "disrupted-weapons-use", WEAPONS_DISRUPTED if has(WEAPONS_DISRUPTED) else WEAPON_FOUND
    if has(GRENADE):
        return "grenade", GRENADE
    if has(MOB) and not has(PROTEST) and not has(NON_STATE):  # a mob that is not demonstrating
        return "mob-violence", MOB
    if _crowd(clause) and not (struck or has(CAPTURED) or has(REGAINED)):
        if (
            has(ARREST)
            and has(PRE_PROTEST)
            and _before_any(clause, ARREST, frozenset([PROTEST, RIOTERS, RIOT, LETHAL]))
        ):
            return "arrests", ARREST  # "police arrested activists ahead of the protest", not at it
        return _protest_type(clause)
    if has(MOB) and not has(NON_STATE):  # a mob is no organised armed group: "insurgents set upon a base"
        return "mob-violence", MOB
    # "a shop was looted during the COVID-19 lockdown": the disaster is when, the looting is what happened.
    disaster_as_context = _only_named_as(clause, DISASTER, _AS_CONTEXT) and (
        has(PROPERTY) or has(ARREST) or has(VIOLENCE)
    )
    if has(DISASTER) and not (armed_actor and harm) and not disaster_as_context:
        return "natural-disaster", DISASTER
    # A crash, fire, leak or explosion that nobody set off: no attacker, no weapon of war.
    peaceable = not (attacker or has(SHELLING) or has(GRENADE) or has(SUICIDE) or has(ARSON) or has(MOB))
    peaceable = peaceable and not (has(WEAPON) and has(EXPLOSIVE))  # "a roadside bomb exploded": no accident
    if peaceable and (has(ACCIDENT) or (has(INDUSTRY) and has(EXPLOSIVE))):
        return "industrial-or-transport-accident", ACCIDENT if has(ACCIDENT) else INDUSTRY
    if has(SEXUAL):
        return "sexual-violence", SEXUAL
    if has(ABDUCTION) and (has(ARMED) or not has(CRIME)):
        return "abduction-forced-disappearance", ABDUCTION
    if has(CRIME) and not (has(CLASH) or (has(VIOLENCE) and has(NON_STATE))):
        return "organised-crime", CRIME
    # Ground the other side left without a fight changes hands without a battle.
    if has(TRANSFER) and (not harm or _before_any(clause, TRANSFER, _HARM | {CAPTURED, REGAINED})):
        return "non-violent-transfer-of-territory", TRANSFER
    # Ground taken: whose forces took it decides, not the verb ("militants recaptured the village").
    taken = REGAINED if has(REGAINED) else CAPTURED
    if has(taken) and _takes_people(clause, taken):  # people taken: arrested by the state, else abducted
        if _territory_taker_is_state(clause, clause.first(taken), default=True):
            return "arrests", taken
        return "abduction-forced-disappearance", taken
    # Ground only tried for ("an attack to capture the positions was fended off") was not taken.
    tried = has(taken) and clause.text.endswith("to ", clause.start, clause.first(taken))
    if (
        has(taken)
        and not has(ARREST)
        and not tried
        and (armed_actor or has(CLASH) or taken == REGAINED)
        and _before_any(clause, taken, _HARM)
    ):
        if _territory_taker_is_state(clause, clause.first(taken), default=taken == REGAINED):
            return "government-regains-territory", taken
        return "non-state-actor-overtakes-territory", taken
    # Aircraft and heavy weapons are only named in much that is no attack (drills, deliveries, tests): they
    # make one when something was hit, or the words are the attack itself ("air strike", "shelling").
    # Of an aircraft and a heavy weapon that hit, the first named struck ("a missile hit, destroying helicopters").
    aircraft_first = not has(HEAVY_WEAPON) or 0 <= clause.first(AIRCRAFT) < clause.first(HEAVY_WEAPON)
    if has(AIR) or (has(AIRCRAFT) and has(HIT) and aircraft_first and not has(SHELLING)):
        return "air-drone-strike", AIR if has(AIR) else AIRCRAFT
    if has(SHELLING) or (has(HEAVY_WEAPON) and has(HIT)):
        return "shelling-artillery-missile-attack", SHELLING if has(SHELLING) else HEAVY_WEAPON
    if has(EXPLOSIVE) and (harm or has(LETHAL)):
        return "remote-explosive-landmine-ied", EXPLOSIVE
    if has(RIOT) and has(CROWD) and not has(NON_STATE):
        return "violent-demonstration", RIOT
    if has(ABDUCTION):
        return "abduction-forced-disappearance", ABDUCTION
    if has(PROPERTY) and not has(LETHAL) and (not has(CLASH) or _before_any(clause, PROPERTY, frozenset([CLASH]))):
        return "looting-property-destruction", PROPERTY
    if has(ARREST) and not has(LETHAL):
        return "arrests", ARREST
    if has(CLASH) and not armed_actor and has(CIVILIAN):  # "villagers clashed with sticks": a communal brawl
        return "mob-violence", CLASH
    if has(CLASH):
        return "armed-clash", CLASH
    if has(VIOLENCE) or (has(LETHAL) and armed_actor):
        victims = _victims_are(clause)
        deciding = VIOLENCE if has(VIOLENCE) else LETHAL
        two_sides = has(STATE) and has(NON_STATE)
        if victims == CIVILIAN or (victims != ARMED and not two_sides):
            return "attack", deciding
        return "armed-clash", deciding
    if has(AGREEMENT) and not acted_under:
        return "agreement", AGREEMENT
    if has(ARREST):
        return "arrests", ARREST
    if has(BASE) and armed_actor and _before_any(clause, BASE, frozenset([GROUP_CHANGE])):
        return "headquarters-or-base-established", BASE
    if has(GROUP_CHANGE) and armed_actor:  # "deployed reinforcements to observation points": the move, not the post
        return "change-to-group-activity", GROUP_CHANGE
    if has(AGREEMENT):  # nothing done under the deal decided: the deal it is
        return "agreement", AGREEMENT
    if has(DIPLOMATIC):
        return "diplomatic-act", DIPLOMATIC
    if has(STATEMENT):
        return "statement-or-claim", STATEMENT
    return "", -1


# Cue groups too common to decide a type against a happening's own trigger ("said", "joined", "deployed").
_WEAK_GROUPS: Final = frozenset([STATEMENT, GROUP_CHANGE])


def sub_event_type(text: str, cues: list[Cue], start: int, end: int) -> tuple[str, tuple[str, ...], bool]:
    """The ACLED sub-event type (or kind outside ACLED) of text[start:end], the words that decided it, and
    whether they are decisive (not only a common word); ("", (), False) when no cue decides one."""
    clause = Clause(text, cues, start, end)
    slug, group = _decide(clause)
    if not slug:
        return "", (), False
    return slug, tuple(dict.fromkeys(clause.words(group))), group not in _WEAK_GROUPS


def fits(sub: str, plain_type: str) -> bool:
    """Whether a sub-event type can stand under a plain type: its own, or one of the same ACLED event type
    ("territory" holds both a battle for ground and a non-violent transfer)."""
    sub_type = SUB_EVENT_TYPES_BY_SLUG[sub]
    default = SUB_EVENT_TYPES_BY_SLUG[SUB_EVENT_OF_PLAIN_TYPE.get(plain_type, "other")]
    return sub_type.plain_type == plain_type or sub_type.event_type == default.event_type


def sub_event_of(sub: str, plain_type: str) -> str:
    """An event's sub-event type: the one read from its clause while it fits the plain type, else the one the
    plain type stands for (a person's correction of the plain type drops a reading that no longer fits)."""
    if sub and fits(sub, plain_type):
        return sub
    return SUB_EVENT_OF_PLAIN_TYPE.get(plain_type, "other")


def negated(text: str, cues: list[Cue], start: int, end: int) -> bool:
    """Whether text[start:end] holds a negation ("no", "not", "never", "denied"): what it reports may not
    have happened, so its cue words alone do not make it an event."""
    return Clause(text, cues, start, end).has(NEGATION)


# ACLED's actor categories, as its `inter` codes number them.
INTER_CODES: Final = {
    "state forces": 1,
    "rebel group": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other forces": 8,
}
_ACTOR_KINDS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("external/other forces", ("peacekeeper", "coalition", "nato", "united nations", "un mission", "wagner")),
    ("rioters", ("rioter", "mob", "looters")),
    ("protesters", ("protester", "protestor", "demonstrator", "marchers", "strikers")),
    ("identity militia", ("herders", "ethnic militia", "communal militia", "tribal militia", "clan militia")),
    (
        "rebel group",
        (
            "rebel",
            "insurgent",
            "separatist",
            "jihadist",
            "taliban",
            "al-shabaab",
            "al shabaab",
            "boko haram",
            "islamic state",
            "isis",
            "isil",
            "daesh",
            "pkk",
            "houthi",
            "iswap",
            "jnim",
            "al-qaeda",
            "al qaeda",
            "maoist",
            "naxal",
            "guerrilla",
            "rapid support forces",
            "rsf",
            "m23",
            "militants",
            "militant",
        ),
    ),
    (
        "political militia",
        ("militia", "gunmen", "gunman", "armed men", "armed group", "unidentified", "bandit", "vigilante"),
    ),
    (
        "state forces",
        (
            "army",
            "soldier",
            "troops",
            "military",
            "police",
            "security forces",
            "armed forces",
            "government forces",
            "navy",
            "air force",
            "gendarme",
            "marines",
            "national guard",
            "authorities",
            "government",
            "ministry",
            "border guard",
            "defence forces",
            "defense forces",
            "forces",
        ),
    ),
    (
        "civilians",
        (
            "civilian",
            "villager",
            "resident",
            "farmer",
            "journalist",
            "student",
            "women",
            "children",
            "people",
            "worker",
            "red cross",
            "icrc",
            "refugee",
        ),
    ),
)


_UNIDENTIFIED: Final = frozenset(["gunmen", "gunman", "armed men", "bandits", "armed group", "armed groups"])
_VICTIMS_ARE_CIVILIANS: Final = frozenset(["attack", "abduction-forced-disappearance", "sexual-violence"])
_CROWDS: Final = {
    "peaceful-protest": "Protesters",
    "protest-with-intervention": "Protesters",
    "excessive-force-against-protesters": "Protesters",
    "violent-demonstration": "Rioters",
    "mob-violence": "Rioters",
}


def unnamed_actors(text: str, cues: list[Cue], start: int, end: int, sub: str) -> tuple[str, str]:
    """Actors a clause names only by kind ("gunmen", "protesters", "police"), for an event that names no one:
    the first such word as actor1 (an unnamed armed group as ACLED calls it), and "Civilians" as actor2 of
    violence against civilians."""
    clause = Clause(text, cues, start, end)
    first: tuple[int, int] | None = None
    for group in (NON_STATE, STATE, RIOTERS, CROWD):
        for cue in clause.by_group.get(group, []):
            passive_victim = text[cue[1] : cue[1] + 6] in (" were ", " was k", " was s", " were")
            if not passive_victim and (first is None or cue[0] < first[0]):
                first = (cue[0], cue[1])
    actor1 = ""
    if first is not None:
        word = text[first[0] : first[1]]
        actor1 = "Unidentified armed group" if word.lower() in _UNIDENTIFIED else word[:1].upper() + word[1:]
    actor2 = "Civilians" if sub in _VICTIMS_ARE_CIVILIANS else ""
    if sub in _CROWDS:  # ACLED names the crowd first and the force that met it second
        state = clause.by_group.get(STATE)
        police = text[state[0][0] : state[0][1]] if state and sub != "peaceful-protest" else ""
        return _CROWDS[sub], police[:1].upper() + police[1:]
    return actor1, actor2


_WORD: Final = re.compile(r"[\w'-]+")


def actor_kind(name: str) -> str:
    """ACLED's category for an actor named in a text ("Russian peacekeepers": external/other forces);
    "" when the words do not say. An unnamed armed group is a political militia, as ACLED codes one."""
    lowered = " " + " ".join(_WORD.findall(name.lower())) + " "
    for kind, words in _ACTOR_KINDS:
        # whole words, or their plural: "Mobile police" holds no mob, "President" no resident
        if any(f" {word} " in lowered or f" {word}s " in lowered for word in words):
            return kind
    return ""

"""The demo's community asset map: Northshire's community walk in Millbrook, with twenty
assets across the six kinds, their access and a few locations. Asha's gift is on the
map with her agreement. (Plans link Asha's "My community" section to the library, and
meetings meet at the community hub: their own demos do that.)"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from equalvoice.core.demo import Demo

from . import actions

G, A, INST, P, B, C = "gift", "association", "institution", "place", "business", "culture"

# (kind, name, area, description, access features, opening times, contact, location)
ASSETS: list[tuple[str, str, str, str, set[str], str, str, tuple[str, str] | None]] = [
    (
        A,
        "Millbrook Walking Football",
        "Millbrook",
        "Slow football for anyone over 50, or anyone who wants a gentler game.",
        {"step_free", "accessible_toilets"},
        "Tuesdays 10am to 11.30am",
        "Ring Gary on 01632 960 311",
        ("53.72410", "-1.86320"),
    ),
    (
        A,
        "Millbrook Tenants and Residents Association",
        "Millbrook",
        "Meets monthly about repairs, the park and the bus.",
        {"step_free", "hearing_loop"},
        "First Monday of the month, 7pm",
        "millbrooktra@example.org",
        None,
    ),
    (
        A,
        "Knit and Natter",
        "Millbrook",
        "Knitting, crochet and a cup of tea. All welcome, beginners too.",
        {"step_free", "quiet_space"},
        "Thursdays 2pm to 4pm",
        "Ask at the library desk",
        None,
    ),
    (
        A,
        "Men in Sheds, Canal Yard",
        "Canal Side",
        "Woodwork and repairs, side by side.",
        {"accessible_toilets"},
        "Wednesdays and Saturdays, 10am to 3pm",
        "01632 960 488",
        ("53.72180", "-1.85790"),
    ),
    (
        INST,
        "Millbrook Library",
        "Millbrook",
        "Books, computers, a warm space and the Tuesday job club.",
        {"step_free", "quiet_space", "hearing_loop", "accessible_toilets"},
        "Monday to Saturday, 9am to 5pm",
        "01632 960 200",
        ("53.72365", "-1.86105"),
    ),
    (
        INST,
        "Millbrook Primary School",
        "Millbrook",
        "The hall is let out to groups in the evenings.",
        {"step_free", "accessible_toilets"},
        "Evenings by arrangement",
        "office@millbrook-primary.example",
        None,
    ),
    (
        INST,
        "Northshire Community Hub",
        "Millbrook",
        "The council’s hub on Mill Street: rooms to book, advice and the working group’s meetings.",
        {"step_free", "quiet_space", "hearing_loop", "accessible_toilets"},
        "Monday to Friday, 9am to 8pm",
        "hub@northshire.example",
        ("53.72290", "-1.86240"),
    ),
    (
        INST,
        "Millbrook Health Centre",
        "Millbrook",
        "GP surgery with a social prescriber on Wednesdays.",
        {"step_free", "hearing_loop", "accessible_toilets"},
        "Monday to Friday, 8am to 6.30pm",
        "01632 960 100",
        None,
    ),
    (
        P,
        "Millbrook Park",
        "Millbrook",
        "Bandstand, flat paths round the pond and a changing-places toilet by the café.",
        {"step_free", "accessible_toilets"},
        "Dawn to dusk",
        "",
        ("53.72510", "-1.86480"),
    ),
    (
        P,
        "Canal towpath",
        "Canal Side",
        "Flat and quiet from the lock to the aqueduct. Benches every 200 metres.",
        {"step_free", "quiet_space"},
        "Always open",
        "",
        None,
    ),
    (
        P,
        "St Anne’s community garden",
        "Millbrook",
        "Raised beds anyone can use; tools in the shed.",
        {"step_free", "quiet_space"},
        "Saturdays 10am to 1pm",
        "Ask for Maureen",
        ("53.72220", "-1.86600"),
    ),
    (
        B,
        "Patel’s Corner Shop",
        "Millbrook",
        "Open late, delivers to neighbours who cannot get out.",
        set(),
        "7am to 10pm every day",
        "01632 960 555",
        None,
    ),
    (
        B,
        "The Bridge Café",
        "Canal Side",
        "Pay-as-you-feel lunches on Fridays; dementia friendly.",
        {"step_free", "quiet_space", "accessible_toilets"},
        "Monday to Saturday, 8am to 4pm",
        "01632 960 612",
        ("53.72150", "-1.85900"),
    ),
    (
        B,
        "Millbrook Launderette",
        "Millbrook",
        "Service washes; the owner knows everyone on the estate.",
        {"step_free"},
        "8am to 8pm",
        "",
        None,
    ),
    (
        B,
        "Hartley’s Bakery",
        "Millbrook",
        "Gives the day’s bread to the food bank at closing time.",
        set(),
        "Monday to Saturday, 7am to 2pm",
        "",
        None,
    ),
    (
        C,
        "Millbrook Brass Band",
        "Millbrook",
        "Rehearses in the school hall; plays at the park in summer.",
        {"step_free"},
        "Thursdays 7.30pm",
        "millbrookbrass@example.org",
        None,
    ),
    (
        C,
        "The Canal Mural",
        "Canal Side",
        "Painted by local young people in 2019: the history of the mill.",
        {"step_free"},
        "Always there",
        "",
        ("53.72120", "-1.85720"),
    ),
    (
        C,
        "Millbrook Mela",
        "Millbrook",
        "The summer festival in the park: food, music and stalls from every community.",
        {"step_free", "accessible_toilets"},
        "Every July",
        "mela@example.org",
        None,
    ),
    (
        G,
        "Asha’s Jamaican cooking",
        "Millbrook",
        "Asha cooks for the knit and natter group and would teach a class.",
        set(),
        "",
        "Through the working group",
        None,
    ),
    (
        G,
        "Rosa’s British Sign Language",
        "Millbrook",
        "Rosa signs and is happy to help at meetings and events.",
        set(),
        "",
        "Through the working group",
        None,
    ),
]


def build(demo: Demo) -> None:
    council = demo.council
    facilitator = demo.facilitators[council.slug]
    walkers = [demo.people[n] for n in ("Asha Okafor", "Dev Anand-Price", "Rosa Linnell")]
    walk = actions.walk_start(
        actor=facilitator,
        organisation=council,
        walked_on=timezone.localdate() - timedelta(days=24),
        area="Millbrook",
        walkers=walkers,
        notes="We walked from the library to the canal and back through the park, and "
        "asked people we met what they value.",
    )
    for kind, name, area, text, features, opens, contact, where in ASSETS:
        values = {
            "category": kind,
            "name": name,
            "area": area,
            "description": text,
            "opening_times": opens,
            "contact": contact,
            "latitude": Decimal(where[0]) if where else None,
            "longitude": Decimal(where[1]) if where else None,
            **dict.fromkeys(features, True),
        }
        if name.startswith("Asha"):
            actions.asset_add(
                actor=demo.people["Asha Okafor"],
                organisation=council,
                values=values,
                walk=walk,
                whose="mine",
            )
        elif name.startswith("Rosa"):
            actions.asset_add(
                actor=facilitator,
                organisation=council,
                values=values,
                walk=walk,
                whose="someone",
                consent_from="Rosa Linnell",
                consent_confirmed=True,
            )
        else:
            actions.asset_add(actor=facilitator, organisation=council, values=values, walk=walk)

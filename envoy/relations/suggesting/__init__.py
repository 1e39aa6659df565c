"""Proposing what a report mentions — people, organisations, cities, networks, events,
presentations, site visits and agreements — for a user to confirm, correct or reject.

:func:`suggest` reads an ``envoy.report`` document (docs/json-export.md) and writes nothing.
The first call in a process loads the gazetteer (GeoNames' cities, about half a second).
"""

from .context import make_context
from .events import (
    find_agreements,
    find_events,
    find_networks,
    find_presentations,
    network_suggestions,
)
from .gazetteer import gazetteer
from .organisations import find_organisations
from .people import find_people
from .places import find_cities
from .suggestions import (
    AgreementSuggestion,
    CitySuggestion,
    EventSuggestion,
    NetworkSuggestion,
    OrganisationSuggestion,
    PersonSuggestion,
    PresentationSuggestion,
    SiteVisitSuggestion,
    Suggestions,
    make_key,
)
from .visits import find_site_visits

__all__ = [
    "AgreementSuggestion",
    "CitySuggestion",
    "EventSuggestion",
    "NetworkSuggestion",
    "OrganisationSuggestion",
    "PersonSuggestion",
    "PresentationSuggestion",
    "SiteVisitSuggestion",
    "Suggestions",
    "make_key",
    "suggest",
]


def suggest(document: dict, *, home_city: str = "", home_country: str = "") -> Suggestions:
    """What ``document`` mentions, in the order the report first mentions each.

    The home city (whose people are ``our_side``) is read from the host agency
    (新北市政府秘書處 → 新北); ``home_city`` and ``home_country`` stand in when the host
    agency does not name a city the gazetteer knows.
    """
    context = make_context(document, gazetteer(), home_city=home_city, home_country=home_country)
    people = find_people(context)
    networks = find_networks(context)
    events = find_events(context, networks)
    return Suggestions(
        people=tuple(people),
        networks=tuple(network_suggestions(context, networks)),
        events=tuple(events),
        presentations=tuple(find_presentations(context, people, events)),
        site_visits=tuple(find_site_visits(context, events)),
        agreements=tuple(find_agreements(context)),
        # Last: the finders above leave the cities and organisations they name as hints.
        cities=tuple(find_cities(context)),
        organisations=tuple(find_organisations(context)),
    )

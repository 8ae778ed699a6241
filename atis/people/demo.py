"""Synthetic persons: Serbian names in Latin and Cyrillic, foreign names for foreign
nationals. Deterministic for a given seed."""

import datetime

from atis.core.translit import to_cyrillic
from atis.people import services
from atis.people.models import Person

SERBIAN_FEMALE = ["Ana", "Milica", "Jelena", "Marija", "Ivana", "Jovana", "Tijana", "Dragana",
                  "Snežana", "Katarina", "Nevena", "Sanja", "Ljiljana", "Đurđina", "Teodora"]
SERBIAN_MALE = ["Marko", "Nikola", "Stefan", "Luka", "Miloš", "Nemanja", "Dušan", "Đorđe",
                "Aleksandar", "Vuk", "Filip", "Lazar", "Bogdan", "Željko", "Uroš"]
SERBIAN_FAMILY = ["Jovanović", "Petrović", "Nikolić", "Marković", "Đorđević", "Stojanović",
                  "Ilić", "Stanković", "Pavlović", "Milošević", "Popović", "Živković",
                  "Kovačević", "Todorović", "Ristić", "Lukić", "Savić", "Mitrović", "Šećerović"]
FOREIGN = {
    "RO": (["Ioana", "Elena", "Andrei", "Mihai"], ["Popescu", "Ionescu", "Dumitru"]),
    "BG": (["Desislava", "Petya", "Georgi", "Ivan"], ["Dimitrova", "Petrov", "Georgiev"]),
    "UA": (["Olena", "Iryna", "Oleksandr", "Dmytro"], ["Shevchenko", "Kovalenko", "Bondarenko"]),
    "CN": (["Li Na", "Wang Fang", "Zhang Wei", "Liu Yang"], ["Li", "Wang", "Zhang"]),
    "IN": (["Priya", "Anjali", "Rahul", "Arjun"], ["Sharma", "Singh", "Kumar"]),
    "NP": (["Sita", "Gita", "Ram", "Bikash"], ["Thapa", "Gurung", "Tamang"]),
    "AF": (["Zahra", "Maryam", "Ahmad", "Farid"], ["Ahmadi", "Rahimi", "Hakimi"]),
    "SY": (["Fatima", "Layla", "Omar", "Khaled"], ["Haddad", "Khoury", "Nasser"]),
}


def person_row(rng, today: datetime.date) -> dict:
    female = rng.random() < 0.75
    age = rng.choice([rng.randint(12, 17), rng.randint(18, 45)])
    dob = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    if rng.random() < 0.8:
        country = "RS"
        given = rng.choice(SERBIAN_FEMALE if female else SERBIAN_MALE)
        family = rng.choice(SERBIAN_FAMILY)
        if rng.random() < 0.3:
            given, family = to_cyrillic(given), to_cyrillic(family)
    else:
        country = rng.choice(sorted(FOREIGN))
        given_names, family_names = FOREIGN[country]
        given = rng.choice(given_names[:2] if female else given_names[2:])
        family = rng.choice(family_names)
    return {"sex": "female" if female else "male", "birth_year": dob.year,
            "citizenships": [country],
            "identity": {"given_name": given, "family_name": family, "date_of_birth": dob,
                         "phones": [f"06{rng.randint(0, 9)}{rng.randint(1000000, 9999999)}"]}}


def generate(*, rng, scale: int, users, out) -> None:
    if Person.objects.exists():
        return
    today = datetime.date.today()
    count = 40 * scale
    rows = [person_row(rng, today) for _ in range(count)]
    services.persons_bulk_create(actor_label="demo-data", rows=rows,
                                 assign_to=users["caseworker"], assign_share=0.5)
    out(f"  {count} synthetic persons")

"""Made-up land disputes for the bench and demo seeders: plausible, never anyone's."""

from datetime import date, timedelta
from random import Random
from typing import Any

from legalaid.land.models import DisputeNature, PartyKind, PartyRole

# How often each nature comes before the commissions (farmer-herder and boundaries most).
NATURES = {
    DisputeNature.BOUNDARY: 30,
    DisputeNature.FARMER_HERDER: 25,
    DisputeNature.INHERITANCE: 15,
    DisputeNature.OWNERSHIP: 15,
    DisputeNature.WOMEN_ACCESS: 10,
    DisputeNature.OTHER: 5,
}
PLACES = ("Socoura", "Sévaré", "Konna", "Fatoma", "Dioro", "Niono", "Kita", "Bougouni")
LINEAGES = ("Kouyaté", "Cissé", "Traoré", "Diarra", "Sangaré", "Guindo", "Togo", "Maïga")
FIRST_NAMES = ("Hamadoun", "Boubacar", "Oumar", "Aminata", "Fatoumata", "Mariam", "Sékou")
PARCELS = (
    "Champ de mil en bordure du marigot",
    "Rizière de bas-fond",
    "Parcelle de jardin maraîcher",
    "Couloir de passage des animaux",
    "Terrain d'habitation",
)


def dispute_details(
    rng: Random, opened_on: date, reference: dict[str, list[int]]
) -> dict[str, Any]:
    """A dispute before one of `reference["land_commissions"]` (ids), seized up to a month
    before the case was opened, with one to three other parties; its keys are `LandDispute`'s
    attributes and `party_rows` (the kind's `new_details` takes them as they are)."""
    natures = list(NATURES)
    nature = rng.choices(natures, weights=[NATURES[n] for n in natures])[0]
    place = rng.choice(PLACES)
    parties = [
        {
            "id": None,
            "kind": PartyKind.GROUP,
            "full_name": f"Lignage {rng.choice(LINEAGES)} de {place}",
            "sex": None,
            "role": PartyRole.OTHER,
            "phone": None,
        }
    ]
    for _number in range(rng.randint(0, 2)):
        female = rng.random() < 0.4
        first = rng.choice(FIRST_NAMES[3:6] if female else FIRST_NAMES[:3] + FIRST_NAMES[6:])
        parties.append(
            {
                "id": None,
                "kind": PartyKind.PERSON,
                "full_name": f"{first} {rng.choice(LINEAGES)}",
                "sex": "F" if female else "M",
                "role": PartyRole.OTHER,
                "phone": "+223 7" + "".join(str(rng.randint(0, 9)) for _digit in range(7)),
            }
        )
    return {
        "commission_id": rng.choice(reference["land_commissions"]),
        "nature": nature,
        "place": place,
        "parcel": rng.choice(PARCELS),
        "latitude": None,
        "longitude": None,
        "seized_on": opened_on - timedelta(days=rng.randint(0, 30)),
        "party_rows": parties,
    }

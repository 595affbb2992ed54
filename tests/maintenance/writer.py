"""Writes cases until killed, for the crash test: `python tests/maintenance/writer.py DBURL`.

The database is migrated to head and seeded first. Each reference is printed (and flushed) only
after its case was committed: whatever the test reads must survive a SIGKILL.
"""

import sys

from flask_migrate import upgrade

from legalaid.reference.services import seed_reference_data
from tests.builders import make_case, make_organisation, make_user
from tests.conftest import build_app

KINDS = ("litigation", "gbv", "detention")


def write_forever(database_url: str) -> None:
    """Take in cases of the three kinds, one after another, printing each reference."""
    app = build_app(database_url)
    with app.app_context():
        upgrade()
        seed_reference_data()
        paralegal = make_user("paralegal", organisation=make_organisation())
        written = 0
        while True:
            kind = KINDS[written % len(KINDS)]
            case = make_case(
                kind,
                by=paralegal,
                full_name=f"Bénéficiaire {written}",
                adverse_parties=["Partie adverse"] if kind == "litigation" else None,
            )
            print(case.reference, flush=True)
            written += 1


if __name__ == "__main__":
    write_forever(sys.argv[1])

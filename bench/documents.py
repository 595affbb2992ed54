"""Time to fill each default template and draw its PDF, on an invented case.

    .venv/bin/python bench/documents.py --rounds 20

No database: the templates are built from `legalaid/drafting/defaults/` and filled with the
preview's invented values, so only the filling (docxtpl) and the PDF (fpdf2) are measured.
"""

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from legalaid import create_app
from legalaid.drafting.defaults import DEFAULTS, SOURCES, build_docx
from legalaid.drafting.fields import sample_values
from legalaid.drafting.filling import fill
from legalaid.drafting.pdf import docx_to_pdf


def _timed(work, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    """Print the median milliseconds per template: filling, then the PDF of the filled file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        print("| template | fill (ms) | PDF (ms) |")
        print("| --- | --- | --- |")
        for default in DEFAULTS:
            content = build_docx((SOURCES / f"{default.code}.fr.txt").read_text("utf-8"))
            kind = default.case_kinds or "detention"
            values = sample_values(kind, on=date(2026, 12, 3), language="fr")
            filled = fill(content, values, "fr").content
            fill_ms = _timed(lambda c=content, v=values: fill(c, v, "fr"), rounds)
            pdf_ms = _timed(lambda f=filled: docx_to_pdf(f), rounds)
            print(f"| {default.code} | {fill_ms:.1f} | {pdf_ms:.1f} |")


if __name__ == "__main__":
    main()

"""The bare Flask app that `pages.py` measures every page against, under the same gunicorn.

    gunicorn --chdir bench bare:app

One route, no extension, no database, no session: what a request costs Flask and gunicorn
alone on this machine at this moment. Its body is a small HTML page, so that the only difference
from a real page is the work the application does.
"""

from flask import Flask

app = Flask(__name__)

BODY = "<!doctype html><html lang=fr><title>bare</title><p>bare Flask</p></html>"


@app.get("/")
def bare() -> str:
    """The cheapest page Flask can serve."""
    return BODY

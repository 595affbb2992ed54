"""Entry point for `flask` and gunicorn: `gunicorn wsgi:app`."""

from legalaid import create_app

app = create_app()

"""Keeping the data safe and no longer than needed: backups, restores, the retention purge.

Commands only (see `cli.py`); no pages, hence no blueprint.
"""

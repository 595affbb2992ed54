"""The roles of DESIGN.md; what each may do is decided in `permissions.py`."""

from enum import StrEnum


class Role(StrEnum):
    """The six roles of DESIGN.md."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    LAWYER = "lawyer"
    PARALEGAL = "paralegal"
    PRISON_OFFICER = "prison_officer"
    VIEWER = "viewer"

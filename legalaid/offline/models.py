"""What each device sent while offline, kept so that a retried sync creates nothing twice."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from legalaid.extensions import check_in, db
from legalaid.timeutils import utcnow


class ItemType(StrEnum):
    """What a queued item does once it reaches the server."""

    INTAKE = "intake"
    NOTE = "note"
    EDIT = "edit"
    VISIT = "visit"


class SyncedItem(db.Model):
    """One queued item the server has carried out: its client-made id makes a retry a no-op
    (it answers with what the first attempt did), and it says which device sent it."""

    __tablename__ = "synced_items"
    __table_args__ = (
        CheckConstraint(check_in("item_type", ItemType), name="item_type"),
        Index("ix_synced_items_user_id_received_at", "user_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(String(36))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    item_type: Mapped[str] = mapped_column(String(10))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # What the item did, in the words the device shows ("DET-2026-00012, DET-2026-00013").
    result: Mapped[str] = mapped_column(String(500), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

"""Server-side sessions: the cookie carries only a random id; the data lives in the database.

A session row can be deleted at any time (logout, password or role change, deactivation, an
admin ending it), and the cookie that pointed to it is then worthless. Rows expire after an idle
period and an absolute lifetime, both configurable.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

import flask
from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin, session_json_serializer
from sqlalchemy import Executable, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import CallbackDict

from legalaid.auth.models import UserSession
from legalaid.extensions import db
from legalaid.offline import OFFLINE_COPY_HEADER
from legalaid.timeutils import utcnow

# last_seen is written at most this often, so that reading pages is not a write each time.
TOUCH_INTERVAL = timedelta(seconds=60)


def new_session_id() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class ServerSession(CallbackDict, SessionMixin):
    """The session dict of one request, bound to a database row by `sid`."""

    def __init__(
        self,
        initial: dict | None = None,
        sid: str | None = None,
        row: Any = None,
        expired_user_id: int | None = None,
    ):
        def on_update(session: "ServerSession") -> None:
            session.modified = True

        super().__init__(initial, on_update)
        self.sid = sid
        self.row = row
        self.modified = False
        self.rotated_from: str | None = None
        # Whose session this cookie pointed to before it expired: lets the "sign in again" page
        # name the account and keep a form for that user only. Never stored anywhere.
        self.expired_user_id = expired_user_id

    def regenerate(self) -> None:
        """Give the session a new id (at login), so that an id seen before login is useless."""
        if self.sid and not self.rotated_from:
            self.rotated_from = self.sid
        self.sid = None
        self.modified = True


def end_sessions(user_id: int, *, except_sid: str | None = None) -> int:
    """Delete every session of a user (password or role change, deactivation); returns count."""
    query = delete(UserSession).where(UserSession.user_id == user_id)
    if except_sid:
        query = query.where(UserSession.id != except_sid)
    with db.engine.begin() as connection:
        return connection.execute(query).rowcount


def session_handle(session_id: str) -> str:
    """What a page may show of a session: a keyed hash of its id, useless as a cookie."""
    key = flask.current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, session_id.encode(), hashlib.sha256).hexdigest()[:32]


def end_one_session(user_id: int, handle: str) -> bool:
    """Delete the session of `user_id` whose handle is `handle`; False when none is."""
    session_ids = db.session.scalars(select(UserSession.id).where(UserSession.user_id == user_id))
    matching = [sid for sid in session_ids if hmac.compare_digest(session_handle(sid), handle)]
    if not matching:
        return False
    with db.engine.begin() as connection:
        connection.execute(delete(UserSession).where(UserSession.id.in_(matching)))
    return True


def sessions_of(user_id: int) -> list[UserSession]:
    """A user's sessions, most recently used first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user_id)
            .order_by(UserSession.last_seen_at.desc())
        )
    )


def refresh_idle_clock(session: ServerSession) -> None:
    """Restart the idle timeout now ("stay signed in"): the row's last_seen is written."""
    session.modified = True


def idle_seconds_left(app: Flask) -> int:
    """Seconds a page just served may stay idle before its session expires.

    last_seen is written at most every TOUCH_INTERVAL, so the page counts from the oldest it
    may be: the warning comes early rather than late.
    """
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    return int(max(idle - TOUCH_INTERVAL, idle / 2).total_seconds())


class DatabaseSessionInterface(SessionInterface):
    """Flask's session, stored in the `user_sessions` table."""

    def _expired(self, app: Flask, row: Any, now: datetime) -> bool:
        idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
        lifetime = timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
        return row.last_seen_at < now - idle or row.created_at < now - lifetime

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.get_cookie_name(app))
        if not sid:
            return ServerSession()
        with db.engine.connect() as connection:
            row = connection.execute(select(UserSession).where(UserSession.id == sid)).first()
        if row is None:
            return ServerSession()
        if self._expired(app, row, utcnow()):
            # A page copied for offline work in the background leaves the expired row to the
            # user's own next request, whose "sign in again" page names the account.
            if not request.headers.get(OFFLINE_COPY_HEADER):
                with db.engine.begin() as connection:
                    connection.execute(delete(UserSession).where(UserSession.id == sid))
            return ServerSession(expired_user_id=row.user_id)
        return ServerSession(session_json_serializer.loads(row.data or "{}"), sid=sid, row=row)

    def _writes(self, session: ServerSession, now: datetime) -> list[Executable]:
        """What this request changes in the session table.

        Nothing when the session is untouched, so most requests need no second connection.
        """
        writes: list[Executable] = []
        if session.rotated_from:
            writes.append(delete(UserSession).where(UserSession.id == session.rotated_from))
        if not session:
            if session.sid:
                writes.append(delete(UserSession).where(UserSession.id == session.sid))
            return writes
        user_id = session.get("_user_id")
        values = {"data": session_json_serializer.dumps(dict(session)), "last_seen_at": now}
        if session.sid is None:
            session.sid = new_session_id()
            writes.append(
                insert(UserSession).values(
                    id=session.sid,
                    user_id=int(user_id) if user_id else None,
                    created_at=now,
                    ip=(flask.request.remote_addr or "")[:64],
                    user_agent=flask.request.headers.get("User-Agent", "")[:200],
                    **values,
                )
            )
        elif session.modified or session.row.last_seen_at < now - TOUCH_INTERVAL:
            if user_id:
                values["user_id"] = int(user_id)
            writes.append(update(UserSession).where(UserSession.id == session.sid).values(**values))
        return writes

    def _store(self, app: Flask, writes: list[Executable]) -> bool:
        """Write the session; False, logged, when the database refuses (a full disk, a lock).

        It runs after the request's work was committed: its failure must not turn a saved
        change into an error page, which the user would answer by saving it again. The cookie
        is then left as it was.
        """
        try:
            with db.engine.begin() as connection:
                for statement in writes:
                    connection.execute(statement)
        except SQLAlchemyError:
            app.logger.exception("the session could not be saved")
            return False
        return True

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        name, domain, path = (
            self.get_cookie_name(app),
            self.get_cookie_domain(app),
            self.get_cookie_path(app),
        )
        if session.expired_user_id is not None and flask.request.headers.get(OFFLINE_COPY_HEADER):
            return  # nothing of a background copy's answer replaces the expired session
        writes = self._writes(session, utcnow())
        if writes and not self._store(app, writes):
            return
        if not session:
            if session.sid or session.rotated_from:
                response.delete_cookie(name, domain=domain, path=path)
        elif writes:
            response.set_cookie(
                name,
                session.sid,
                httponly=self.get_cookie_httponly(app),
                secure=self.get_cookie_secure(app),
                samesite=self.get_cookie_samesite(app),
                domain=domain,
                path=path,
            )

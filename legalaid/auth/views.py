"""Login, logout and password change."""

from flask import current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from legalaid.accounts.models import User
from legalaid.audit.services import audit_now
from legalaid.auth import bp
from legalaid.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    ReplaceSecondFactorForm,
    SecondFactorForm,
    SignInAgainForm,
)
from legalaid.auth.mfa import enrol, new_secret, qr_svg
from legalaid.auth.passwords import check_password
from legalaid.auth.resume import sign_in_again_page, values_kept_by
from legalaid.auth.services import (
    authenticate,
    change_password,
    check_second_factor,
    pending_second_factor,
    record_sign_in,
    safe_next_path,
    second_factor_replaced,
)
from legalaid.auth.sessions import (
    end_one_session,
    idle_seconds_left,
    refresh_idle_clock,
    session_handle,
    sessions_of,
)
from legalaid.extensions import limiter
from legalaid.permissions import Permission, public, requires
from legalaid.timeutils import utcnow


def _complete_login(user: User, next_path: str | None):
    record_sign_in(user)
    login_user(user)
    audit_now("login", by=user, obj=user)
    return redirect(next_path or url_for("main.home"))


def _fresh_session() -> None:
    """A new, empty session id at sign-in (an id seen before is worthless); the language stays."""
    language = session.get("lang")
    session.clear()
    session.regenerate()
    if language:
        session["lang"] = language


def _login_failed_text() -> str:
    # Translators: one message for an unknown email, a wrong password and a locked account.
    return _(
        "Incorrect email or password. After %(count)d failed attempts, "
        "an account is locked for %(minutes)d minutes.",
        count=current_app.config["LOGIN_MAX_FAILURES"],
        minutes=current_app.config["LOGIN_LOCK_MINUTES"],
    )


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Sign in by email and password (then the second factor, when enrolled)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            next_path = safe_next_path(request.args.get("next"))
            _fresh_session()
            if not user.totp_secret:
                return _complete_login(user, next_path)
            session.update(mfa_user_id=user.id, mfa_since=utcnow().timestamp(), mfa_next=next_path)
            return redirect(url_for("auth.second_factor"))
        form.form_errors.append(_login_failed_text())
    return render_template("auth/login.html", form=form)


@bp.post("/sign-in-again")
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def sign_in_again():
    """Password (and second factor) again after the session expired, keeping the refused form.

    The same rules as the login: lockout counted in the database, one message for every failure.
    Once signed in, the user goes back to the form's page (JavaScript fills it in again) or, when
    the page carried the kept values (no JavaScript), sees them to send again.
    """
    form = SignInAgainForm()
    kept = values_kept_by(request.form)
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None and user.totp_secret:
            if not form.code.data:
                form.code.errors.append(_("Enter the code from your authenticator app."))
                return sign_in_again_page(kept, form)
            if check_second_factor(user, form.code.data) != "ok":
                user = None
        if user is not None:
            target = safe_next_path(form.next.data)  # a path on this site only
            _fresh_session()
            signed_in = _complete_login(user, target)
            if not kept:
                return signed_in
            return render_template("auth/form_kept.html", kept=kept, target=target)
        form.form_errors.append(_login_failed_text())
    return sign_in_again_page(kept, form)


@bp.route("/second-factor", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def second_factor():
    """The code from the authenticator app (or a recovery code), after the password."""
    user = pending_second_factor(session.get("mfa_user_id"), session.get("mfa_since"))
    if user is None:
        session.pop("mfa_user_id", None)
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        outcome = check_second_factor(user, form.code.data)
        if outcome == "ok":
            next_path = session.pop("mfa_next", None)
            session.pop("mfa_user_id", None)
            session.pop("mfa_since", None)
            session.regenerate()
            return _complete_login(user, next_path)
        form.code.errors.append(
            _("This code was already used; wait for the next one.")
            if outcome == "reused"
            else _("Wrong code.")
        )
    return render_template("auth/second_factor.html", form=form)


@bp.route("/second-factor/setup", methods=["GET", "POST"])
@requires(Permission.OWN_ACCOUNT)
def second_factor_setup():
    """Enrol an authenticator app: scan the QR code, type one code, keep the recovery codes."""
    secret = session.get("mfa_setup_secret") or new_secret()
    session["mfa_setup_secret"] = secret
    replacing = bool(current_user.totp_secret)
    form = ReplaceSecondFactorForm() if replacing else SecondFactorForm()
    if form.validate_on_submit():
        if replacing and not check_password(form.current_password.data, current_user.password_hash):
            form.current_password.errors.append(_("The current password is wrong."))
            audit_now("mfa_replace_refused", by=current_user, obj=current_user, outcome="refused")
        else:
            codes = enrol(current_user, secret, form.code.data)
            if codes is not None:
                session.pop("mfa_setup_secret", None)
                audit_now(
                    "mfa_replace" if replacing else "mfa_enrol", by=current_user, obj=current_user
                )
                if replacing:
                    second_factor_replaced(current_user)
                return render_template("auth/recovery_codes.html", codes=codes)
            form.code.errors.append(_("Wrong code."))
    return render_template(
        "auth/second_factor_setup.html", form=form, qr=qr_svg(current_user, secret), secret=secret
    )


@bp.post("/keep-alive")
@requires(Permission.OWN_ACCOUNT)
def keep_alive():
    """Stay signed in: restart the idle clock; answers how long the session may now stay idle."""
    refresh_idle_clock(session)
    return jsonify(idle_seconds=idle_seconds_left(current_app))


@bp.post("/logout")
@requires(Permission.OWN_ACCOUNT)
def logout():
    """Sign out and forget the session."""
    audit_now("logout", by=current_user, obj=current_user)
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@requires(Permission.OWN_ACCOUNT)
def change_password_view():
    """Change one's own password (required at first login)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if check_password(form.current_password.data, current_user.password_hash):
            change_password(current_user, form.new_password.data, current_sid=session.sid)
            session.regenerate()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.home"))
        form.current_password.errors.append(_("The current password is wrong."))
    return render_template("auth/change_password.html", form=form)


@bp.get("/sessions")
@requires(Permission.OWN_ACCOUNT)
def sessions():
    """My open sessions (browser, address, last seen), each of which I can end."""
    return render_template(
        "auth/sessions.html",
        sessions=sessions_of(current_user.id),
        current_sid=session.sid,
        handle=session_handle,
    )


@bp.post("/sessions/<handle>/end")
@requires(Permission.OWN_ACCOUNT)
def end_session(handle: str):
    """End one of my sessions (a phone left behind, a shared computer)."""
    if end_one_session(current_user.id, handle):
        audit_now("session_end", by=current_user, obj=current_user)
    return redirect(url_for("auth.sessions"))


@bp.app_context_processor
def session_clock() -> dict:
    """Lets every page tell forms.js how long it may stay idle before the session expires."""
    return {"idle_seconds_left": lambda: idle_seconds_left(current_app)}

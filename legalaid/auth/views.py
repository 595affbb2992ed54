"""Login, logout and password change."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
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
)
from legalaid.auth.mfa import enrol, new_secret, qr_svg
from legalaid.auth.passwords import check_password
from legalaid.auth.services import (
    authenticate,
    change_password,
    check_second_factor,
    pending_second_factor,
    record_sign_in,
    safe_next_path,
    second_factor_replaced,
)
from legalaid.auth.sessions import end_one_session, session_handle, sessions_of
from legalaid.extensions import limiter
from legalaid.permissions import Permission, public, requires
from legalaid.timeutils import utcnow


def _complete_login(user: User, next_path: str | None):
    record_sign_in(user)
    login_user(user)
    audit_now("login", by=user, obj=user)
    return redirect(next_path or url_for("main.home"))


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
            language = session.get("lang")
            next_path = safe_next_path(request.args.get("next"))
            session.clear()
            session.regenerate()  # a new id at login: an id seen before login is worthless
            if language:
                session["lang"] = language
            if not user.totp_secret:
                return _complete_login(user, next_path)
            session.update(mfa_user_id=user.id, mfa_since=utcnow().timestamp(), mfa_next=next_path)
            return redirect(url_for("auth.second_factor"))
        # Translators: one message for an unknown email, a wrong password and a locked account.
        form.form_errors.append(
            _(
                "Incorrect email or password. After %(count)d failed attempts, "
                "an account is locked for %(minutes)d minutes.",
                count=current_app.config["LOGIN_MAX_FAILURES"],
                minutes=current_app.config["LOGIN_LOCK_MINUTES"],
            )
        )
    return render_template("auth/login.html", form=form)


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

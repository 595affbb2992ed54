"""Login, logout and password change."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from legalaid.auth import bp
from legalaid.auth.forms import ChangePasswordForm, LoginForm
from legalaid.auth.passwords import check_password
from legalaid.auth.services import authenticate, change_password, safe_next_path
from legalaid.permissions import Permission, public, requires


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign in by email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            language = session.get("lang")
            session.clear()  # a fresh session at login: nothing carried over from before
            login_user(user)
            if language:
                session["lang"] = language
            return redirect(safe_next_path(request.args.get("next")) or url_for("main.home"))
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


@bp.post("/logout")
@requires(Permission.OWN_ACCOUNT)
def logout():
    """Sign out and forget the session."""
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
            change_password(current_user, form.new_password.data)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.home"))
        form.current_password.errors.append(_("The current password is wrong."))
    return render_template("auth/change_password.html", form=form)

"""Login and password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from legalaid.auth.passwords import password_problem
from legalaid.formutils import PlainTextForm


class LoginForm(PlainTextForm):
    """Email and password; field names fixed by the foundation issue."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Sign in"))


def strong_password(_form, field) -> None:
    """12 to 128 characters, not a common password; no silent truncation anywhere."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class ChangePasswordForm(PlainTextForm):
    """The user's own password change, confirmed by the current password."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), strong_password])
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))


class SecondFactorForm(PlainTextForm):
    """A 6-digit code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"},
    )
    submit = SubmitField(_l("Continue"))


class ReplaceSecondFactorForm(SecondFactorForm):
    """Replacing an enrolled second factor: the password first, so that a session left open
    on a shared phone cannot move the account to someone else's authenticator."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])


class SignInAgainForm(PlainTextForm):
    """Signing in again after the session expired, on the page of the refused form.

    The code field is checked only for an account with a second factor, which must give it here
    too: re-authenticating is a full sign-in.
    """

    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("Code from the authenticator app (if you use one)"),
        validators=[Length(max=20)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"},
    )
    next = HiddenField()
    submit = SubmitField(_l("Sign in again"))

"""The words offline.js shows, in the user's language, handed to it as JSON by the page (the
CSP forbids inline script, and a cached page must carry them to a device with no server)."""

from flask_babel import gettext as _

from legalaid.offline import bp


@bp.app_template_global()
def offline_texts() -> dict[str, str]:
    """Every text of offline.js, by the name it uses; `{count}` and the like are filled there."""
    return {
        "waiting": _("Waiting to be sent ({count})"),
        "nothingWaiting": _("Nothing waits to be sent on this device."),
        "queued": _("Kept on this device; it will be sent when the connection returns."),
        "choosePin": _(
            "Choose a PIN for offline work (6 to 12 digits). It protects what waits on this device."
        ),
        "enterPin": _("Your offline PIN"),
        "pinRule": _("The PIN has 6 to 12 digits."),
        "wrongPin": _("Wrong PIN."),
        "wipedAfterFailures": _("Too many wrong PINs: what this device kept has been deleted."),
        "unlock": _("Unlock"),
        "signInToSend": _("Sign in again to send what waits."),
        "noConnection": _("No connection: what waits will be sent later."),
        "needsConnection": _(
            "This button needs the connection: fill the rows shown, add more once the case is sent."
        ),
        "narrativeOnline": _("The account of events is typed online only, once the case is sent."),
        "kept": _("Kept on this device for offline work."),
        "keepCase": _("Keep on this device for offline work"),
        "open": _("Open"),
        "reopen": _("Correct in the form"),
        "reopened": _("The refused item is back in the form: correct it and send it again."),
        "delete": _("Delete"),
        "confirmDelete": _("Delete this item? It has not been sent."),
        "confirmWipe": _("Delete everything this device keeps? What has not been sent is lost."),
        "newPerson": _("None of them: create a new beneficiary"),
        "acknowledge": _("I have taken note of the possible conflict of interest"),
        "sendWithChoice": _("Send with this choice"),
        "yours": _("Yours"),
        "server": _("On the server"),
        "keep-yours": _("Keep mine"),
        "keep-server": _("Keep the server's"),
        "keep-merge": _("Merge"),
        "noKeptDetainees": _("No detainee of this prison is kept on this device."),
        "visitNote": _("Note for {reference}"),
        "type-intake": _("New case"),
        "type-note": _("Note or action"),
        "type-edit": _("Case correction"),
        "type-visit": _("Prison visit"),
    }

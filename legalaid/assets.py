"""Static files under content-hashed URLs, so that a phone on a weak line downloads Bootstrap once.

`url_for('static', ...)` and `url_for('bootstrap.static', ...)` (which Bootstrap-Flask's
`load_css()`/`load_js()` call) get `?v=<hash of the file's bytes>`. A request carrying the file's
current hash is cached for a year as immutable: a new file has a new hash, hence a new URL. Any
other request for a static file (no hash, or a stale one) is cached briefly, then revalidated
with its ETag (a 304).
"""

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

STATIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})
VERSION_ARG = "v"
YEAR_SECONDS = 365 * 24 * 3600
REVALIDATE_AFTER_SECONDS = 300


class AssetVersions:
    """Short hashes of static files' bytes, computed once per file content.

    A file's size and modification time are checked on each use, so that a stylesheet edited
    while the development server runs gets a new URL at once.
    """

    def __init__(self) -> None:
        self._known: dict[str, tuple[int, int, str]] = {}

    def version(self, path: str) -> str:
        """The first 12 hex digits of the SHA-256 of the file at `path`."""
        stat = Path(path).stat()
        cached = self._known.get(path)
        if cached is not None and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
        self._known[path] = (stat.st_mtime_ns, stat.st_size, digest)
        return digest


def static_file_path(app: Flask, endpoint: str, filename: str) -> str | None:
    """Where the file a static endpoint serves lies on disk; None when it does not exist."""
    blueprint = endpoint.rpartition(".")[0]
    folder = app.blueprints[blueprint].static_folder if blueprint else app.static_folder
    path = safe_join(folder, filename) if folder else None
    return path if path and Path(path).is_file() else None


def current_version(endpoint: str, filename: str) -> str | None:
    """The hash of the file as it is now, or None for a file that does not exist."""
    app = current_app
    path = static_file_path(app, endpoint, filename)
    return app.extensions["asset_versions"].version(path) if path else None


def add_version_to_static_urls(endpoint: str, values: dict) -> None:
    """`url_defaults` hook: a static file's URL names the hash of its bytes."""
    if endpoint not in STATIC_ENDPOINTS or "filename" not in values:
        return
    version = current_version(endpoint, values["filename"])
    if version:
        values.setdefault(VERSION_ARG, version)


def serves_static_file(response: Response) -> bool:
    """Whether this response is a static file (the same for everyone, so cacheable anywhere)."""
    return request.endpoint in STATIC_ENDPOINTS and response.status_code < 400


def cache_static_files(response: Response) -> Response:
    """A year, immutable, for a hashed URL that names the current file; else a short max-age."""
    if not serves_static_file(response):
        return response
    filename = (request.view_args or {}).get("filename", "")
    asked = request.args.get(VERSION_ARG)
    endpoint = request.endpoint or ""
    hashed = asked is not None and asked == current_version(endpoint, filename)
    response.cache_control.no_cache = None
    response.cache_control.public = True
    response.cache_control.max_age = YEAR_SECONDS if hashed else REVALIDATE_AFTER_SECONDS
    response.cache_control.immutable = hashed
    return response


def register(app: Flask) -> None:
    """Hash the static URLs of every template and set the caching headers of static files."""
    app.extensions["asset_versions"] = AssetVersions()
    app.url_defaults(add_version_to_static_urls)
    app.after_request(cache_static_files)

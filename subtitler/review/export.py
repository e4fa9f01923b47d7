"""``review --export review.html``: the page as one read-only file.

The same page and script as the server's, with the style, the script and
the data (cues, findings, marks, waveform) inside the file; the media is
referenced by its path relative to the HTML file, so the page plays it when
both travel together (a shared drive, a zip). The data sits in a
``<script type="application/json">`` element with ``<``, ``>`` and ``&``
escaped, and a content security policy lets only the page's own script run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .app import SCRIPTS, asset
from .media import PEAKS_PER_S
from .session import ReviewSession, review_writes
from .view import Viewer

_STYLE_TAG = '<link rel="stylesheet" href="static/app.css?token={{token}}">'


def _json_for_html(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sha(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def media_url(media: Path, html_file: Path) -> str:
    """The media's path relative to the HTML file, as a URL path."""
    rel = os.path.relpath(media.resolve(), html_file.resolve().parent)
    return "/".join(quote(part) for part in Path(rel).parts)


def export_data(session: ReviewSession, out: Path) -> dict[str, Any]:
    data = Viewer(session).full()
    data["file"]["media_url"] = media_url(session.setup.media.path, out)
    sound = session.setup.sound
    if sound is not None:
        data["waveform"] = {"per_s": PEAKS_PER_S, "peaks": sound.peaks_b64(),
                            "onsets": sound.onsets, "ends": sound.ends}
    data["status"]["journal"] = None
    data["status"]["dirty"] = False
    return data


def render(session: ReviewSession, out: Path) -> str:
    """The self-contained HTML for ``session``'s file, to be written at ``out``."""
    page, style = asset("index.html"), asset("app.css")
    script = "\n".join(asset(name) for name in SCRIPTS)  # one scope, as when loaded in turn
    if "</script" in script.lower() or "</style" in style.lower():
        raise AssertionError("an asset would end its inline element early")
    csp = (f"default-src 'none'; script-src 'sha256-{_sha(script)}'; "
           f"style-src 'sha256-{_sha(style)}'; img-src data:; "
           "media-src * file: blob: data:; base-uri 'none'; form-action 'none'")
    data = _json_for_html(export_data(session, out))
    name = html.escape(session.setup.subtitles.name)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">'
    title = f"<title>{name} \u2014 subtitler review (read-only)</title>"
    page = page.replace("<title>subtitler review</title>", f"{meta}\n{title}")
    page = page.replace(_STYLE_TAG, f"<style>{style}</style>")
    inline = f'<script id="review-data" type="application/json">{data}</script>\n'
    page = page.replace("{{scripts}}", f"{inline}<script>{script}</script>")
    return page


def export(session: ReviewSession, out: Path) -> None:
    """Write the page at ``out`` through ``files``: never over the media, the
    subtitles, the source, a glossary or the run report (``UsageError``),
    nor over a file subtitler did not write (``EditedOutputError``)."""
    writes = review_writes(session.setup, "review --export")
    writes.add_input(session.setup.report_path, "the run report")
    claim = writes.claim(out, hint="name another file, or move that one away first")
    claim.write(render(session, out).encode("utf-8"))

"""Leaflet served by the app itself, so maps render with no CDN and no network beyond the app's own server.

The files are committed under static/leaflet/ (from the npm registry, at the version folium's template names; see
static/README.md) and Streamlit serves them at /app/static/ (`server.enableStaticServing`).
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
LEAFLET = STATIC / "leaflet"
URL = "/app/static/leaflet/"


def leaflet_links() -> tuple[list[str], list[str], bool]:
    """(js links, css links, served locally?) for the map component."""
    return [URL + "leaflet.js"], [URL + "leaflet.css"], True


def leaflet_version() -> str:
    """The version in the committed leaflet.js banner ("Leaflet 1.9.3, a JS library …")."""
    head = (LEAFLET / "leaflet.js").read_text(encoding="utf-8")[:300]
    return head.split("Leaflet ", 1)[1].split(",", 1)[0]

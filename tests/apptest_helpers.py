"""Helpers for Streamlit AppTest runs shared by several test files."""

from __future__ import annotations


def library_radio(at):
    """The sidebar's library list (key ``library-<doc>``), not the interface-language radio."""
    return next(r for r in at.sidebar.radio if str(r.key).startswith("library-"))

"""Helpers for Streamlit AppTest runs shared by several test files."""

from __future__ import annotations


def library_radio(at):
    """The sidebar's library list (key ``library-<doc>``), not the interface-language radio."""
    return next(r for r in at.sidebar.radio if str(r.key).startswith("library-"))


def reader_payload(at) -> dict:
    """The reader component's data payload (a components-v2 element is an UnknownElement)."""
    import json

    for el in at.main:
        proto = getattr(el, "proto", None)
        if proto is not None and getattr(proto, "component_name", "") == "dari_reader":
            return json.loads(proto.bytes)
    raise AssertionError("the reader component is not on the page")


def run_app(params: dict | None = None, timeout: float = 60):
    """app.py through AppTest with these query parameters, run once; fails on an exception."""
    from streamlit.testing.v1 import AppTest

    from dari import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at

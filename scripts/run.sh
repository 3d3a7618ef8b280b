#!/usr/bin/env bash
# Starts the reader on the bundled article: a virtual environment with the pinned
# runtime (requirements.txt) and the import worker's Kiwi (requirements-worker.txt, for the
# "Add a text" page), then Streamlit. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt -r requirements-worker.txt
# Bytecode ahead of time: where PYTHONDONTWRITEBYTECODE is set (containers often set it) the
# server could never cache it and every new process compiled dari again (~60 ms of a first page).
.venv/bin/python -m compileall -q dari app.py >/dev/null
exec .venv/bin/python -m streamlit run app.py "$@"

#!/usr/bin/env bash
# Starts the reader on the bundled article: a virtual environment with the pinned
# runtime (requirements.txt) and the import worker's Kiwi (requirements-worker.txt, for the
# "Add a text" page), then Streamlit. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt -r requirements-worker.txt
exec .venv/bin/python -m streamlit run app.py "$@"

#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs the system packages the tests
# need (Chromium for the browser tests, Nanum fonts so Hangul renders, gettext for
# msgfmt), a virtual environment with requirements-dev.txt, then pytest.
# Extra arguments go to pytest: bash scripts/test.sh -k glossary
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)  # the learner tests start their own cluster
{ command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi nanum; } || missing+=(fonts-nanum)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"

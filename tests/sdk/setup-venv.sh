#!/usr/bin/env bash
# The virtualenv the SDK conformance test (tests/sdk) runs Okta's official Python Management
# SDK in, with the version pinned in tests/sdk/requirements.txt from PyPI.
#   tests/sdk/setup-venv.sh [VENV]    (default: target/sdk-venv)
# Quick and quiet when the pinned SDK is already there; says why and exits 1 when it cannot
# install it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:-$here/../../target/sdk-venv}"
requirements="$here/requirements.txt"
pin="$(grep -E '^okta==' "$requirements")"

installed() {
  "$venv/bin/python" - "${pin#okta==}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if version("okta") == sys.argv[1] else 1)
PY
}

if installed; then
  exit 0
fi
echo "setup-venv: installing Okta's Python SDK ($pin) from PyPI into $venv" >&2
if ! python3 -m venv "$venv"; then
  echo "setup-venv: cannot create a virtualenv at $venv; install Python 3 with its venv module (Debian/Ubuntu: apt-get install python3-venv)" >&2
  exit 1
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"; then
  echo "setup-venv: cannot install $pin from PyPI into $venv; check the network or proxy (pip's own message is above)" >&2
  exit 1
fi
if ! installed; then
  echo "setup-venv: $venv still lacks $pin after installing it" >&2
  exit 1
fi

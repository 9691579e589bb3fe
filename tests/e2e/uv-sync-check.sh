#!/usr/bin/env bash
# Prove that tests/e2e/project builds without Nix: copy it to a temporary directory,
# create the git source, run
#   uv sync --frozen --no-dev --no-install-project --no-install-workspace
# with the machine's CPython 3.11, and import the compiled modules.
#
# Needs: uv, CPython 3.11 (PYTHON311, default the pyenv one), network access to PyPI,
# and the Debian packages libpq-dev libkrb5-dev libxmlsec1-dev libxml2-dev
# libxslt1-dev pkg-config (gcc too). No extra environment variables are needed.
#
# Usage: tests/e2e/uv-sync-check.sh [WORKDIR]   (default: a new mktemp -d)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
PYTHON311=${PYTHON311:-/root/.pyenv/versions/3.11.7/bin/python3.11}
work=${1:-$(mktemp -d /tmp/uv2nix-e2e-XXXXXX)}

"$here/make-git-source.sh" >/dev/null
mkdir -p "$work"
rm -rf "$work/project"
cp -r "$here/project" "$work/project"
cd "$work/project"
rm -rf .venv

export UV_PYTHON="$PYTHON311" UV_PYTHON_DOWNLOADS=never
export UV_CACHE_DIR=${UV_CACHE_DIR:-$work/uv-cache}

start=$(date +%s)
uv sync --frozen --no-dev --no-install-project --no-install-workspace
echo "uv sync took $(( $(date +%s) - start )) s"

# psycopg must be imported before psycopg_c (psycopg_c refuses otherwise).
.venv/bin/python -c "import psycopg, psycopg_c, gssapi, lxml.etree, xmlsec, ocigit; print('imports ok')"
PYTHONPATH=.:packages/e2emember .venv/bin/python -c "import e2eapp; print(e2eapp.check())"

#!/usr/bin/env bash
# Create a small pure-Python package as a git repository at DEST, deterministically:
# fixed file contents, fixed author/committer names, emails and dates, one commit on
# branch `main`. The commit SHA is therefore identical on every machine, every time.
#
# Usage: tests/e2e/make-git-source.sh [DEST]   (default /tmp/uv2nix-authentik-git/gitpkg)
#
# The fixtures under tests/fixtures/ and tests/e2e/project/ reference this repository
# as `git+file:///tmp/uv2nix-authentik-git/gitpkg` pinned to EXPECTED_SHA below.
# Prints the commit SHA on stdout. Idempotent: if DEST already holds EXPECTED_SHA at
# HEAD, it does nothing.
set -euo pipefail

EXPECTED_SHA=416779e839fa93ccb5b9ea6be63f463efaedc03d
DEST=${1:-/tmp/uv2nix-authentik-git/gitpkg}

if [ -d "$DEST/.git" ] && [ "$(git -C "$DEST" rev-parse HEAD 2>/dev/null || true)" = "$EXPECTED_SHA" ]; then
  echo "$EXPECTED_SHA"
  exit 0
fi
if [ -e "$DEST" ] && [ -n "$(ls -A "$DEST" 2>/dev/null)" ]; then
  echo "make-git-source.sh: $DEST exists and is not the expected repository; remove it first" >&2
  exit 1
fi

mkdir -p "$DEST/ocigit"
cd "$DEST"

cat > pyproject.toml <<'PYPROJECT'
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "ocigit"
version = "0.1.0"
description = "Tiny pure-Python package served from a local git repository (uv2nix-authentik test fixture)"
requires-python = ">=3.8"
dependencies = []

[tool.setuptools]
packages = ["ocigit"]
PYPROJECT

cat > ocigit/__init__.py <<'PY'
"""Tiny test package installed from a git source."""

__version__ = "0.1.0"


def hello() -> str:
    return "hello from ocigit"
PY

cat > README.md <<'MD'
# ocigit

Test fixture for uv2nix-authentik: a pure-Python package installed from git.
MD

# Fixed, environment-independent git settings.
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="uv2nix-authentik fixtures"
export GIT_AUTHOR_EMAIL="fixtures@uv2nix-authentik.invalid"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME"
export GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2024-01-01T00:00:00+0000"
export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
export TZ=UTC

git init -q -b main .
git config core.autocrlf false
git config core.fileMode true
chmod 0644 pyproject.toml ocigit/__init__.py README.md
git add pyproject.toml ocigit/__init__.py README.md
git commit -q --no-gpg-sign -m "ocigit 0.1.0"

SHA=$(git rev-parse HEAD)
if [ "$EXPECTED_SHA" != "__SHA__" ] && [ "$SHA" != "$EXPECTED_SHA" ]; then
  echo "make-git-source.sh: got commit $SHA, expected $EXPECTED_SHA" >&2
  exit 1
fi
echo "$SHA"

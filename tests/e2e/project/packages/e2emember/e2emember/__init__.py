"""Workspace member of the uv2nix-authentik end-to-end test project."""

import six


def name() -> str:
    return "e2emember" if six.PY3 else "?"

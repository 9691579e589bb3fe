"""Stand-in for authentik's package: the files its project recipe patches."""
__version__ = "2026.2.0"

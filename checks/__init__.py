"""Built-in checks. Each module registers itself with :mod:`checks.registry` on import."""

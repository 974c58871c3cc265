"""The package version, where every layer can read it (run configs record it)."""

__version__ = "0.1.0"

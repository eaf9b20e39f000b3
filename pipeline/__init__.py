"""sohoa: scanned Vietnamese administrative documents → structured, schema-checked JSON."""
from __future__ import annotations

__version__ = "0.1.0"

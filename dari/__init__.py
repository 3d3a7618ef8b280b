"""Dari (다리, "bridge"): a Korean-English parallel reader.

The package is layered so imports flow one way:

    models  <-  text, content, catalog, glossary, grammar, lookup, romanize  <-  render  <-  ui  <-  app.py

Only ``dari.library.catalog`` imports polib, only ``dari.language.morphology`` imports kiwipiepy,
and only ``dari.ui`` imports streamlit.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Overridable so tests (and a maintainer previewing a branch) can point the reader elsewhere.
CONTENT_DIR = Path(os.environ.get("DARI_CONTENT_DIR", ROOT / "content"))
LOCALES_DIR = Path(os.environ.get("DARI_LOCALES_DIR", ROOT / "locales"))
DATA_DIR = Path(__file__).resolve().parent / "data"
DICTIONARIES_PATH = DATA_DIR / "dictionaries.toml"  # the lookup links of word cards (dari.language.lookup)
# The user's own texts (added in the page or with `python -m dari import`): the same content/ and
# locales/ layout as the repo root, plus trash/ and jobs/. A shared volume when Dari runs as replicas.
LIBRARY_DIR = Path(os.environ.get("DARI_LIBRARY", ROOT / "library"))

"""The learner's memory: saved words and their statuses, the sentences they came from,
reading positions, review scheduling (FSRS) and export (Anki, CSV).

This package is the only one that imports SQLAlchemy and Alembic (ruff's banned-api rule
fences them). Everything takes an ``Engine``, so it runs under tests without Streamlit;
``dari.ui.learner`` is the Streamlit side (``st.connection``).
"""

"""Texts and their translations: documents, PO catalogs, the glossary, import, alignment and checks.

No Kiwi and no Streamlit here: everything in this package runs on the reading path or in
the maintainer's tools without the analyser.
"""

"""Dari: a Korean-English parallel reader. Run with `streamlit run app.py`."""

import streamlit as st

from dari.ui.shell import main

# No page_icon: an emoji makes Streamlit import its emoji table (~0.12 s and ~4 MB of the
# first page), a Material icon is fetched from Google, and an image imports numpy and PIL.
# dari/ui/profile.js draws the tab's 🌉 instead.
st.set_page_config(page_title="Dari · 다리", layout="wide")
main()

"""Dari: a Korean-English parallel reader. Run with `streamlit run app.py`."""

import streamlit as st

from dari.ui.shell import main

st.set_page_config(page_title="Dari · 다리", page_icon=":material/translate:", layout="wide")
main()

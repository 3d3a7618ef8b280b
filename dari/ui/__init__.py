"""The Streamlit layer: the only package besides app.py that imports streamlit."""

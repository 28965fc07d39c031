"""Streamlit glue shared by app.py and the pages: cached data, the sidebar, the view in the URL."""

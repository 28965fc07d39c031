"""Incident Atlas library (no Streamlit). Layers, each importing only those below it:

config, errors, schema, escape  <  files  <  gazetteer  <  reader  <  dataset  <  facilities  <  imports, mapview
<  database  <  exports  <  backends  <  cli
"""

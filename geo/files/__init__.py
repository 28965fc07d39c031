"""Files: decoding and size limits, safe names, atomic writes, CSV and GeoParquet tables.

Imports only config, errors and schema.
"""

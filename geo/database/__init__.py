"""The team backend: PostgreSQL with PostGIS behind the same operations as the data directory.

Owns the schema and its migrations, the connection, push and pull between a data directory and the database,
record-level changes and imports in one transaction each, accounts with roles, and the map's per-view payload
computed in SQL. Imports geo.mapview, geo.imports, geo.dataset, geo.gazetteer, geo.files, geo.schema, geo.config
and geo.errors; only geo.exports and geo.cli above it may import it.
"""

"""The team backend: PostgreSQL with PostGIS behind the same operations as the data directory.

Owns the schema and its migrations, the connection, push and pull between a data directory and the database,
record-level changes in one transaction each, and accounts with roles. Imports geo.dataset, geo.files,
geo.schema, geo.config and geo.errors; nothing below it imports it.
"""

"""Exports: tables, the public copy, snapshots, the one permalink codec. Imports mapview, dataset, gazetteer, files."""

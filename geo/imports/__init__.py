"""Other organisations' datasets: file readers, mappings, rows, plan and commit.

Imports dataset, reader, gazetteer, files.
"""

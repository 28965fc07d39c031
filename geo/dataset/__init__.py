"""The dataset: load, query, places, validate, and the store (the only writer). Imports gazetteer, reader, files."""

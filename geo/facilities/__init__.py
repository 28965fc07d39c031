"""The facility register: facilities, their conditions, the strikes on them and health-care figures; changes,
matching, histories, the map layer's points, summaries and the public copy. Imports dataset, reader, gazetteer,
files."""

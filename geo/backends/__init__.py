"""One atlas behind two backends: what every page asks of the data, answered by a data folder (in memory) or by a
team database (in SQL), so that each page is written once. Owns the Backend protocol, the two backends, and where
imports go on each. Imports geo.exports, geo.database, geo.mapview, geo.imports, geo.dataset, geo.reader,
geo.gazetteer, geo.files and the modules below them; only geo.cli and the app (ui/, app_pages/) above it."""

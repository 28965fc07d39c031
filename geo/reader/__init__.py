"""Documents to data: sentences, dates, place mentions, candidate incidents and totals. Imports gazetteer, files."""

"""Incident Atlas library: data contract, gazetteer, document reader, map layers. No UI code."""

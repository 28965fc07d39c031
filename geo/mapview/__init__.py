"""The map: per-view payload, offline basemap, viewport aggregation, the folium builder and its templates.

Imports dataset.
"""

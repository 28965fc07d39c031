"""The map: palette, per-view payload, viewport aggregation, the folium builder and its templates. Imports dataset."""

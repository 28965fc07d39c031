"""Names to places: normalisation, the look-up, the GeoNames extract, Syria's outlines.

Imports files and the bottom layer.
"""

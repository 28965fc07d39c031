"""One visual language: the colour and the human label of each incident type, used by every view."""

from __future__ import annotations

from geo import schema

TYPE_COLOURS = {
    "airstrike": "#d62728", "shelling": "#ff7f0e", "barrel_bomb": "#8c564b",
    "attack_on_health_care": "#c2185b", "attack_on_school": "#9467bd", "attack_on_market": "#bcbd22",
    "attack_on_civil_defense": "#17becf", "chemical_attack": "#2ca02c", "cluster_munitions": "#7f7f7f",
    "incendiary_weapons": "#e377c2", "massacre": "#000000", "siege": "#1f77b4",
    "ground_offensive": "#aa6600", "aid_obstruction": "#5c6bc0", "displacement": "#0277bd",
}


TYPE_LABELS = {t: t.replace("_", " ").capitalize() for t in schema.INCIDENT_TYPES}

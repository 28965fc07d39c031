"""Facilities: the summary figures of attacks on health care for the filters in force, the register of facilities
with the strikes on each, and one facility's history (?facility=ID)."""

from ui.backend import current_backend
from ui.facility_view import facilities_page
from ui.sidebar import current_view

facilities_page(current_backend(), current_view().to_filter())

"""Places: the gazetteer of the data — spellings (Arabic right-to-left), mentions, precision, corrections — and the
names the documents use that could not be resolved, placed on the map by an editor."""

from ui.backend import curating, current_backend
from ui.changes import show_flash
from ui.place_view import places_page
from ui.placing import unresolved_section
from ui.reference_forms import correction_form

backend = current_backend()
curating = curating(backend)
show_flash()
places_page(backend.places(),
            (lambda place_id: correction_form(curating, "place", place_id)) if curating.can_change else None)
unresolved_section(backend.unresolved(), curating, backend.gazetteer(), backend.governorates(),
                   backend.documents_where())

"""Sources: each document, its place mentions highlighted, and the incidents that cite it."""

from ui.backend import curating, current_backend
from ui.changes import show_flash
from ui.reference_forms import correction_form
from ui.sidebar import current_view
from ui.source_view import sources_page

backend = current_backend()
curating = curating(backend)
show_flash()
sources_page(backend, current_view().statuses,
             (lambda source_id: correction_form(curating, "source", source_id)) if curating.can_change else None)

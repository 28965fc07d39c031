"""About: what the types, precisions and confidence levels mean; where the data comes from; totals."""

from ui.about_view import about_page
from ui.backend import current_backend

backend = current_backend()
about_page(backend.totals(), backend.readme())

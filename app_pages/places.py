"""Places: the gazetteer of the data — spellings (Arabic right-to-left), mentions, precision, and
the names the documents use that could not be resolved."""

from geo.gazetteer.lookup import load_gazetteer
from ui.changes import show_flash
from ui.data import get_atlas
from ui.place_view import places_page
from ui.placing import unresolved_in_documents, unresolved_section
from ui.reference_forms import correction_form

atlas = get_atlas()
curating = atlas.curating()
show_flash()
places_page(atlas.places, lambda place_id: correction_form(curating, "place", place_id))
unresolved_section(unresolved_in_documents(atlas.data_dir, atlas.version), curating,
                   load_gazetteer(data_dir=str(atlas.data_dir)), atlas.governorates)

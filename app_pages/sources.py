"""Sources: each document, its place mentions highlighted, and the incidents that cite it."""

from geo import config, schema
from geo.dataset.query import IncidentFilter, filter_mask
from geo.reader.source_texts import source_document
from ui.changes import show_flash
from ui.data import get_atlas
from ui.reference_forms import correction_form
from ui.sidebar import current_view
from ui.source_view import sources_page

atlas, statuses = get_atlas(), current_view().statuses
show_flash()
sources_page(atlas.sources,
             lambda source_id: atlas.incidents[filter_mask(atlas.incidents, IncidentFilter(sources=(source_id,),
                                                                                            statuses=statuses))],
             lambda source: source_document(config.resolve_docs_dir(), source[schema.DOCUMENT], atlas.data_dir),
             lambda source_id: correction_form(atlas.curating(), "source", source_id))

"""Import: other organisations' datasets and new documents, previewed and reviewed before anything is saved."""

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from geo import schema
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.errors import AtlasError
from geo.escape import markdown_text, neutralised_csv
from geo.files.text import document_from_bytes
from geo.gazetteer.lookup import load_gazetteer
from geo.imports.plan import preview_frame
from geo.labels import readable
from geo.mapview.builder import MapView, build_map
from geo.mapview.payload import incident_payload
from geo.mapview.viewport import fitted_bounds
from geo.reader.document import read_document
from ui.data import get_atlas
from ui.importing import history_panel, mapping_editor, plan_for_upload, save_document, save_plan

atlas = get_atlas()
st.title("Import")
dataset_tab, document_tab, history_tab = st.tabs(["Dataset", "Document", "History and undo"])

with dataset_tab:
    upload = st.file_uploader("CSV (HXL rows welcome), JSON array of records, GeoJSON, or an ACLED export",
                              type=["csv", "json", "geojson"], key="w_dataset")
    if upload is not None:
        try:
            mapping = mapping_editor(atlas.data_dir, upload)
            plan = plan_for_upload(atlas.data_dir, upload.getvalue(), upload.name, mapping)
        except AtlasError as error:
            st.error(markdown_text(error))
            st.stop()
        summary = plan.result.summary()
        columns = st.columns(5)
        for column, (label, value) in zip(columns, (
                ("Rows read", summary["rows_read"]), ("To import", summary["imported"]),
                ("Rejected", summary["rejected"]), ("Placed by name", summary["geocoded_from_names"]),
                ("Seconds", f"{plan.seconds:.2f}")), strict=True):
            column.metric(label, value)
        for note in summary["notes"]:
            st.caption(markdown_text(note))
        st.caption(f"Read as {plan.table.file_format} ({plan.table.encoding}); mapping "
                   f"'{markdown_text(plan.mapping.name)}'.")
        if summary["rejected"]:
            st.subheader("Rejected rows")
            st.dataframe(readable(plan.result.rejections), hide_index=True, width="stretch")
            st.download_button("Download the rejected rows (CSV)", neutralised_csv(plan.result.rejections),
                               file_name=f"{plan.source[schema.ID]}-rejected.csv", mime="text/csv")
        if len(plan.result.accepted):
            frame, places, sources = preview_frame(atlas.data_dir, plan.result.accepted, plan.source)
            shown = filter_incidents(frame, IncidentFilter())
            st.subheader("Preview")
            preview = MapView(incident_payload(shown, places, sources), fit_bounds=fitted_bounds(shown))
            st_folium(build_map(preview, atlas.governorates), key="import_preview", height=420,
                      use_container_width=True, returned_objects=[])
            st.dataframe(readable(plan.result.accepted), hide_index=True, width="stretch")
        save_plan(atlas.data_dir, plan)

with document_tab:
    pasted = st.text_area("Paste the text of a report", height=180, key="w_document_text")
    document_file = st.file_uploader("…or upload .txt, .md or .html", type=["txt", "md", "html", "htm"],
                                     key="w_document_file")
    text = pasted
    if document_file is not None:
        try:
            text = document_from_bytes(document_file.getvalue(), document_file.name).text
        except AtlasError as error:
            st.error(markdown_text(error))
            st.stop()
    if text.strip():
        left, right = st.columns(2)
        title = left.text_input("Title", key="w_doc_title")
        publisher = right.text_input("Publisher", key="w_doc_publisher")
        published = left.date_input("Document date (for 'yesterday', 'on Tuesday')", value=date.today(),
                                    key="w_doc_date")
        kind = right.selectbox("Kind", schema.SOURCE_KINDS, key="w_doc_kind")
        try:
            reading = read_document(text, load_gazetteer(), published)
        except AtlasError as error:
            st.error(markdown_text(error))
            st.stop()
        st.caption(f"Document date {reading.document_date:%d %B %Y}, from {reading.date_source}. "
                   f"{len(reading.mentions)} place mentions, {len(reading.incidents)} candidate incidents, "
                   f"{len(reading.totals)} reported totals (kept out of the map).")
        save_document(atlas.data_dir, text, reading, title, publisher, published.isoformat(), kind)

with history_tab:
    history_panel(atlas.data_dir)

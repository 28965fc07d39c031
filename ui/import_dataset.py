"""The Import page's Dataset tab: an upload planned, its summary, rejected rows, a preview map, and the save form."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo import schema
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.errors import AtlasError
from geo.escape import markdown_text, neutralised_csv
from geo.imports.plan import ImportPlan
from geo.labels import counted, readable
from geo.mapview.builder import MapView, build_map
from geo.mapview.payload import incident_payload
from geo.mapview.viewport import fitted_bounds
from ui.importing import Importing, mapping_editor, plan_for_upload, save_plan


def _summary(plan: ImportPlan) -> None:
    """What the plan would import: counts, notes, how the file was read, the rejected rows."""
    summary = plan.result.summary()
    for column, (label, value) in zip(st.columns(5), (
            ("Rows read", summary["rows_read"]), ("To import", summary["imported"]),
            ("Rejected", summary["rejected"]), ("Placed by name", summary["geocoded_from_names"]),
            ("Seconds", f"{plan.seconds:.2f}")), strict=True):
        column.metric(label, value)
    for note in summary["notes"]:
        st.caption(markdown_text(note))
    st.caption(f"Read as {plan.table.file_format} ({plan.table.encoding}); mapping "
               f"'{markdown_text(plan.mapping.name)}'.")
    if len(plan.health_care):
        st.caption(f"{counted(len(plan.health_care), 'event')} to import carry health-care figures (facilities "
                   "damaged or destroyed, health workers killed, injured or detained, ambulances hit): they are "
                   "recorded with the incidents and counted on the Facilities page.")
    if summary["rejected"]:
        st.subheader("Rejected rows")
        st.dataframe(readable(plan.result.rejections), hide_index=True, width="stretch")
        st.download_button("Download the rejected rows (CSV)", neutralised_csv(plan.result.rejections),
                           file_name=f"{plan.source[schema.ID]}-rejected.csv", mime="text/csv")


def dataset_tab(importing: Importing, governorates: dict) -> None:
    """Upload a dataset, see what would be imported and what refused (with why), preview it, save it."""
    upload = st.file_uploader("CSV (HXL rows welcome), JSON array of records, GeoJSON, or an ACLED export",
                              type=["csv", "json", "geojson"], key="w_dataset")
    if upload is None:
        return
    try:
        mapping = mapping_editor(importing, upload)
        plan = plan_for_upload(importing, upload.getvalue(), upload.name, mapping)
    except AtlasError as error:
        st.error(markdown_text(error))
        return
    if plan is None:
        return
    _summary(plan)
    if len(plan.result.accepted):
        frame, places, sources = importing.preview(plan)
        shown = filter_incidents(frame, IncidentFilter())
        st.subheader("Preview")
        preview = MapView(incident_payload(shown, places, sources), fit_bounds=fitted_bounds(shown))
        st_folium(build_map(preview, governorates), key="import_preview", height=420, use_container_width=True,
                  returned_objects=[])
        st.dataframe(readable(plan.result.accepted), hide_index=True, width="stretch")
    save_plan(importing, plan)

"""About: what the types, precisions and confidence levels mean; where the data comes from; totals."""

from ui.about_view import about_page
from ui.data import get_atlas

atlas = get_atlas()
about_page(atlas.totals, atlas.data_dir / "README.md")

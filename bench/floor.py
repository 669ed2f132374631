"""The floors of a cold start, served by bench/coldmap.py's `--compare` beside the app: `?map=0` is a blank Streamlit
page (a title), otherwise the title and the Delta page's default map, drawn as the app draws it (prebuilt, through
streamlit-folium), with nothing else on the page: the least any page showing that map could cost."""

import sys
from pathlib import Path

import streamlit as st

st.title("Floor")
if st.query_params.get("map") != "0":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from components import data, maps
    from components.figures import map_options
    from components.pathways import PATHWAYS

    spec = PATHWAYS["delta"].map
    opts = map_options("delta", data._signature())
    ind = next(iter(opts))
    maps.show(maps.payload(ind, opts[ind][1], "en", spec.overlay, spec.points, spec.level, data._signature()), key="floor")

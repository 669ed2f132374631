from components.catalog import render_sources

render_sources()

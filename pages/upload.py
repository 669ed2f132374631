from components.mapyours import render_map_yours

render_map_yours()

from components.compare import render_compare

render_compare()

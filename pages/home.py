from components.overview import render_home

render_home()

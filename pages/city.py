from components.profile import render_profile

render_profile()

from components.mybriefing import render_briefing

render_briefing()

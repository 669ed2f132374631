from components.page import render_pathway
from components.pathways import PATHWAYS

render_pathway(PATHWAYS["innovation"])

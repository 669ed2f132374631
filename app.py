"""Shanghai Pathways Explorer — entry point.

`streamlit run app.py` first imports this file as a module to find the server it describes (st.App: Streamlit's
own server, with a start-up hook), then executes it as `__main__` on every script run, which draws the app's frame
(components/frame.py). The hook prepares the first page while the first browser is still loading Streamlit's
frontend (components/warm.py).
"""

import streamlit as st

if __name__ == "__main__":
    from components import frame

    frame.run()
else:
    from components import warm

    app = st.App(__file__, lifespan=warm.lifespan)

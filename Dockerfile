# The app in a container: slim Python, a non-root user, only what the app needs to run.
#   docker build -t shanghai-pathways . && docker run -p 8501:8501 shanghai-pathways
# PORT and ADDRESS set where Streamlit listens (defaults 8501 and 0.0.0.0); several replicas: deploy/README.md.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8501 ADDRESS=0.0.0.0

# Noto CJK: Chinese text in the PDF briefing (the same Debian package packages.txt names for Community Cloud).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 app

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

# What the app reads at run time, nothing more (no tests, benchmarks or raw inputs: see .dockerignore).
COPY --chown=app:app app.py ./
COPY --chown=app:app .streamlit ./.streamlit
COPY --chown=app:app components ./components
COPY --chown=app:app pages ./pages
COPY --chown=app:app data ./data
COPY --chown=app:app geo ./geo
COPY --chown=app:app static ./static
# The app's bytecode, compiled once here: PYTHONDONTWRITEBYTECODE keeps Python from writing it at run time, so without
# this every start of a container would compile the app's modules again (~0.08 s of each cold start).
RUN python -m compileall -q app.py components pages

USER app
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8501') + '/_stcore/health', timeout=4)"
# No file watcher: an image's code never changes, and Streamlit's watcher rescans every imported module's path on
# each new session's first run (about half the server CPU a visitor costs; BENCHMARKS.md, "Cost of one visitor").
CMD ["sh", "-c", "exec streamlit run app.py --server.port=\"$PORT\" --server.address=\"$ADDRESS\" --server.headless=true --server.fileWatcherType=none"]

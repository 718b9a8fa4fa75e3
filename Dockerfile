# NAT server and CLI with Chromium for functional tests.
#   docker build -t nat .
#   docker run -p 8080:8080 -v nat-data:/data -e ALLOWED_HOSTS=localhost nat
#   docker run --rm nat scan --url https://staging.api.example.com --fail-on high
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    NAT_DATA_DIR=/data \
    NAT_CHROMIUM_PATH=/usr/bin/chromium \
    NAT_HOST=0.0.0.0 \
    NAT_PORT=8080

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation nodejs npm curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/nat
COPY pyproject.toml setup.py MANIFEST.in README.md LICENSE requirements.txt package.json package-lock.json ./
COPY nat_site nat_site
COPY accounts accounts
COPY scans scans
COPY billing billing
COPY templates templates
COPY static static
RUN pip install --no-cache-dir -r requirements.txt && pip install --no-cache-dir --no-deps . \
 && npm ci --omit=dev --no-audit --no-fund \
 && useradd --create-home --uid 10001 nat && mkdir -p /data && chown nat:nat /data

USER nat
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8080/api/v1/health || exit 1
ENTRYPOINT ["nat"]
CMD ["server", "start"]

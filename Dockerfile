# Image of the redress worker and web processes (see docker-compose.yml).

# GOV.UK Frontend for the web app, from the npm registry (package.json pins it).
FROM node:20-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY settings.py clients.py worker.py dev.py ./
COPY models/ models/
COPY rules/ rules/
COPY workflows/ workflows/
COPY activities/ activities/
COPY letters/ letters/
COPY delivery/ delivery/
COPY store/ store/
COPY starter/ starter/
COPY web/ web/
COPY devstack/ devstack/
COPY bench/ bench/
RUN pip install ".[s3]"
COPY --from=frontend /build/node_modules/govuk-frontend/dist/govuk /app/govuk-frontend

RUN useradd --system --create-home redress \
    && mkdir -p /var/lib/redress/documents /var/lib/redress/print-queue \
    && chown -R redress /var/lib/redress
USER redress
ENV REDRESS_ENVIRONMENT=production \
    REDRESS_DATA_DIR=/var/lib/redress \
    REDRESS_DOCUMENTS_DIR=/var/lib/redress/documents \
    REDRESS_PRINT_QUEUE_DIR=/var/lib/redress/print-queue \
    REDRESS_GOVUK_FRONTEND_DIR=/app/govuk-frontend

CMD ["redress-worker"]

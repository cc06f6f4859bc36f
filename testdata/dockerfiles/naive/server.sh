#!/bin/sh
# A stand-in service: it reads its settings from .env and says what it would do.
set -eu
cd "$(dirname "$0")"
. ./.env
echo "would serve on :${PORT:-8080} with database ${DB_HOST:-localhost}"

#!/usr/bin/env bash
# Regenerate the single initial migration from the models (only while nothing is deployed).
# Review the result by hand, then run `flask db check` (the test suite does too).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f migrations/versions/*.py
DATABASE_URL="sqlite:///$tmp/m.sqlite" .venv/bin/flask --app wsgi db migrate -m "initial schema" --rev-id 0001
rm -rf "$tmp"

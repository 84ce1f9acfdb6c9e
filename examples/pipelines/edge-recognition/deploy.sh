#!/usr/bin/env bash
# Deploys the example's three functions on the local provider, defines the pipeline and runs it
# once. Run from the repository root while ./edgeway run is up:
#   bash examples/pipelines/edge-recognition/deploy.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
URL="${OPENFAAS_URL:-http://127.0.0.1:8080}"
AUTH="$(cat data/auth/basic-auth-user):$(cat data/auth/basic-auth-password)"

for fn in evaluate recognize merge; do
  body="{\"service\":\"edge-$fn\",\"image\":\"local\",\"envProcess\":\"python3 $HERE/$fn.py\",\"envVars\":{\"combine_output\":\"false\"}}"
  curl -fsS -u "$AUTH" -X POST "$URL/system/functions" -d "$body" \
    || curl -fsS -u "$AUTH" -X PUT "$URL/system/functions" -d "$body"
done
curl -fsS -u "$AUTH" -X PUT -H 'Content-Type: application/yaml' \
  --data-binary @"$HERE/pipeline.yaml" "$URL/system/pipelines/edge-recognition" >/dev/null
echo "pipeline edge-recognition defined; running it on a sample frame:"
head -c 4096 /dev/urandom | curl -sS -D - -X POST --data-binary @- "$URL/pipeline/edge-recognition"
echo

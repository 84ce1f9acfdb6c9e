#!/usr/bin/env python3
"""merge: a step with two parents gets one JSON object keyed by parent id; this merges the
detections of both recognize branches into one answer, tagged with the run id.
"""
import json
import os
import sys

inputs = json.load(sys.stdin)
detections = []
for branch, result in inputs.items():
    for detection in result.get("detections", []):
        detections.append(dict(detection, branch=branch))
print(json.dumps({
    "run_id": os.environ.get("Http_X_Run_Id", ""),
    "branches": sorted(inputs),
    "detections": sorted(detections, key=lambda d: -d["score"]),
}))

#!/usr/bin/env python3
"""recognize: a stand-in for a model. Reads evaluate's JSON on stdin and the step's config from
the X-Step-Config header (Http_X_Step_Config), and answers deterministic detections derived
from the frame's hash, so the example runs anywhere without a model.
"""
import json
import os
import sys

evaluation = json.load(sys.stdin)
config = json.loads(os.environ.get("Http_X_Step_Config") or "{}")
model = config.get("model", "default")
threshold = float(config.get("threshold", 0.5))
digest = bytes.fromhex(evaluation.get("sha256", "00" * 32))
detections = []
if evaluation.get("worth_recognizing"):
    for i in range(0, 8, 2):
        score = round(digest[i] / 255, 2)
        if score >= threshold:
            detections.append({"label": "%s-%d" % (model, i // 2), "score": score})
print(json.dumps({"model": model, "threshold": threshold, "detections": detections}))

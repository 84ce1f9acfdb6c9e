#!/usr/bin/env python3
"""evaluate: looks at a frame (stdin, any bytes) and says whether it is worth recognizing.

Classic OpenFaaS function: the request body on stdin, the response on stdout.
"""
import hashlib
import json
import sys

frame = sys.stdin.buffer.read()
brightness = sum(frame) / len(frame) if frame else 0.0
print(json.dumps({
    "frame_bytes": len(frame),
    "sha256": hashlib.sha256(frame).hexdigest(),
    "brightness": round(brightness, 1),
    "worth_recognizing": len(frame) > 0,
}))

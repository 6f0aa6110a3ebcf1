#!/usr/bin/env python3
"""Loads an AutoFOH-written safetensors file with torch, following the format's spec by hand (the pip
package `safetensors` is not installable here), and prints each tensor's name, shape and sum, plus the
metadata. Usage: /usr/bin/python3 scripts/oracles/check_checkpoint.py FILE
"""
import json
import struct
import sys

import torch


def load(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, e in header.items():
        assert e["dtype"] == "F32", e["dtype"]
        b, end = e["data_offsets"]
        values = struct.unpack("<%df" % ((end - b) // 4), data[b:end])
        tensors[name] = torch.tensor(values, dtype=torch.float32).reshape(e["shape"])
    return tensors, meta


if __name__ == "__main__":
    tensors, meta = load(sys.argv[1])
    print("metadata:", meta)
    for name, t in sorted(tensors.items()):
        print(f"{name} {list(t.shape)} sum={t.sum().item():.6f}")

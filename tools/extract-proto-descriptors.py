#!/usr/bin/env python3
"""Extracts the protobuf FileDescriptorProtos of the Kubernetes API types from a kubectl binary.

kubectl (like every client-go program) sends typed objects as protobuf
(Content-Type: application/vnd.kubernetes.protobuf). To read those bodies the apiserver needs
the field numbers of k8s.io/api's generated.proto files. Go's protobuf registry keeps each file's
FileDescriptorProto gzipped inside the binary; this script finds them and writes them, gunzipped,
to src/ActorKube.Core/Objects/Protobuf/Descriptors/, where the build embeds them.

Usage: tools/extract-proto-descriptors.py [path/to/kubectl]   (default: kubectl on PATH)
"""
import os
import re
import shutil
import sys
import zlib

WANTED = [
    "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto",
    "k8s.io/apimachinery/pkg/runtime/generated.proto",
    "k8s.io/apimachinery/pkg/runtime/schema/generated.proto",
    "k8s.io/apimachinery/pkg/api/resource/generated.proto",
    "k8s.io/apimachinery/pkg/util/intstr/generated.proto",
    "k8s.io/api/core/v1/generated.proto",
    "k8s.io/api/apps/v1/generated.proto",
    "k8s.io/api/batch/v1/generated.proto",
    "k8s.io/api/policy/v1/generated.proto",
    "k8s.io/api/autoscaling/v1/generated.proto",
    "k8s.io/api/coordination/v1/generated.proto",
    "k8s.io/api/discovery/v1/generated.proto",
    "k8s.io/api/networking/v1/generated.proto",
]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else shutil.which("kubectl")
    if not binary:
        sys.exit("kubectl not found: give its path")
    data = open(binary, "rb").read()
    out_dir = os.path.join(os.path.dirname(__file__), "..", "src", "ActorKube.Core", "Objects", "Protobuf", "Descriptors")
    found = {}
    for m in re.finditer(b"\x1f\x8b\x08\x00\x00\x00\x00\x00", data):
        try:
            raw = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[m.start():m.start() + 4_000_000])
        except zlib.error:
            continue
        # FileDescriptorProto field 1 (name): tag 0x0a, length, bytes
        if len(raw) > 2 and raw[0] == 0x0A:
            name = raw[2:2 + raw[1]].decode("utf-8", "replace")
            if name in WANTED:
                found[name] = raw
    missing = [w for w in WANTED if w not in found]
    if missing:
        sys.exit("not found in %s: %s" % (binary, ", ".join(missing)))
    for name, raw in found.items():
        file_name = name.replace("k8s.io/", "").replace("/generated.proto", "").replace("/", ".") + ".pb"
        with open(os.path.join(out_dir, file_name), "wb") as f:
            f.write(raw)
        print("%s -> %s (%d bytes)" % (name, file_name, len(raw)))


if __name__ == "__main__":
    main()

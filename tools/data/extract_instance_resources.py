#!/usr/bin/env python3
"""Writes models/aws/data/ec2-instance-resources.csv from the Cluster Autoscaler's static table.

The source is kubernetes/autoscaler, cluster-autoscaler/cloudprovider/aws/ec2_instance_types.go,
a file generated from EC2 DescribeInstanceTypes (VCpuInfo.DefaultVCpus, MemoryInfo.SizeInMiB).
Only the two facts ekssim needs are kept. Usage:

    git -C AUTOSCALER show COMMIT:cluster-autoscaler/cloudprovider/aws/ec2_instance_types.go |
        tools/data/extract_instance_resources.py > models/aws/data/ec2-instance-resources.csv
"""
import re
import sys

ENTRY = re.compile(
    r'InstanceType:\s*"(?P<name>[^"]+)",\s*VCPU:\s*(?P<vcpus>\d+),\s*MemoryMb:\s*(?P<memory>\d+),')


def main() -> int:
    rows = {m["name"]: (int(m["vcpus"]), int(m["memory"])) for m in ENTRY.finditer(sys.stdin.read())}
    if not rows:
        print("no InstanceType entries on stdin", file=sys.stderr)
        return 1
    print("instance_type,vcpus,memory_mib")
    for name in sorted(rows):
        vcpus, memory = rows[name]
        print(f"{name},{vcpus},{memory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

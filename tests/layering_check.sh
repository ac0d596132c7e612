#!/usr/bin/env bash
# Fails when an #include points outside the layer DAG declared in CMakeLists.txt, when yaml-cpp
# leaks out of scenario loading, or when sim/ or models/ touch the wall clock, the environment or
# a random device (STYLE.md, "Layering" and "Determinism").
set -u
cd "$(dirname "$0")/.."

declare -A allowed=(
  [sim]="sim"
  [models/net]="sim models/net"
  [models/aws]="sim models/net models/aws"
  [models/vpc]="sim models/net models/vpc"
  [models/k8s]="sim models/net models/k8s"
  [models/cni]="sim models/net models/aws models/vpc models/k8s models/cni"
  [models/dns]="sim models/net models/k8s models/dns"
  [models/netpol]="sim models/net models/netpol"
  [models/spec]="sim models/net models/netpol models/spec"
  [models/cluster]="sim models/net models/aws models/vpc models/k8s models/cni models/dns models/netpol models/spec models/cluster"
  [models/report]="sim models/net models/aws models/vpc models/k8s models/cni models/dns models/netpol models/spec models/cluster models/report"
  [tools/scenario]="sim models/net models/aws models/cni models/dns models/netpol models/spec tools/scenario"
  [tools/import]="sim models/net models/aws models/cni models/dns models/netpol models/spec tools/scenario tools/import"
  [tools/serve]="sim models/net models/aws models/vpc models/k8s models/cni models/dns models/netpol models/spec models/cluster models/report tools/serve"
)

status=0
for layer in "${!allowed[@]}"; do
  [ -d "$layer" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    target=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"${line#*:}")
    ok=0
    for prefix in ${allowed[$layer]}; do
      [[ $target == "$prefix"/* ]] && ok=1
    done
    if [ $ok -eq 0 ]; then
      echo "$file: includes \"$target\", outside the layers $layer may use (${allowed[$layer]})"
      status=1
    fi
  done < <(grep -rn --include='*.h' --include='*.cpp' -E '^#include "' "$layer")
done

if grep -rln --include='*.h' --include='*.cpp' 'yaml-cpp' sim models tools/cli 2>/dev/null; then
  echo "yaml-cpp is included outside tools/scenario"
  status=1
fi
if grep -rnE --include='*.h' --include='*.cpp' \
    'std::chrono::(system|steady|high_resolution)_clock|std::random_device|getenv\(|<thread>' sim models; then
  echo "sim/ or models/ use the wall clock, the environment, a random device or threads"
  status=1
fi
[ $status -eq 0 ] && echo "layering: every include follows the declared DAG"
exit $status

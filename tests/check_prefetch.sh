#!/bin/sh
# tests/check_prefetch.sh LIB: the objects of the core library whose loops prefetch hold
# prefetch instructions. GCC deletes calls of a helper that only prefetches unless it is inlined
# first (util/prefetch.h): blocking, comparing and deciding once ran without one prefetch, the
# outputs the same, only slower; no other test can see it. It counts per object file, not per
# helper: one helper of a file deleted while another survives passes. Skipped (77) without
# objdump, or where the library holds no prefetch instruction at all (a target without them).
set -eu
lib=$1
command -v objdump >/dev/null 2>&1 || { echo "objdump not found: skipped"; exit 77; }
# x86 prefetcht0/prefetchnta/prefetchw, arm64 prfm, POWER dcbt
counts=$(objdump -d "$lib" | awk '
  /^[^ \t]+\.o: +file format/ { m = $1; sub(/:$/, "", m); n[m] += 0 }
  /\t(prefetch[a-z0-9]*|prfm|dcbt)[ \t]/ { n[m]++ }
  END { for (k in n) print k, n[k] }')
total=$(echo "$counts" | awk '{ s += $2 } END { print s + 0 }')
[ "$total" -gt 0 ] || { echo "no prefetch instruction in $lib: skipped"; exit 77; }
status=0
for obj in block.c.o fsmodel.c.o cluster.c.o outputs.c.o strpool.c.o; do
  n=$(echo "$counts" | awk -v o="$obj" '$1 == o { print $2 }')
  if [ "${n:-0}" -gt 0 ]; then
    echo "$obj: $n prefetch instructions"
  else
    echo "$obj: no prefetch instruction (a prefetching helper not inlined? util/prefetch.h)" >&2
    status=1
  fi
done
exit $status

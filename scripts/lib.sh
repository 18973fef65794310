# scripts/lib.sh: helpers shared by demo.sh and test.sh (sourced, not run).
#
# need_packages PKG...   installs the Debian packages that are missing, with apt-get, as root
#                        or through sudo; prints nothing when everything is there.
# build DIR ARGS...      configures and builds leasehound into DIR with cmake ARGS.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The build and test dependencies (Debian 12 package names).
base_packages=(gcc make cmake pkg-config libgsl-dev libcsv-dev zlib1g-dev libssl-dev)

build() {
  local dir=$1
  shift
  cmake -S "$top" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" >/dev/null
}

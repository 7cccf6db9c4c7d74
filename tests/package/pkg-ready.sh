# shellcheck shell=bash
# Sourced, after scripts/lib.sh, by the tiers that test the built package (tests/package,
# tests/ecosystem): runs the setup unless done, builds pkg/ unless LINKFLOW_PKG_BUILT=1.
[[ "${LINKFLOW_SETUP_DONE:-}" == 1 ]] || bash scripts/setup.sh
export LINKFLOW_SETUP_DONE=1
if [[ "${LINKFLOW_PKG_BUILT:-}" != 1 ]]; then
  bash scripts/build.sh
fi
[[ -f pkg/package.json ]] || die "pkg/ is missing: run make build"

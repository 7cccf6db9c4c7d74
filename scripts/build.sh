#!/usr/bin/env bash
# Builds the npm package directory pkg/ (gitignored) from the crate and pkg-template/:
#   1. cargo build --release --target wasm32-unknown-unknown, twice: the full module
#      (default features) and the tracker-only module (--no-default-features --features
#      tracker); each .wasm is copied aside under target/pkg-build/ right after its build.
#      On the nightly pinned in scripts/nightly-toolchain.txt when it is installed (std
#      rebuilt with panic=immediate-abort, into target/wasm-nightly/), else on stable;
#      LINKFLOW_STABLE=1 forces stable (bench/LEVERS-build.md has what each costs);
#   2. wasm-bindgen --target web and --target nodejs for each;
#   3. wasm-opt -Oz with the flags below (npm binaryen) on each module (skipped when its
#      input is unchanged);
#   4. scripts/assemble-pkg.mjs writes the entries, types, package.json into pkg/;
#   5. checks: tsc on the assembled types, the Node entries load, sizes.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ "${LINKFLOW_SETUP_DONE:-}" == 1 ]] || bash scripts/setup.sh
export LINKFLOW_SETUP_DONE=1

header "build: pkg/ (npm package linkflow-sdk)"
start=$SECONDS

STAGE="target/pkg-build"
mkdir -p "$STAGE"
# One build of pkg/ at a time in this tree (a second `make build` waits here).
exec 9>"$STAGE/.lock"
if ! flock -n 9; then
  info "another build of pkg/ is running in this tree; waiting for it"
  flock 9
fi
mkdir -p "$STAGE/full" "$STAGE/tracker"

# --- 1. cargo --------------------------------------------------------------------------------
# The nightly rebuilds std so that a panic is a bare `unreachable` trap: no panic message,
# location or formatting code in the module (a panic already ends the module's use: the
# release profile aborts), with std's smaller-code variants (`optimize_for_size`). Its own
# target dir keeps stable's (tests, clippy) intact.
NIGHTLY="$(wasm_nightly_toolchain)"
CARGO_WASM=(cargo build --release --target wasm32-unknown-unknown -p linkflow-sdk --lib)
TARGET_DIR="target"
if [[ "${LINKFLOW_STABLE:-}" == 1 ]]; then
  info "LINKFLOW_STABLE=1: building the wasm on stable (a larger module: std's panic and formatting code stays)"
elif wasm_nightly_ready "$NIGHTLY"; then
  TARGET_DIR="target/wasm-nightly"
  CARGO_WASM=(env RUSTUP_TOOLCHAIN="$NIGHTLY"
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
    "${CARGO_WASM[@]}" -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size --target-dir "$TARGET_DIR")
  info "wasm toolchain: $NIGHTLY, std rebuilt with panic=immediate-abort (LINKFLOW_STABLE=1: stable)"
else
  warn "the pinned $NIGHTLY (with rust-src and wasm32-unknown-unknown) is not installed: building the wasm on stable, a larger module; bash scripts/setup.sh installs it"
fi
TARGET_WASM="$TARGET_DIR/wasm32-unknown-unknown/release/linkflow_sdk.wasm"

info "cargo build --release (full: default features)"
"${CARGO_WASM[@]}"
cp "$TARGET_WASM" "$STAGE/full/input.wasm"

info "cargo build --release (tracker: --no-default-features --features tracker)"
"${CARGO_WASM[@]}" --no-default-features --features tracker
cp "$TARGET_WASM" "$STAGE/tracker/input.wasm"

# --- 2 + 3. wasm-bindgen + wasm-opt ----------------------------------------------------------
WB_FLAGS=()
wb_help="$(wasm-bindgen --help)"
for flag in --weak-refs --remove-name-section --remove-producers-section; do
  if grep -q -- "$flag" <<<"$wb_help"; then WB_FLAGS+=("$flag"); fi
done
# Features rustc enables for wasm32-unknown-unknown (the "generic" CPU) and that every
# engine we support (Node 20, evergreen browsers) has. wasm-opt must know them to read the
# module and may use them when optimizing.
# --low-memory-unused: rustc lays the stack out first, from address 0 up to 1 MiB, so the
# lowest 1 KiB is touched only by a stack already overflowing; binaryen may then fold
# constant offsets into loads and stores. --one-caller-inline-max-function-size=25: binaryen
# by default inlines every function that has one caller, whatever its size; the bigger
# functions that makes compress worse (the module grows ~3% raw but shrinks ~4% gzip and
# ~3% brotli; 25 since --gufa came in, 20 before). --gufa -Oz --converge: binaryen's whole-program flow analysis (constants and
# types through calls, safe for an open world: exports may still be called with anything), then
# -Oz again, repeated until the module stops shrinking; smaller on both modules since the
# tracker rewrite. Each measured in bench/LEVERS-build.md. The target_features section (read by
# no engine) is stripped later, by scripts/wasm-names.mjs: its wasm-opt run reads the
# module's features from it.
WASM_OPT_FLAGS=(-Oz --gufa -Oz --converge --low-memory-unused --one-caller-inline-max-function-size=25 --strip-debug --strip-producers
  --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue
  --enable-call-indirect-overlong)
tools_id="$(wasm-bindgen --version) $(wasm-opt --version) ${WB_FLAGS[*]} ${WASM_OPT_FLAGS[*]}"

for variant in full tracker; do
  dir="$STAGE/$variant"
  stamp="$(
    { sha256sum "$dir/input.wasm"; echo "$tools_id"; } | sha256sum | cut -d' ' -f1
  )"
  if [[ -f "$dir/stamp" && "$(cat "$dir/stamp")" == "$stamp" && -f "$dir/web/linkflow_sdk_bg.wasm" && -f "$dir/nodejs/linkflow_sdk_bg.wasm" ]]; then
    info "$variant: wasm-bindgen + wasm-opt up to date"
    continue
  fi
  rm -rf "$dir/web" "$dir/nodejs" "$dir/stamp"
  for target in web nodejs; do
    info "$variant: wasm-bindgen --target $target ${WB_FLAGS[*]}"
    wasm-bindgen --target "$target" --out-dir "$dir/$target" --out-name linkflow_sdk "${WB_FLAGS[@]}" "$dir/input.wasm"
    rm -f "$dir/$target/linkflow_sdk_bg.wasm.d.ts"
  done
  # Both targets usually get the same module: optimize once then.
  info "$variant: wasm-opt -Oz ($(stat -c %s "$dir/web/linkflow_sdk_bg.wasm") bytes in)"
  wasm-opt "${WASM_OPT_FLAGS[@]}" -o "$dir/web/opt.wasm" "$dir/web/linkflow_sdk_bg.wasm"
  if cmp -s "$dir/web/linkflow_sdk_bg.wasm" "$dir/nodejs/linkflow_sdk_bg.wasm"; then
    cp "$dir/web/opt.wasm" "$dir/nodejs/linkflow_sdk_bg.wasm"
  else
    info "$variant: wasm-opt -Oz (nodejs module differs from web)"
    wasm-opt "${WASM_OPT_FLAGS[@]}" -o "$dir/nodejs/opt.wasm" "$dir/nodejs/linkflow_sdk_bg.wasm"
    mv "$dir/nodejs/opt.wasm" "$dir/nodejs/linkflow_sdk_bg.wasm"
  fi
  mv "$dir/web/opt.wasm" "$dir/web/linkflow_sdk_bg.wasm"
  echo "$stamp" >"$dir/stamp"
done

# --- 4. assemble -----------------------------------------------------------------------------
VERSION="$(cargo metadata --no-deps --format-version 1 |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="linkflow-sdk");process.stdout.write(p.version)})')"
info "assembling pkg/ (linkflow-sdk@$VERSION)"
rm -rf "$STAGE/pkg.tmp"
node scripts/assemble-pkg.mjs "$STAGE" "$STAGE/pkg.tmp" "$VERSION"

# --- 5. checks -------------------------------------------------------------------------------
info "checking the modules and entries load (Node)"
node scripts/check-pkg.mjs "$STAGE/pkg.tmp"

info "tsc --noEmit --strict on the assembled types"
TSC_DIR="$STAGE/tsc-check"
rm -rf "$TSC_DIR" && mkdir -p "$TSC_DIR"
cat >"$TSC_DIR/tsconfig.json" <<EOF
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "skipLibCheck": false,
    "target": "es2022", "lib": ["es2022", "dom"], "types": [],
    "module": "nodenext", "moduleResolution": "nodenext"
  },
  "files": [
    "../pkg.tmp/index.d.ts", "../pkg.tmp/index.d.cts",
    "../pkg.tmp/tracker/index.d.ts", "../pkg.tmp/tracker/index.d.cts"
  ]
}
EOF
tsc -p "$TSC_DIR/tsconfig.json"

rm -rf pkg
mv "$STAGE/pkg.tmp" pkg

# --- sizes ------------------------------------------------------------------------------------
gz() { cat "$@" | gzip -9 -c | wc -c; }
raw() { cat "$@" | wc -c; }
header "build: pkg/ ready in $((SECONDS - start)) s"
printf '    %-22s %10s %10s %12s\n' "browser entry" "wasm" "wasm+JS" "gzip -9"
for e in "linkflow-sdk:pkg/web" "linkflow-sdk/tracker:pkg/tracker"; do
  name="${e%%:*}"; d="${e#*:}"
  # What a page downloads: the .wasm and the entry, which inlines its glue (scripts/assemble-pkg.mjs;
  # scripts/check-pkg.mjs fails a browser entry that imports anything).
  files=("$d/linkflow_sdk_bg.wasm" "$d/index.js")
  printf '    %-22s %10s %10s %12s\n' "$name" "$(raw "$d/linkflow_sdk_bg.wasm")" "$(raw "${files[@]}")" "$(gz "${files[@]}")"
done

#!/usr/bin/env bash
# Self-test of the stand-in nixpkgs.  Run from the repository root:
#
#   tests/nixpkgs-stand-in/selftest.sh
#
# 1. every attribute in attributes.txt evaluates for x86_64-linux and
#    aarch64-linux, every derivation among them instantiates, every line has
#    a source in attributes-sources.md, and the flake evaluates in pure mode;
# 2. builds (x86_64-linux) from selftest/tests.nix succeed, and the ones that
#    must fail do fail for the right reason;
# 3. a venv made by symlink + pyvenv.cfg on top of python311 works.
#
# Exits non-zero if anything failed.  A first run builds everything (about
# a minute or two, it downloads a few wheels from PyPI); later runs reuse
# the store.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NIXOPTS=(--option build-users-group '' --option substituters '')
FLAKEOPTS=(--extra-experimental-features 'nix-command flakes')

pass=0
fail=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
t0=$(date +%s)
step() { echo; echo "== $* (t=$(( $(date +%s) - t0 ))s)"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

OUT=""
build() { # build ATTR: sets OUT to the output path; non-zero on failure
    OUT="$(nix-build "${NIXOPTS[@]}" --no-out-link "$here/selftest/tests.nix" -A "$1" 2>"$tmp/$1.log" | tail -n1)"
    [ "${PIPESTATUS[0]:-1}" = 0 ] && [ -n "$OUT" ] && [ -e "$OUT" ]
}

######################################################################
step "1. attributes evaluate and instantiate"

for system in x86_64-linux aarch64-linux; do
    missing="$(nix-instantiate --eval --strict --json "$here/selftest/attrs.nix" \
        --argstr system "$system" -A missing 2>"$tmp/eval.log")"
    if [ $? -ne 0 ]; then
        bad "evaluating attributes for $system"; tail -n 20 "$tmp/eval.log"
        continue
    fi
    if [ "$missing" = "[]" ]; then
        ok "all $(grep -c . "$here/attributes.txt") attribute paths exist for $system"
    else
        bad "missing attributes for $system: $missing"
    fi
    if nix-instantiate --eval --strict --json "$here/selftest/attrs.nix" --argstr system "$system" \
        -A kinds > "$tmp/kinds-$system.json" 2>"$tmp/eval.log"; then
        ok "all attribute values evaluate for $system ($(grep -o 'derivation:' "$tmp/kinds-$system.json" | wc -l) derivations)"
    else
        bad "forcing attribute values for $system"; tail -n 20 "$tmp/eval.log"
    fi
    if nix-instantiate "${NIXOPTS[@]}" "$here/selftest/attrs.nix" --argstr system "$system" \
        -A drvs > "$tmp/drvs-$system" 2>"$tmp/inst.log"; then
        ok "$(wc -l < "$tmp/drvs-$system") derivations instantiate for $system"
    else
        bad "instantiating derivations for $system"; tail -n 20 "$tmp/inst.log"
    fi
done

# Instantiation of things built from the offered functions, for both systems.
if nix-instantiate "${NIXOPTS[@]}" -E "
  let s = import $here; in
  builtins.concatMap (system: let p = s.legacyPackages.\${system}; in [
    (p.python311.withPackages (ps: [ ps.setuptools ps.cython ps.pip ps.hatchling ps.build ps.cffi ]))
    (p.python314.withPackages (ps: [ ps.setuptools ps.cython ps.wheel ps.setuptools-scm ]))
    (p.mkShell { packages = [ p.uv p.cargo p.rustc p.clippy p.rustfmt p.rust-analyzer ]; })
    (p.runCommand \"x\" { } \"touch \$out\")
    (p.writeText \"x\" \"y\")
    (p.writeShellScript \"x\" \"true\")
    (p.fetchurl { url = \"https://example.org/x.tar.gz\"; hash = p.lib.fakeHash; })
    (p.rustPlatform.buildRustPackage { pname = \"x\"; version = \"0\"; src = $here/selftest/src/rusthello; cargoLock.lockFile = $here/selftest/src/rusthello/Cargo.lock; })
  ]) [ \"x86_64-linux\" \"aarch64-linux\" ]" > "$tmp/extra-drvs" 2>"$tmp/inst.log"; then
    ok "withPackages/mkShell/runCommand/writeText/writeShellScript/fetchurl/buildRustPackage instantiate for both systems"
else
    bad "instantiating derived derivations"; tail -n 20 "$tmp/inst.log"
fi

# Every attribute has a nixpkgs source listed.
nosrc=""
while IFS= read -r a; do
    [ -n "$a" ] || continue
    grep -qF "| \`$a\` |" "$here/attributes-sources.md" || nosrc="$nosrc $a"
done < "$here/attributes.txt"
if [ -z "$nosrc" ]; then ok "attributes-sources.md covers attributes.txt"; else bad "no source listed for:$nosrc"; fi

if sort -C "$here/attributes.txt" 2>/dev/null || LC_ALL=C sort -C "$here/attributes.txt"; then
    ok "attributes.txt is sorted"
else
    bad "attributes.txt is not sorted"
fi

# Pure evaluation through the flake (no getEnv, no <nixpkgs>).
if out="$(nix eval "${FLAKEOPTS[@]}" "${NIXOPTS[@]}" --raw "path:$here#legacyPackages.aarch64-linux.python311.drvPath" 2>"$tmp/flake.log")" \
   && out2="$(nix eval "${FLAKEOPTS[@]}" "${NIXOPTS[@]}" --raw "path:$here#legacyPackages.x86_64-linux.stdenv.cc.cc.lib.outPath" 2>>"$tmp/flake.log")" \
   && out3="$(nix eval "${FLAKEOPTS[@]}" "${NIXOPTS[@]}" --raw "path:$here#lib.fakeHash" 2>>"$tmp/flake.log")"; then
    ok "flake evaluates in pure mode ($out; $out3)"
else
    bad "flake evaluation"; tail -n 20 "$tmp/flake.log"
fi

######################################################################
step "2. builds (x86_64-linux)"

expect_build() { # expect_build ATTR DESCRIPTION: sets OUT
    if build "$1"; then
        ok "$2 -> $OUT"
        return 0
    fi
    bad "$2 (nix-build -A $1)"
    tail -n 25 "$tmp/$1.log" | sed 's/^/    /'
    return 1
}

expect_failure() { # expect_failure ATTR PATTERN DESCRIPTION
    if build "$1"; then
        bad "$3: the build succeeded"
    elif grep -q -- "$2" "$tmp/$1.log"; then
        ok "$3 (fails with: $(grep -m1 -- "$2" "$tmp/$1.log" | sed 's/^ *//' | cut -c1-110))"
    else
        bad "$3: failed, but not with '$2'"
        tail -n 15 "$tmp/$1.log" | sed 's/^/    /'
    fi
}

if expect_build gssLib "C library with NIX_CFLAGS_COMPILE='-include gssapi/gssapi_ext.h' and buildInputs=[krb5]"; then
    out="$OUT"
    if readelf -d "$out/lib/libstandin_gss.so" | grep -q 'libgssapi_krb5'; then
        ok "libstandin_gss.so links libgssapi_krb5 (RUNPATH $(patchelf --print-rpath "$out/lib/libstandin_gss.so"))"
    else
        bad "libstandin_gss.so does not link libgssapi_krb5"
    fi
fi
expect_failure gssLibNoKrb5 "gssapi/gssapi_ext.h: No such file" "same library without krb5 in buildInputs fails (compiler sees only inputs + glibc)"

if expect_build xmlProgPatched "ELF linking libxml2 + libstdc++, RUNPATH filled by autoPatchelfHook"; then
    out="$OUT"
    rpath="$(patchelf --print-rpath "$out/bin/xmlprog")"
    libxml2="$(nix-instantiate --eval -E "(import $here).legacyPackages.x86_64-linux.libxml2.out.outPath" | tr -d '"')"
    cclib="$(nix-instantiate --eval -E "(import $here).legacyPackages.x86_64-linux.stdenv.cc.cc.lib.outPath" | tr -d '"')"
    if [[ ":$rpath:" == *":$libxml2/lib:"* && ":$rpath:" == *":$cclib/lib:"* ]]; then
        ok "patchelf --print-rpath xmlprog = $rpath"
    else
        bad "RUNPATH of xmlprog is '$rpath' (want $libxml2/lib and $cclib/lib)"
    fi
    if ldd "$out/bin/xmlprog" | grep -q "not found"; then
        bad "ldd xmlprog reports missing libraries"; ldd "$out/bin/xmlprog"
    else
        ok "ldd xmlprog: no 'not found'; libxml2 => $(ldd "$out/bin/xmlprog" | awk '/libxml2/ {print $3}')"
    fi
    if [ "$("$out/bin/xmlprog")" = parsed ]; then ok "xmlprog runs"; else bad "xmlprog does not run"; fi
fi
expect_failure xmlProgMissingDep "could not satisfy dependency libxml2.so.2" "autoPatchelfHook fails when libxml2 is not in buildInputs"
expect_build xmlProgIgnoredDep "autoPatchelfIgnoreMissingDeps = [ \"libxml2.so.*\" ] lets it pass"

if expect_build wheelFile "fetchurl of a PyPI wheel with its SRI hash"; then
    out="$OUT"
    want="d20023bbeb42ee6d428a0fac6e0904631f545985a10cdd71a20aa58bc47a4209"
    if [ "$(sha256sum "$out" | cut -d' ' -f1)" = "$want" ]; then ok "wheel sha256 matches PyPI"; else bad "wheel sha256 mismatch"; fi
fi

if expect_build cextWheel "python311.withPackages [setuptools cython pip]: pip wheel --no-build-isolation --no-index of a C extension"; then
    out="$OUT"
    ok "wheel: $(cd "$out" && ls)"
fi

if expect_build configTools "pg_config / krb5-config / xml2-config of the stand-in libraries"; then
    out="$OUT"
    sed 's/^/    /' "$out"
    first="$(head -n1 "$out")"
    if [[ "$first" == /nix/store/*-postgresql-*-lib/lib ]]; then ok "postgresql.pg_config --libdir = $first"; else bad "pg_config --libdir = $first"; fi
    if grep -q "^Kerberos 5 release" "$out"; then ok "\${lib.getDev krb5}/bin/krb5-config --version works"; else bad "krb5-config --version"; fi
fi

if expect_build pkgConfigCheck "pkg-config finds xmlsec1 (+ propagated libxslt) from buildInputs only"; then
    out="$OUT"
    grep -q -- "-lxmlsec1" "$out" && ok "pkg-config --libs xmlsec1: $(head -c 100 "$out")..." || bad "pkg-config output: $(cat "$out")"
fi

if expect_build venvCheck "venv (symlink + pyvenv.cfg) on python311 inside a build"; then
    out="$OUT"
    ok "$(cat "$out")"
fi

expect_build misc "makeWrapper, removeReferencesTo, writeShellScript, cacert hook, uv, substituteInPlace"

if expect_build rustHello "rustPlatform.buildRustPackage (crate without dependencies)"; then
    out="$OUT"
    ok "rusthello says: $("$out/bin/rusthello")"
fi

expect_build shell "mkShell builds"

if expect_build pythonPathCheck "python setup hook: nativeBuildInputs python packages (+ propagated deps) on PYTHONPATH"; then
    ok "$(cat "$OUT")"
fi

if expect_build unpackChecks "unpackPhase (.tar.gz, .whl), substituteInPlace --subst-var-by, runHook postInstall"; then
    [ -e "$OUT/post-install-ran" ] && ok "postInstall hook ran" || bad "postInstall hook did not run"
fi

######################################################################
step "3. venv on python311, outside the sandbox"

py="$(nix-build "${NIXOPTS[@]}" --no-out-link -E "(import $here).legacyPackages.x86_64-linux.python311" 2>"$tmp/py.log" | tail -n1)"
if [ -x "$py/bin/python3.11" ]; then
    venv="$tmp/venv"
    mkdir -p "$venv/bin"
    ln -s "$py/bin/python3.11" "$venv/bin/python3.11"
    ln -s python3.11 "$venv/bin/python"
    printf 'home = %s/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n' "$py" > "$venv/pyvenv.cfg"
    if res="$("$venv/bin/python" -c 'import ssl, sqlite3, ctypes, sys; print(sys.prefix == sys.argv[1], sys.base_prefix == sys.argv[2], ssl.OPENSSL_VERSION)' "$venv" "$py" 2>&1)" \
       && [[ "$res" == "True True "* ]]; then
        ok "venv python: import ssl, sqlite3, ctypes; prefix/base_prefix right ($res)"
    else
        bad "venv python: $res"
    fi
else
    bad "building python311"; tail -n 20 "$tmp/py.log"
fi

######################################################################
echo
echo "selftest: $pass passed, $fail failed, $(( $(date +%s) - t0 ))s"
[ "$fail" -eq 0 ]

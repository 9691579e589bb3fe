# Builder for the stand-in native libraries: lays out the files of some
# Debian packages the way nixpkgs does (lib/ in the lib output, include/
# and lib/pkgconfig/ in the dev output, bin/ in the bin output), as
# symlinks into /usr.  .pc files and *-config scripts are rewritten so
# that they report the stand-in's store paths instead of /usr.
#
# Inputs (environment): debPackages triple includeStrip configScripts
# binaries binDirs excludeBins shareDirs; outputs as usual.

devOut="${dev:-$out}"
libOut="${lib:-$out}"
binOut="${bin:-$out}"
mkdir -p "$out" "$devOut" "$libOut" "$binOut"

libdir="/usr/lib/$triple"

# sed program mapping machine paths to the stand-in outputs.
mapArgs=(
    -e "s|\${exec_prefix}/lib/$triple|\${exec_prefix}/lib|g"
    -e "s|\${prefix}/lib/$triple|$libOut/lib|g"
    -e "s|$libdir|$libOut/lib|g"
    -e "s|\${prefix}/include/$triple|$devOut/include|g"
    -e "s|/usr/include/$triple|$devOut/include|g"
)
if [ -n "${includeStrip:-}" ]; then
    mapArgs+=(
        -e "s|\${prefix}/include/$includeStrip|$devOut/include|g"
        -e "s|/usr/include/$includeStrip|$devOut/include|g"
    )
fi
mapArgs+=(-e "s|/usr/include|$devOut/include|g")

place() { # place SRC DEST: symlink, creating parent directories
    [ -e "$2" ] || [ -L "$2" ] && return 0
    mkdir -p "$(dirname "$2")"
    case "$(readlink -f "$(dirname "$2")")" in
        "$NIX_STORE"/*|/nix/store/*) ;;
        *) echo "deb-lib: refusing to write outside the store: $2" >&2; exit 1 ;;
    esac
    ln -s "$1" "$2"
}

isIn() { # isIn WORD LIST...
    local w="$1" x
    shift
    for x in "$@"; do [ "$x" = "$w" ] && return 0; done
    return 1
}

for p in $debPackages; do
    "${dpkgBin:-/usr/bin/dpkg-query}" -L "$p" || { echo "deb-lib: Debian package $p is not installed" >&2; exit 1; }
done | grep -v ' diverted by \|diverts others to' | sort -u > files.lst

while IFS= read -r f; do
    # directories (also symlinked ones) are created, never linked
    [ -d "$f" ] && continue
    [ -e "$f" ] || [ -L "$f" ] || continue
    case "$f" in
        "$libdir"/pkgconfig/*.pc)
            rel="${f#$libdir/pkgconfig/}"
            mkdir -p "$(dirname "$devOut/lib/pkgconfig/$rel")"
            sed "${mapArgs[@]}" \
                -e "s|^prefix=.*|prefix=$devOut|" \
                -e "s|^exec_prefix=.*|exec_prefix=$libOut|" \
                -e "s|^libdir=.*|libdir=$libOut/lib|" \
                "$f" > "$devOut/lib/pkgconfig/$rel"
            ;;
        "$libdir"/*.a|"$libdir"/*.la)
            ;;
        "$libdir"/*Conf.sh)
            sed "${mapArgs[@]}" "$f" > "$devOut/lib/$(basename "$f")"
            ;;
        "$libdir"/*)
            place "$f" "$libOut/lib/${f#$libdir/}"
            ;;
        /usr/include/"$triple"/*)
            place "$f" "$devOut/include/${f#/usr/include/$triple/}"
            ;;
        /usr/include/*)
            rel="${f#/usr/include/}"
            if [ -n "${includeStrip:-}" ]; then
                case "$rel" in "$includeStrip"/*) rel="${rel#$includeStrip/}" ;; esac
            fi
            place "$f" "$devOut/include/$rel"
            ;;
        /usr/bin/*|/bin/*)
            name="$(basename "$f")"
            if isIn "$name" $configScripts; then
                mkdir -p "$devOut/bin" "$devOut/libexec"
                # Debian's krb5-config asks $CC for the multiarch triple.
                if [ ! -e "$devOut/libexec/standin-multiarch-cc" ]; then
                    printf '#!/bin/sh\necho %s\n' "$triple" > "$devOut/libexec/standin-multiarch-cc"
                    chmod +x "$devOut/libexec/standin-multiarch-cc"
                fi
                {
                    echo "#!/bin/bash"
                    echo "# $name from Debian, reporting the stand-in's store paths"
                    echo "set -o pipefail"
                    printf 'out="$(CC=%q %q "$@")" || exit $?\n' "$devOut/libexec/standin-multiarch-cc" "$f"
                    printf 'printf "%%s\\n" "$out" | sed'
                    printf ' %q' "${mapArgs[@]}"
                    printf ' -e %q\n' "s|^/usr\$|$devOut|"
                } > "$devOut/bin/$name"
                chmod +x "$devOut/bin/$name"
            elif isIn "$name" $binaries && ! isIn "$name" $excludeBins; then
                place "$f" "$binOut/bin/$name"
            fi
            ;;
        /usr/share/*)
            for d in $shareDirs; do
                case "$f" in
                    /usr/share/"$d"/*) place "$f" "$out/share/${f#/usr/share/}" ;;
                esac
            done
            ;;
    esac
done < files.lst

for d in $binDirs; do
    for f in "$d"/*; do
        name="$(basename "$f")"
        isIn "$name" $excludeBins && continue
        place "$f" "$binOut/bin/$name"
    done
done
rm -f files.lst

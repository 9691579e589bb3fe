# mkPythonEnv PYTHON EXECUTABLE LIBPREFIX: build $out as a Python prefix:
# a copy of the interpreter, the interpreter's stdlib (symlinks) and the
# union of the site-packages (and bin/) of $pkgsToMerge.

_pyenvMerge() { # SRC DST: symlink union of directory SRC into DST
    local src="$1" dst="$2" e name target
    mkdir -p "$dst"
    for e in "$src"/* "$src"/.[!.]*; do
        name="$(basename "$e")"
        if [ -L "$dst/$name" ] && [ -d "$dst/$name" ] && [ -d "$e" ]; then
            target="$(readlink -f "$dst/$name")"
            rm "$dst/$name"
            mkdir "$dst/$name"
            _pyenvMerge "$target" "$dst/$name"
            _pyenvMerge "$e" "$dst/$name"
        elif [ -d "$dst/$name" ] && [ ! -L "$dst/$name" ] && [ -d "$e" ]; then
            _pyenvMerge "$e" "$dst/$name"
        elif [ -e "$dst/$name" ] || [ -L "$dst/$name" ]; then
            if [ "$(readlink -f "$dst/$name")" != "$(readlink -f "$e")" ] && ! cmp -s "$dst/$name" "$e"; then
                case "$name" in
                    *.pyc|RECORD|INSTALLER|REQUESTED|direct_url.json) ;;
                    *)
                        if [ -z "${ignoreCollisions:-}" ]; then
                            echo "python env: collision between $(readlink -f "$dst/$name") and $e" >&2
                            exit 1
                        fi ;;
                esac
            fi
        else
            ln -s "$e" "$dst/$name"
        fi
    done
}

mkPythonEnv() {
    local python="$1" exe="$2" libPrefix="$3"
    mkdir -p "$out/bin" "$out/lib/$libPrefix/site-packages"

    cp "$python/bin/$exe" "$out/bin/$exe"
    chmod u+w "$out/bin/$exe"
    patchelf --set-rpath "$python/lib" "$out/bin/$exe"
    ln -s "$exe" "$out/bin/python3"
    ln -s "$exe" "$out/bin/python"

    local f
    for f in "$python"/lib/*; do
        [ "$(basename "$f")" = "$libPrefix" ] && continue
        ln -s "$f" "$out/lib/"
    done
    for f in "$python/lib/$libPrefix"/* "$python/lib/$libPrefix"/.[!.]*; do
        [ "$(basename "$f")" = site-packages ] && continue
        ln -s "$f" "$out/lib/$libPrefix/"
    done
    ln -s "$python/include" "$out/include"

    local pkg
    for pkg in $pkgsToMerge; do
        if [ -d "$pkg/lib/$libPrefix/site-packages" ]; then
            _pyenvMerge "$pkg/lib/$libPrefix/site-packages" "$out/lib/$libPrefix/site-packages"
        fi
        if [ -d "$pkg/bin" ]; then
            for f in "$pkg"/bin/*; do
                local name
                name="$(basename "$f")"
                [ -e "$out/bin/$name" ] && continue
                # console scripts: run them with the env's interpreter
                if head -n1 "$f" | grep -q "^#!$python/bin/"; then
                    { echo "#!$out/bin/$exe"; tail -n +2 "$f"; } > "$out/bin/$name"
                    chmod +x "$out/bin/$name"
                else
                    ln -s "$f" "$out/bin/$name"
                fi
            done
        fi
    done
}

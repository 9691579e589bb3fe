# Stand-in for nixpkgs' cargoSetupHook: point cargo at the vendored
# dependencies in $cargoDeps and give it a writable CARGO_HOME.
cargoSetupPostUnpackHook() {
    echo "Executing cargoSetupPostUnpackHook"
    if [ -n "${cargoDeps:-}" ]; then
        mkdir -p "${sourceRoot:-.}/.cargo"
        if [ -f "${sourceRoot:-.}/.cargo/config.toml" ] || [ -f "${sourceRoot:-.}/.cargo/config" ]; then
            echo >> "${sourceRoot:-.}/.cargo/config.toml"
        fi
        cat "$cargoDeps/.cargo/config.toml" >> "${sourceRoot:-.}/.cargo/config.toml"
    fi
    export CARGO_HOME="$NIX_BUILD_TOP/.cargo-home"
    mkdir -p "$CARGO_HOME"
}

if [ -z "${dontCargoSetupPostUnpack:-}" ]; then
    postUnpackHooks+=(cargoSetupPostUnpackHook)
fi

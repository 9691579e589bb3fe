# Rust toolchain from the machine (rustup's stable toolchain) and a small
# rustPlatform: buildRustPackage with cargoLock.lockFile (crates.io
# dependencies vendored by fixed-output fetchurl, like nixpkgs'
# importCargoLock) and cargoSetupHook.
{ lib, stdenv, stdenvNoCC, fetchurl, machine, rawDerivation, makeSetupHook }:
let
  tc = machine.rustToolchain;
  toolchainVersion = "stable";

  binDrv = pname: bins: rawDerivation {
    name = "${pname}-${toolchainVersion}";
    passthru = { inherit pname; version = toolchainVersion; };
    script = ''
      mkdir -p $out/bin
      for b in ${lib.concatStringsSep " " bins}; do
        if [ -e ${tc}/bin/$b ]; then
          ln -s ${tc}/bin/$b $out/bin/$b
        else
          echo "stand-in nixpkgs: ${tc}/bin/$b is missing" >&2
          exit 1
        fi
      done
    '';
  };

  rustc = binDrv "rustc" [ "rustc" "rustdoc" ];
  cargo = binDrv "cargo" [ "cargo" ];
  clippy = binDrv "clippy" [ "cargo-clippy" "clippy-driver" ];
  rustfmt = binDrv "rustfmt" [ "rustfmt" "cargo-fmt" ];
  # rust-analyzer is not installed on this machine: a stub that says so.
  rust-analyzer = rawDerivation {
    name = "rust-analyzer-stub";
    passthru = { pname = "rust-analyzer"; version = "0"; };
    script = ''
      mkdir -p $out/bin
      if [ -e ${tc}/bin/rust-analyzer ]; then
        ln -s ${tc}/bin/rust-analyzer $out/bin/rust-analyzer
      else
        cat > $out/bin/rust-analyzer <<'EOF2'
      #!/bin/bash
      echo "rust-analyzer is not available in the stand-in nixpkgs (not installed on this machine)" >&2
      exit 1
      EOF2
        chmod +x $out/bin/rust-analyzer
      fi
    '';
  };

  cargoSetupHook = makeSetupHook { name = "cargo-setup-hook.sh"; } ./cargo-setup-hook.sh;

  # nixpkgs importCargoLock (crates.io sources only).
  importCargoLock = { lockFile, outputHashes ? { } }:
    let
      lock = builtins.fromTOML (builtins.readFile lockFile);
      registry = "registry+https://github.com/rust-lang/crates.io-index";
      packages = builtins.filter (p: p ? source) (lock.package or [ ]);
      fetchCrate = p:
        if p.source == registry then
          {
            inherit (p) name version checksum;
            tarball = fetchurl {
              name = "crate-${p.name}-${p.version}.tar.gz";
              url = "https://crates.io/api/v1/crates/${p.name}/${p.version}/download";
              sha256 = p.checksum;
            };
          }
        else throw "stand-in nixpkgs importCargoLock: only crates.io dependencies are supported (${p.name} comes from ${p.source})";
      crates = map fetchCrate packages;
    in
    stdenvNoCC.mkDerivation {
      name = "cargo-vendor-dir";
      dontUnpack = true;
      installPhase = ''
        mkdir -p $out/.cargo
        ${lib.concatMapStrings (c: ''
          mkdir -p "$out/${c.name}-${c.version}"
          tar xzf ${c.tarball} -C "$out/${c.name}-${c.version}" --strip-components=1
          printf '{"files":{},"package":"%s"}' "${c.checksum}" > "$out/${c.name}-${c.version}/.cargo-checksum.json"
        '') crates}
        cat > $out/.cargo/config.toml <<EOF2
        [source.crates-io]
        replace-with = "vendored-sources"

        [source.vendored-sources]
        directory = "$out"
        EOF2
      '';
    };

  buildRustPackage =
    { cargoLock ? null
    , cargoDeps ? null
    , cargoHash ? null
    , nativeBuildInputs ? [ ]
    , buildType ? "release"
    , cargoBuildFlags ? [ ]
    , cargoTestFlags ? [ ]
    , doCheck ? true
    , ...
    }@args:
    let
      deps =
        if cargoDeps != null then cargoDeps
        else if cargoLock != null then importCargoLock { inherit (cargoLock) lockFile; outputHashes = cargoLock.outputHashes or { }; }
        else throw "stand-in nixpkgs buildRustPackage: give cargoLock.lockFile (cargoHash vendoring is not implemented)";
    in
    stdenv.mkDerivation ((removeAttrs args [ "cargoLock" "cargoHash" "cargoBuildFlags" "cargoTestFlags" ]) // {
      cargoDeps = deps;
      nativeBuildInputs = [ cargo rustc cargoSetupHook ] ++ nativeBuildInputs;
      inherit doCheck;
      cargoBuildType = buildType;
      cargoBuildFlagsStr = lib.concatStringsSep " " cargoBuildFlags;
      cargoTestFlagsStr = lib.concatStringsSep " " cargoTestFlags;
      buildPhase = args.buildPhase or ''
        runHook preBuild
        cargo build -j "$NIX_BUILD_CORES" --frozen --offline --profile "$cargoBuildType" $cargoBuildFlagsStr
        runHook postBuild
      '';
      checkPhase = args.checkPhase or ''
        runHook preCheck
        cargo test -j "$NIX_BUILD_CORES" --frozen --offline --profile "$cargoBuildType" $cargoTestFlagsStr
        runHook postCheck
      '';
      installPhase = args.installPhase or ''
        runHook preInstall
        mkdir -p $out/bin
        dir=target/$cargoBuildType
        [ "$cargoBuildType" = dev ] && dir=target/debug
        find "$dir" -maxdepth 1 -type f -executable ! -name '*.so' ! -name '*.d' -exec cp {} $out/bin/ \;
        runHook postInstall
      '';
    });
in
{
  inherit rustc cargo clippy rustfmt rust-analyzer;
  rustPlatform = {
    inherit buildRustPackage cargoSetupHook importCargoLock;
  };
}

# The stand-in package set for one system.  Only attribute names that real
# nixpkgs has are offered (see attributes.txt / attributes-sources.md).
{ system }:
let
  lib = import ./lib.nix;
  machine = import ./machine.nix system;

  std = import ./stdenv { inherit lib system machine; };
  inherit (std) stdenv stdenvNoCC rawDerivation extendDerivation;

  # --- trivial builders (pkgs/build-support/trivial-builders) ---------
  runCommandWith = { stdenv, name, derivationArgs ? { } }: buildCommand:
    stdenv.mkDerivation ({
      inherit name buildCommand;
      enableParallelBuilding = true;
      passAsFile = [ "buildCommand" ] ++ (derivationArgs.passAsFile or [ ]);
      preferLocalBuild = true;
      allowSubstitutes = false;
    } // (removeAttrs derivationArgs [ "passAsFile" ]));

  runCommand = name: env: runCommandWith { stdenv = stdenvNoCC; inherit name; derivationArgs = env; };

  writeTextFile = { name, text, executable ? false, destination ? "", checkPhase ? "" }:
    runCommand name
      {
        inherit text executable checkPhase;
        passAsFile = [ "text" ];
      }
      ''
        target=$out${destination}
        mkdir -p "$(dirname "$target")"
        if [ -e "$textPath" ]; then
          mv "$textPath" "$target"
        else
          echo -n "$text" > "$target"
        fi
        if [ -n "$executable" ]; then
          chmod +x "$target"
        fi
        eval "$checkPhase"
      '';

  writeText = name: text: writeTextFile { inherit name text; };

  writeShellScript = name: text: writeTextFile {
    inherit name;
    executable = true;
    text = ''
      #!/bin/bash
      ${text}
    '';
    checkPhase = ''
      /bin/bash -n -O extglob "$target"
    '';
  };

  # Internal (not offered): nixpkgs makeSetupHook.
  makeSetupHook = { name, substitutions ? { }, propagatedBuildInputs ? [ ] }: script:
    runCommand name (substitutions // { inherit propagatedBuildInputs; }) ''
      mkdir -p $out/nix-support
      cp ${script} $out/nix-support/setup-hook
      ${lib.concatMapStrings (n: ''
        substituteInPlace $out/nix-support/setup-hook --subst-var ${n}
      '') (builtins.attrNames substitutions)}
      if [ -n "$propagatedBuildInputs" ]; then
        printWords $propagatedBuildInputs > $out/nix-support/propagated-build-inputs
      fi
    '';

  # pkgs/build-support/mkshell
  mkShell =
    { name ? "nix-shell"
    , packages ? [ ]
    , inputsFrom ? [ ]
    , buildInputs ? [ ]
    , nativeBuildInputs ? [ ]
    , propagatedBuildInputs ? [ ]
    , propagatedNativeBuildInputs ? [ ]
    , ...
    }@attrs:
    let
      mergeInputs = n: (attrs.${n} or [ ]) ++ builtins.concatMap (i: i.${n} or [ ]) inputsFrom;
      rest = removeAttrs attrs [ "name" "packages" "inputsFrom" "buildInputs" "nativeBuildInputs" "propagatedBuildInputs" "propagatedNativeBuildInputs" "shellHook" ];
    in
    stdenv.mkDerivation ({
      inherit name;
      buildInputs = mergeInputs "buildInputs";
      nativeBuildInputs = packages ++ (mergeInputs "nativeBuildInputs");
      propagatedBuildInputs = mergeInputs "propagatedBuildInputs";
      propagatedNativeBuildInputs = mergeInputs "propagatedNativeBuildInputs";
      shellHook = lib.concatStringsSep "\n" (builtins.catAttrs "shellHook" (inputsFrom ++ [ attrs ]));
      phases = [ "buildPhase" ];
      buildPhase = ''
        { echo "------------------------------------------------------------";
          echo " WARNING: the existence of this path is not guaranteed.";
          echo " It is an internal implementation detail for pkgs.mkShell.";
          echo "------------------------------------------------------------";
          echo;
          # Record all build inputs as runtime dependencies
          export;
        } >> "$out"
      '';
      preferLocalBuild = true;
    } // rest);

  # pkgs/build-support/fetchurl
  fetchurl =
    { url ? null
    , urls ? [ ]
    , name ? null
    , hash ? null
    , sha256 ? null
    , sha512 ? null
    , outputHash ? null
    , outputHashAlgo ? null
    , recursiveHash ? false
    , executable ? false
    , postFetch ? ""
    , downloadToTemp ? false
    , curlOpts ? ""
    , curlOptsList ? [ ]
    , passthru ? { }
    , meta ? { }
    , preferLocalBuild ? true
    }:
    let
      urls' = (if url != null then [ url ] else [ ]) ++ urls;
      name' = if name != null then name else baseNameOf (builtins.head urls');
      nonEmpty = x: x != null && x != "";
      h =
        if nonEmpty outputHash then { outputHash = outputHash; outputHashAlgo = if outputHashAlgo == null then "" else outputHashAlgo; }
        else if nonEmpty hash then { outputHash = hash; outputHashAlgo = ""; }
        else if nonEmpty sha256 then { outputHash = sha256; outputHashAlgo = "sha256"; }
        else if nonEmpty sha512 then { outputHash = sha512; outputHashAlgo = "sha512"; }
        else { outputHash = lib.fakeHash; outputHashAlgo = ""; };
    in
    assert urls' != [ ];
    stdenvNoCC.mkDerivation ({
      name = name';
      urls = urls';
      inherit postFetch downloadToTemp executable curlOpts curlOptsList preferLocalBuild;
      outputHashMode = if recursiveHash || executable then "recursive" else "flat";
      impureEnvVars = lib.fetchers.proxyImpureEnvVars ++ [ "NIX_CURL_FLAGS" ];
      caBundle = machine.caBundle;
      passAsFile = [ "postFetch" ];
      passthru = { url = builtins.head urls'; } // passthru;
      inherit meta;
      buildCommand = ''
        source ${./build-support/fetchurl-builder.sh}
      '';
    } // h);

  cacert = rawDerivation {
    name = "nss-cacert-machine";
    passthru = { pname = "nss-cacert"; version = "machine"; };
    hookSrc = ./build-support/cacert-hook.sh;
    script = ''
      mkdir -p $out/etc/ssl/certs $out/nix-support
      cp ${machine.caBundle} $out/etc/ssl/certs/ca-bundle.crt
      cp ${machine.caBundle} $out/etc/ssl/certs/ca-no-trust-rules-bundle.crt
      sed "s|@out@|$out|g" "$hookSrc" > $out/nix-support/setup-hook
    '';
  };

  uv = rawDerivation {
    name = "uv-${machine.debVersions.uv}";
    passthru = { pname = "uv"; version = machine.debVersions.uv; };
    script = ''
      mkdir -p $out/bin
      ln -s ${machine.uvBin} $out/bin/uv
      ln -s ${machine.uvxBin} $out/bin/uvx
    '';
  };

  git = rawDerivation {
    name = "git-${machine.debVersions.git}";
    passthru = { pname = "git"; version = machine.debVersions.git; };
    script = ''
      mkdir -p $out/bin
      ln -s "$(command -v git)" $out/bin/git
    '';
  };

  # The machine's bash, as the build shell (bash) and for nix develop (bashInteractive).
  machineBash = pname: rawDerivation {
    name = "${pname}-machine";
    passthru = { inherit pname; version = "machine"; };
    script = ''
      mkdir -p $out/bin
      ln -s /bin/bash $out/bin/bash
      ln -s bash $out/bin/sh
    '';
  };
  bash = machineBash "bash";
  bashInteractive = machineBash "bash-interactive";

  patchelf = rawDerivation {
    name = "patchelf-${machine.debVersions.patchelf}";
    passthru = { pname = "patchelf"; version = machine.debVersions.patchelf; };
    script = ''
      mkdir -p $out/bin
      ln -s "$(command -v patchelf)" $out/bin/patchelf
    '';
  };

  pkg-config = rawDerivation {
    name = "pkg-config-wrapper-${machine.debVersions.pkg-config}";
    passthru = { pname = "pkg-config-wrapper"; version = machine.debVersions.pkg-config; };
    wrapperSrc = ./build-support/pkg-config-wrapper.sh;
    hookSrc = ./build-support/pkg-config-hook.sh;
    script = ''
      mkdir -p $out/bin $out/nix-support
      sed -e "s|@shell@|/bin/bash|g" -e "s|@pkgConfig@|$(command -v pkg-config)|g" "$wrapperSrc" > $out/bin/pkg-config
      chmod +x $out/bin/pkg-config
      cp "$hookSrc" $out/nix-support/setup-hook
    '';
  };

  removeReferencesTo = rawDerivation {
    name = "remove-references-to";
    passthru = { pname = "remove-references-to"; version = "0"; };
    src = ./build-support/remove-references-to.sh;
    script = ''
      mkdir -p $out/bin
      sed -e "s|@shell@|/bin/bash|g" -e "s|@storeDir@|${builtins.storeDir}|g" "$src" > $out/bin/remove-references-to
      chmod +x $out/bin/remove-references-to
    '';
  };

  autoPatchelfHook = makeSetupHook { name = "auto-patchelf-hook"; } ./build-support/auto-patchelf-hook.sh;

  makeWrapper = makeSetupHook
    {
      name = "make-shell-wrapper-hook";
      substitutions.shell = "/bin/bash";
    } ./build-support/make-wrapper.sh;

  native = import ./native-libs.nix { inherit lib stdenvNoCC machine rawDerivation extendDerivation; };

  pythons = import ./python { inherit lib stdenvNoCC fetchurl machine system; };

  rust = import ./rust { inherit lib stdenv stdenvNoCC fetchurl machine rawDerivation makeSetupHook; };
in
{
  inherit lib;
  inherit stdenv;
  inherit fetchurl runCommand writeText writeShellScript mkShell;
  inherit cacert uv git bash bashInteractive patchelf pkg-config removeReferencesTo autoPatchelfHook makeWrapper;
  inherit (native) krb5 libpq postgresql libxml2 libxslt xmlsec libtool openssl zlib libffi;
  inherit (pythons) python311 python312 python313 python314;
  python311Packages = pythons.python311.pkgs;
  python312Packages = pythons.python312.pkgs;
  python313Packages = pythons.python313.pkgs;
  python314Packages = pythons.python314.pkgs;
  inherit (rust) rustPlatform cargo rustc clippy rustfmt rust-analyzer;
}

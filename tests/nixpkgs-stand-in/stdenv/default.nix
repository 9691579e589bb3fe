# The stand-in stdenv: a basic tool set from the machine, a gcc wrapper
# around Debian's gcc with a glibc-only sysroot, and mkDerivation (a thin
# layer over `derivation` running stdenv/setup.sh with bash).
{ lib, system, machine }:
let
  inherit (builtins) isFunction isAttrs filter removeAttrs listToAttrs concatStringsSep;

  bash = "/bin/bash";
  storeDir = builtins.storeDir;
  machinePath = concatStringsSep ":" machine.toolDirs;

  platform = {
    inherit system;
    config = {
      x86_64-linux = "x86_64-unknown-linux-gnu";
      aarch64-linux = "aarch64-unknown-linux-gnu";
    }.${system};
    isLinux = true;
    isDarwin = false;
    isx86_64 = system == "x86_64-linux";
    isAarch64 = system == "aarch64-linux";
  };

  # nixpkgs lib.extendDerivation: merge passthru into the derivation and
  # give every output an attribute set of its own (with outputSpecified).
  extendDerivation = passthru: drv:
    let
      outputs = drv.outputs or [ "out" ];
      commonAttrs = drv // (listToAttrs outputsList) // { all = map (x: x.value) outputsList; } // passthru;
      outputToAttrListElement = outputName: {
        name = outputName;
        value = commonAttrs // {
          inherit (drv.${outputName}) type outputName;
          outputSpecified = true;
          drvPath = drv.${outputName}.drvPath;
          outPath = drv.${outputName}.outPath;
        };
      };
      outputsList = map outputToAttrListElement outputs;
    in
    commonAttrs // {
      drvPath = drv.drvPath;
      outPath = drv.outPath;
    };

  # A derivation built by a bash script that sees only machinePath.
  rawDerivation = { name, script, passthru ? { }, ... }@args:
    extendDerivation passthru (derivation ((removeAttrs args [ "script" "passthru" ]) // {
      inherit name system;
      builder = bash;
      args = [ "-e" "-c" ''
        export PATH=${machinePath}
        ${script}
      '' ];
    }));

  # ---------------------------------------------------------------------
  # The basic tools (nixpkgs: coreutils findutils diffutils gnused gnugrep
  # gawk gnutar gzip bzip2 xz gnumake bash patch file patchelf); unzip and
  # curl are added so that .zip sources and fetchurl work without extra
  # inputs.
  toolNames = [
    "find" "xargs"
    "diff" "cmp" "diff3" "sdiff"
    "sed" "grep" "egrep" "fgrep" "awk"
    "tar" "gzip" "gunzip" "zcat" "bzip2" "bunzip2" "bzcat"
    "xz" "unxz" "xzcat" "lzma" "unlzma"
    "make" "patch" "file" "patchelf" "bash" "sh" "unzip" "curl"
  ];
  tools = rawDerivation {
    name = "stdenv-tools";
    script = ''
      mkdir -p $out/bin
      link() {
        local t
        t="$(command -v "$1")" || { echo "stand-in stdenv: tool $1 missing on this machine" >&2; exit 1; }
        [ -e "$out/bin/$1" ] || ln -s "$t" "$out/bin/$1"
      }
      for t in $(dpkg -L coreutils | grep -E '^/(usr/)?bin/' | xargs -n1 basename); do
        link "$t"
      done
      for t in ${concatStringsSep " " toolNames}; do
        link "$t"
      done
    '';
  };

  # The compiler's --sysroot: only glibc, kernel headers and libstdc++.
  sysroot = rawDerivation {
    name = "glibc-sysroot";
    script = ''
      mkdir -p $out/usr
      for p in ${concatStringsSep " " machine.sysrootPackages}; do
        dpkg -L "$p"
      done | sort -u | while IFS= read -r f; do
        case "$f" in
          /usr/share/*|/etc/*|/sbin/*|/usr/sbin/*|/usr/bin/*|/bin/*|/usr/libexec/*|/var/*) continue ;;
        esac
        # Directories (also symlinked ones) are created, never linked, so
        # nothing below can ever be written into the machine's /usr.
        [ -d "$f" ] && continue
        [ -e "$f" ] || [ -L "$f" ] || continue
        rel="''${f#/}"
        rel="''${rel#usr/}"
        dest="$out/usr/$rel"
        [ -e "$dest" ] || [ -L "$dest" ] && continue
        mkdir -p "$(dirname "$dest")"
        case "$(readlink -f "$(dirname "$dest")")" in
          "$out"/*) ;;
          *) echo "refusing to write outside $out: $dest" >&2; exit 1 ;;
        esac
        ln -s "$f" "$dest"
      done
      ln -s usr/lib $out/lib
      if [ -d $out/usr/lib64 ]; then ln -s usr/lib64 $out/lib64; fi
    '';
  };

  # stdenv.cc.cc: the unwrapped compiler; its `lib` output carries the
  # runtime libraries (libstdc++, libgcc_s) like nixpkgs' gcc.
  gccUnwrapped = rawDerivation {
    name = "gcc-${machine.gccVersion}";
    outputs = [ "out" "lib" ];
    passthru = {
      pname = "gcc";
      version = machine.gccVersion;
    };
    script = ''
      mkdir -p $out/bin $lib/lib
      ln -s ${machine.gcc} $out/bin/gcc
      ln -s ${machine.gxx} $out/bin/g++
      ln -s ${machine.cpp} $out/bin/cpp
      ln -s gcc $out/bin/cc
      ln -s g++ $out/bin/c++
      for l in libstdc++.so.6 libgcc_s.so.1 libgomp.so.1 libatomic.so.1 libquadmath.so.0 libitm.so.1; do
        if [ -e ${machine.libDir}/$l ]; then
          ln -s ${machine.libDir}/$l $lib/lib/$l
          ln -s $l $lib/lib/''${l%%.so.*}.so
        fi
      done
    '';
  };

  binutilsNames = [ "ld" "ld.bfd" "as" "ar" "nm" "objdump" "objcopy" "readelf" "ranlib" "strip" "strings" "size" "c++filt" "addr2line" "elfedit" "gprof" ];

  # stdenv.cc: wrapper scripts (cc, gcc, c++, g++, cpp) + binutils.
  ccWrapper = rawDerivation {
    name = "gcc-wrapper-${machine.gccVersion}";
    wrapperSrc = ./cc-wrapper.sh;
    hookSrc = ./cc-setup-hook.sh;
    passthru = {
      cc = gccUnwrapped;
    };
    script = ''
      mkdir -p $out/bin $out/nix-support
      mkwrapper() {
        sed -e "s|@compiler@|$2|g" -e "s|@sysroot@|${sysroot}|g" \
            -e "s|@storeDir@|${storeDir}|g" -e "s|@canLink@|$3|g" \
            -e "s|@machineLibDir@|${machine.libDir}|g" \
            "$wrapperSrc" > "$out/bin/$1"
        chmod +x "$out/bin/$1"
      }
      mkwrapper gcc ${machine.gcc} 1
      mkwrapper cc ${machine.gcc} 1
      mkwrapper g++ ${machine.gxx} 1
      mkwrapper c++ ${machine.gxx} 1
      mkwrapper cpp ${machine.cpp} 0
      for t in ${concatStringsSep " " binutilsNames}; do
        if t2="$(command -v "$t")"; then ln -s "$t2" "$out/bin/$t"; fi
      done
      sed -e "s|@out@|$out|g" "$hookSrc" > $out/nix-support/setup-hook
    '';
  };

  # Internal: a setup-hook derivation (nixpkgs makeSetupHook).
  # ---------------------------------------------------------------------

  toFn = f: if isFunction f then f else (_: f);

  makeDerivationFor = { stdenvDrv }:
    let
      mkDerivation = fnOrAttrs:
        let
          f = toFn fnOrAttrs;
          attrs = f (attrs // { finalPackage = result; });

          outputs = attrs.outputs or [ "out" ];
          name = attrs.name or (if attrs ? version then "${attrs.pname}-${attrs.version}" else attrs.pname);
          doCheck = attrs.doCheck or false;
          doInstallCheck = attrs.doInstallCheck or false;

          # nixpkgs chooses the dev output of every input (lib.getDev);
          # the dev output propagates the others at build time.
          clean = l: map (x: if isAttrs x then lib.getDev x else x) (filter (x: x != null) l);

          nativeInputs = clean ((attrs.depsBuildBuild or [ ])
            ++ (attrs.nativeBuildInputs or [ ])
            ++ lib.optionals doCheck (attrs.nativeCheckInputs or [ ])
            ++ lib.optionals doInstallCheck (attrs.nativeInstallCheckInputs or [ ]));
          hostInputs = clean ((attrs.buildInputs or [ ])
            ++ lib.optionals doCheck (attrs.checkInputs or [ ])
            ++ lib.optionals doInstallCheck (attrs.installCheckInputs or [ ]));

          drvAttrs = (removeAttrs attrs [
            "passthru" "meta" "env" "__structuredAttrs" "finalPackage" "pos"
            "nativeCheckInputs" "checkInputs" "nativeInstallCheckInputs" "installCheckInputs"
            "depsBuildBuild"
          ]) // (attrs.env or { }) // {
            inherit name system outputs doCheck doInstallCheck;
            # nixpkgs: `builder` is a script run by bash, `realBuilder` the program.
            builder = attrs.realBuilder or bash;
            args = attrs.args or [ "-e" (attrs.builder or ./default-builder.sh) ];
            stdenv = stdenvDrv;
            nativeBuildInputs = nativeInputs;
            buildInputs = hostInputs;
            propagatedBuildInputs = clean (attrs.propagatedBuildInputs or [ ]);
            propagatedNativeBuildInputs = clean (attrs.propagatedNativeBuildInputs or [ ]);
          };

          overrideAttrs = f0: mkDerivation (final:
            let
              prev = f final;
              r = if isFunction f0 then f0 prev else f0;
              ext = if isFunction r then f0 final prev else r;
            in
            prev // ext);

          result = extendDerivation
            ((attrs.passthru or { }) // {
              meta = attrs.meta or { };
              inherit overrideAttrs;
            })
            (derivation drvAttrs);
        in
        result;
    in
    mkDerivation;

  mkStdenv = { cc }:
    let
      stdenvDrv = rawDerivation {
        name = if cc == null then "stdenv-linux-nocc" else "stdenv-linux";
        setupSrc = ./setup.sh;
        script = ''
          mkdir -p $out
          sed -e "s|@initialPath@|${tools}|g" \
              -e "s|@shell@|${bash}|g" \
              -e "s|@storeDir@|${storeDir}|g" \
              -e "s|@defaultNativeBuildInputs@|${if cc == null then "" else cc}|g" \
              "$setupSrc" > $out/setup
        '';
      };
    in
    extendDerivation
      {
        inherit cc;
        mkDerivation = makeDerivationFor { inherit stdenvDrv; };
        hostPlatform = platform;
        buildPlatform = platform;
        inherit (platform) isLinux isDarwin;
      }
      stdenvDrv;

  stdenv = mkStdenv { cc = ccWrapper; };
  stdenvNoCC = mkStdenv { cc = null; };
in
{
  inherit stdenv stdenvNoCC tools sysroot extendDerivation rawDerivation;
}

# python311 (the machine's CPython, laid out like nixpkgs' python) and
# python312, python313, python314 (instantiable only), each with .pkgs and
# .withPackages.
{ lib, stdenvNoCC, fetchurl, machine, system }:
let
  inherit (builtins) concatMap filter listToAttrs attrNames baseNameOf;
  wheels = import ./wheels.nix;

  # Which attributes of python.pkgs are offered (real nixpkgs names), and
  # what each one needs at run time.
  offeredDeps = {
    setuptools = [ ];
    wheel = [ ];
    cython = [ ];
    setuptools-scm = [ "packaging" "setuptools" ];
    pkgconfig = [ ];
    pip = [ ];
    hatchling = [ "packaging" "pathspec" "pluggy" "trove-classifiers" ];
    flit-core = [ ];
    poetry-core = [ ];
    installer = [ ];
    build = [ "packaging" "pyproject-hooks" ];
    cffi = [ "pycparser" ];
  };
  internalDeps = {
    packaging = [ ];
    pathspec = [ ];
    pluggy = [ ];
    trove-classifiers = [ ];
    pyproject-hooks = [ ];
    pycparser = [ ];
  };

  pipWheel = fetchurl { inherit (wheels.pure.pip) url hash; };

  mkPython = { version, pythonVersion, machinePrefix ? null }:
    let
      executable = "python${pythonVersion}";
      libPrefix = "python${pythonVersion}";
      sitePackages = "lib/${libPrefix}/site-packages";

      # nixpkgs python-packages-base.nix: requiredPythonModules = the
      # packages plus their requiredPythonModules, without duplicates.
      requiredPythonModules = drvs:
        let
          all = builtins.concatMap (d: [ d ] ++ (d.requiredPythonModules or [ ])) drvs;
          dedup = acc: x: if builtins.elem x.outPath (map (a: a.outPath) acc) then acc else acc ++ [ x ];
        in
        builtins.foldl' dedup [ ] all;

      python = stdenvNoCC.mkDerivation {
        pname = "python3";
        inherit version executable sitePackages libPrefix pythonVersion;
        dontUnpack = true;
        dontStrip = true;
        dontPatchShebangs = true;
        setupHook = ./setup-hook.sh;
        installPhase =
          if machinePrefix == null then ''
            echo "stand-in nixpkgs: CPython ${version} is not available on this machine;" >&2
            echo "python${pythonVersion} can be instantiated but not built." >&2
            exit 1
          '' else ''
            runHook preInstall
            P=${machinePrefix}
            mkdir -p $out/bin $out/lib/${libPrefix}/site-packages $out/include $out/lib/pkgconfig

            # A copy (not a symlink) of the interpreter, so that it finds its
            # prefix ($out) from its own location, like nixpkgs' python.
            cp $P/bin/${executable} $out/bin/${executable}
            chmod u+w $out/bin/${executable}
            patchelf --set-rpath $out/lib $out/bin/${executable}
            ln -s ${executable} $out/bin/python3
            ln -s ${executable} $out/bin/python

            for f in $P/lib/libpython*; do ln -s "$f" $out/lib/; done
            ln -s $P/include/${libPrefix} $out/include/${libPrefix}
            for f in $P/lib/pkgconfig/*.pc; do
              sed "s|$P|$out|g" "$f" > $out/lib/pkgconfig/$(basename "$f")
            done

            # The standard library, without the machine's site-packages.
            for f in $P/lib/${libPrefix}/* $P/lib/${libPrefix}/.[!.]*; do
              case "$(basename "$f")" in
                site-packages|__pycache__|_sysconfigdata_*.py) continue ;;
              esac
              ln -s "$f" $out/lib/${libPrefix}/
            done
            # sysconfig data reporting this prefix instead of the machine's.
            for f in $P/lib/${libPrefix}/_sysconfigdata_*.py; do
              sed "s|$P|$out|g" "$f" > $out/lib/${libPrefix}/$(basename "$f")
            done
            # Bytecode for the top-level stdlib modules (the machine's
            # __pycache__ is not shared, so that it is never written to).
            mkdir -p $out/lib/${libPrefix}/__pycache__
            $out/bin/${executable} -m compileall -q -j0 \
              --invalidation-mode checked-hash -l $out/lib/${libPrefix} >/dev/null
            runHook postInstall
          '';
        passthru = {
          interpreter = "${python}/bin/${executable}";
          inherit executable pythonVersion sitePackages libPrefix;
          pkgs = pythonPackages;
          withPackages = f: buildEnv (f pythonPackages);
        };
      };

      wheelFor = pname:
        if wheels.pure ? ${pname} then wheels.pure.${pname}
        else
          let w = wheels.compiled.${pname};
          # python312/313 only instantiate (their interpreter cannot be built
          # here), so they borrow 3.14's wheel entry rather than carry their own.
          in { inherit (w) version; } // (w.${pythonVersion} or w."3.14").${system};

      mkWheelPackage = pname: depNames:
        let
          w = wheelFor pname;
          fileName = baseNameOf w.url;
          deps = map (n: allPackages.${n}) depNames;
        in
        stdenvNoCC.mkDerivation {
          inherit pname;
          inherit (w) version;
          name = "python${pythonVersion}-${pname}-${w.version}";
          src = fetchurl { inherit (w) url hash; };
          dontUnpack = true;
          dontStrip = true;
          propagatedBuildInputs = deps ++ [ python ];
          installPhase = ''
            runHook preInstall
            cp "$src" "$TMPDIR/${fileName}"
            ${python}/bin/${executable} ${pipWheel}/pip install \
              --no-deps --no-index --no-cache-dir --no-warn-script-location --ignore-installed \
              --disable-pip-version-check --root-user-action=ignore \
              --prefix="$out" "$TMPDIR/${fileName}"
            runHook postInstall
          '';
          passthru = {
            pythonModule = python;
            requiredPythonModules = requiredPythonModules deps;
          };
        };

      allPackages = lib.mapAttrs mkWheelPackage (offeredDeps // internalDeps);
      pythonPackages = lib.genAttrs (attrNames offeredDeps) (n: allPackages.${n});

      # nixpkgs python.buildEnv / withPackages: an environment whose
      # interpreter sees the packages.  Here it is a prefix of its own
      # (interpreter copy + stdlib symlinks + merged site-packages), so
      # sys.prefix is the env, as with nixpkgs' wrapper.
      buildEnv = extraLibs:
        let
          closure = requiredPythonModules extraLibs;
          env = stdenvNoCC.mkDerivation {
            name = "python3-${version}-env";
            dontUnpack = true;
            dontStrip = true;
            dontPatchShebangs = true;
            pkgsToMerge = closure;
            installPhase = ''
              runHook preInstall
              source ${./mk-env.sh}
              mkPythonEnv ${python} ${executable} ${libPrefix}
              runHook postInstall
            '';
            passthru = {
              interpreter = "${env}/bin/${executable}";
              inherit executable pythonVersion sitePackages;
            };
          };
        in
        env;
    in
    python;
in
{
  python311 = mkPython {
    inherit (machine.python311) version;
    pythonVersion = "3.11";
    machinePrefix = machine.python311.prefix;
  };
  # Not on this machine: they instantiate, and fail if built.
  python312 = mkPython {
    version = "3.12.0";
    pythonVersion = "3.12";
  };
  python313 = mkPython {
    version = "3.13.0";
    pythonVersion = "3.13";
  };
  python314 = mkPython {
    version = "3.14.0";
    pythonVersion = "3.14";
  };
}

# uv2nix-authentik's Nix library: the same text in every generated flake,
# which holds the data (plan, artifacts, recipes) and calls it. Tested on its
# own by nix/tests (with nixpkgs' lib).
{ lib }:
let
  inherit (builtins)
    attrNames
    concatMap
    elemAt
    filter
    isString
    listToAttrs
    mapAttrs
    split
    ;

  # The path of `path` below `root`, as a string without a leading slash.
  relativePath = root: path: lib.removePrefix (toString root + "/") (toString path);

  # Whether `rel` is one of `wanted`, inside one, or a directory holding one.
  wantedPath =
    wanted: rel: type:
    builtins.any (
      w: rel == w || lib.hasPrefix "${w}/" rel || type == "directory" && lib.hasPrefix "${rel}/" w
    ) wanted;

  # Bytecode that stays valid in the store (not checked against the source's
  # mtime). A file that does not compile fails the build; files that are not
  # meant to be Python modules are left out by rule: templates.
  compileBytecode = python: ''
    if [ -d "$out/${python.sitePackages}" ]; then
      if ! ${python.interpreter} -m compileall -q -j "$NIX_BUILD_CORES" \
          --invalidation-mode unchecked-hash \
          -x ${lib.escapeShellArg self.compileExclude} \
          "$out/${python.sitePackages}" > "$NIX_BUILD_TOP/compile.log"; then
        cat "$NIX_BUILD_TOP/compile.log" >&2
        echo "error: $name: the files above do not compile to bytecode" >&2
        exit 1
      fi
    fi
  '';

  self = {
    inherit relativePath wantedPath;

    # Paths compileall leaves alone: folders of templates (Django app and
    # project templates, cookiecutters), which hold files that only become
    # Python once rendered.
    compileExclude = "/(templates?|[^/]*_template|[^/]*-template)/";

    # A version as a store path name may hold it: no epoch mark (`1!2.0`).
    storeVersion = builtins.replaceStrings [ "!" ] [ "_" ];

    # The version field of a wheel's file name (`{name}-{version}(-{build})?-{tags}.whl`).
    wheelVersion = file: elemAt (filter isString (split "-" file)) 1;

    # Files whose sha256 no longer matches the one recorded at generation.
    staleFiles =
      root: generatedFrom:
      filter (file: builtins.hashFile "sha256" (root + "/${file}") != generatedFrom.${file}) (
        attrNames generatedFrom
      );

    # `value`, or an error naming the first stale input and the command to run.
    # The files are hashed once, however many values are checked.
    fresh =
      {
        root,
        generatedFrom,
        regenerate,
      }:
      let
        stale = self.staleFiles root generatedFrom;
      in
      value:
      if stale == [ ] then
        value
      else
        throw "${builtins.head stale} changed since flake.nix was generated: run ${regenerate}";

    # Only `paths` (relative to `root`) of the tree: a derivation built from it
    # changes when they change, not when anything else does.
    sourceOf =
      {
        root,
        name,
        paths,
      }:
      builtins.path {
        inherit name;
        path = root;
        filter = path: type: wantedPath paths (relativePath root path) type;
      };

    # What a local package's derivation needs from the tree: its pyproject.toml
    # and each module, in `dir` or `dir/src`, plus `extra` (relative to the root).
    localPaths =
      {
        dir,
        modules,
        extra ? [ ],
      }:
      let
        under = p: if dir == "." || dir == "" then p else "${dir}/${p}";
      in
      [ (under "pyproject.toml") ]
      ++ concatMap (
        m:
        map under [
          m
          "${m}.py"
          "src/${m}"
          "src/${m}.py"
        ]
      ) modules
      ++ extra;

    # The shell line that installs the named modules of `dir` (or `dir/src`)
    # into site-packages with the metadata importlib.metadata reads.
    installModules =
      {
        pname,
        version,
        dir,
        modules,
      }:
      "installModules ${lib.escapeShellArgs ([ pname version dir ] ++ modules)}\n";

    # The package set of one system: every locked distribution as its own
    # derivation, the environment joining them, the import check. Built once
    # per system; the flake's packages and checks are both read from it.
    pythonSet =
      {
        pkgs,
        system,
        # The flake's own tree.
        root,
        # The data of the generated flake.
        data,
        # Git sources: package name -> store path of the repository.
        gitSources ? { },
      }:
      let
        inherit (data) project;
        strategy = data.strategy;
        python = pkgs.${project.python};
        recipes = data.recipes pkgs;
        here = data.systems.${system};
        recipeOf = name: recipes.${name} or { };
        # The user's overrides (uv2nix-overrides.nix), read once.
        overrides = (data.overrides or (_: { })) pkgs;
        withOverrides = self.withOverrides overrides;
        builtRecipes = map recipeOf here.built;
        recipeInputs = attr: concatMap (r: r.${attr} or [ ]) builtRecipes;
        version = self.storeVersion project.version;

        # The libraries every compiled extension may link against: the
        # interpreter, the C++ runtime and libffi; a recipe adds its own.
        runtimeLibraries = recipe: [
          python
          pkgs.stdenv.cc.cc.lib
          (lib.getLib pkgs.libffi)
        ] ++ map lib.getLib (recipe.buildInputs or [ ]);

        # pypa's installer, run by the target interpreter so that console
        # scripts name it (the environment points them at itself).
        runInstaller = ''PYTHONPATH=${python.pkgs.installer}/${python.sitePackages} ${python.interpreter} -m installer'';

        fetchArtifact =
          file:
          let
            artifact = data.artifacts.${file};
          in
          if artifact ? path then
            root + "/${artifact.path}"
          else
            pkgs.fetchurl {
              name = file;
              inherit (artifact) url hash;
            };

        # One sdist (or local directory) built into a wheel by its build
        # backend, with its recipe's inputs.
        buildWheel =
          name:
          let
            sdist = data.sdists.${name};
            recipe = recipeOf name;
            buildPython = python.withPackages (ps: map (attr: ps.${attr}) ([ "pip" ] ++ sdist.buildSystem));
          in
          withOverrides [ name ] (pkgs.stdenv.mkDerivation (
            recipe.env or { }
            // {
              pname = "${name}-wheel";
              version = self.storeVersion sdist.version;
              src = if sdist ? path then root + "/${sdist.path}" else fetchArtifact sdist.file;
              nativeBuildInputs = [ buildPython ] ++ recipe.nativeBuildInputs or [ ];
              buildInputs = recipe.buildInputs or [ ];
              dontConfigure = true;
              buildPhase = ''
                runHook preBuild
                ${lib.optionalString (sdist.lockedBuildRequires != [ ]) ''
                  export PYTHONPATH="${
                    lib.concatMapStringsSep ":" (
                      dep: "${set.packages.${dep}}/${python.sitePackages}"
                    ) sdist.lockedBuildRequires
                  }''${PYTHONPATH:+:$PYTHONPATH}"
                ''}
                python -m pip wheel --no-cache-dir --no-deps --no-build-isolation --no-index --wheel-dir dist .
                runHook postBuild
              '';
              installPhase = ''
                runHook preInstall
                mkdir -p $out
                cp dist/*.whl $out/
                runHook postInstall
              '';
            }
          ));

        # A wheel installed into its own prefix: site-packages with its
        # .dist-info, console scripts in bin/, data files; bytecode compiled;
        # every ELF file linked by autoPatchelfHook; nothing stripped.
        installWheel =
          {
            pname,
            version,
            # The shell line that links the wheel, under its own file name
            # (which installer reads), into `dist/`.
            linkWheel,
            recipe ? { },
          }:
          pkgs.stdenv.mkDerivation (
            self.loadedLibraries (recipe.runtimeLibraries or [ ])
            // {
              inherit pname;
              version = self.storeVersion version;
              dontUnpack = true;
              dontConfigure = true;
              dontBuild = true;
              # Stripping would change the bytes the wheel's RECORD hashes, and
              # wheels ship their own (often already stripped) libraries.
              dontStrip = true;
              nativeBuildInputs = [ pkgs.autoPatchelfHook ];
              buildInputs = runtimeLibraries recipe;
              installPhase = ''
                runHook preInstall
                mkdir dist
                ${linkWheel}
                ${runInstaller} --prefix "$out" --no-compile-bytecode dist/*.whl
                ${compileBytecode python}
                runHook postInstall
              '';
            }
          );

        # A local package or git source: its modules copied into its own
        # site-packages; the project's recipe runs here too.
        installLocal =
          {
            pname,
            version,
            src,
            dir,
            modules,
            recipe ? null,
          }:
          pkgs.stdenv.mkDerivation {
            inherit pname src;
            version = self.storeVersion version;
            dontConfigure = true;
            dontBuild = true;
            installPhase = ''
              runHook preInstall
              sp="$out/${python.sitePackages}"
              mkdir -p "$sp"
              # installModules NAME VERSION DIR MODULE...: copy the modules (from DIR or
              # DIR/src) into site-packages, with metadata for importlib.metadata.
              installModules() {
                local name=$1 version=$2 dir=$3 module from dist
                shift 3
                dist=$(echo "$name" | tr - _)
                for module in "$@"; do
                  for from in "$dir/src" "$dir"; do
                    if [ -d "$from/$module" ]; then
                      cp -r "$from/$module" "$sp/"
                      continue 2
                    elif [ -f "$from/$module.py" ]; then
                      cp "$from/$module.py" "$sp/"
                      continue 2
                    fi
                  done
                  echo "error: $name: module $module is in neither $dir nor $dir/src; name it in the build backend's configuration" >&2
                  exit 1
                done
                mkdir -p "$sp/$dist-$version.dist-info"
                printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$name" "$version" \
                  > "$sp/$dist-$version.dist-info/METADATA"
                echo nix > "$sp/$dist-$version.dist-info/INSTALLER"
                touch "$sp/$dist-$version.dist-info/RECORD"
              }
              ${self.installModules {
                inherit pname version modules;
                dir = "${src}/${dir}";
              }}
              chmod -R u+w "$out"
              ${lib.optionalString (recipe != null) (self.projectSteps {
                inherit pkgs recipe;
                source = src;
              })}
              ${compileBytecode python}
              runHook postInstall
            '';
          };

        # The packages a project's source provides: members and git sources.
        locals = listToAttrs (
          map (l: {
            inherit (l) name;
            value = installLocal {
              pname = l.name;
              inherit (l) version modules;
              src = self.sourceOf {
                inherit root;
                name = "${l.name}-source";
                paths = self.localPaths {
                  inherit (l) modules;
                  dir = l.path;
                  extra = lib.optionals (l.path == "." && data.projectRecipe != null) (
                    data.projectRecipe.sitePackagesFiles ++ data.projectRecipe.outDirs
                  );
                };
              };
              dir = l.path;
              recipe = if l.path == "." then data.projectRecipe else null;
            };
          }) project.local
        );
        gits = listToAttrs (
          map (g: {
            inherit (g) name;
            value = installLocal {
              pname = g.name;
              inherit (g) version modules;
              src = gitSources.${g.name};
              dir = if g.subdirectory == "" then "." else g.subdirectory;
            };
          }) (project.git or [ ])
        );

        # Pinned: every locked distribution of this system, by name.
        pinnedPackages =
          mapAttrs (
            name: file:
            withOverrides [ name ] (installWheel {
              pname = name;
              version = self.wheelVersion file;
              linkWheel = "ln -s ${fetchArtifact file} dist/${lib.escapeShellArg file}";
              recipe = recipeOf name;
            })
          ) here.wheels
          // listToAttrs (
            map (name: {
              inherit name;
              value = installWheel {
                pname = name;
                inherit (data.sdists.${name}) version;
                linkWheel = "ln -s ${set.wheels.${name}}/*.whl dist/";
                recipe = recipeOf name;
              };
            }) here.built
          );

        # uv-sync: the fixed-output install, made runnable (linked, compiled,
        # console scripts pointed at the interpreter).
        uvSyncPackages = {
          python-deps = pkgs.stdenv.mkDerivation (
            self.loadedLibraries (concatMap (r: r.runtimeLibraries or [ ]) (builtins.attrValues recipes))
            // {
              pname = "${project.name}-dependencies";
              inherit version;
              dontUnpack = true;
              dontConfigure = true;
              dontBuild = true;
              dontStrip = true;
              nativeBuildInputs = [ pkgs.autoPatchelfHook ];
              buildInputs = runtimeLibraries { buildInputs = recipeInputs "buildInputs"; };
              installPhase = ''
                runHook preInstall
                mkdir -p "$out/${python.sitePackages}"
                cp -r ${set.pythonDeps}/${python.sitePackages}/. "$out/${python.sitePackages}/"
                if [ -d ${set.pythonDeps}/bin ]; then
                  cp -r ${set.pythonDeps}/bin "$out/bin"
                  for script in "$out"/bin/*; do
                    sed -i "1s|^#!python\$|#!${python.interpreter}|" "$script"
                  done
                fi
                chmod -R u+w "$out"
                ${compileBytecode python}
                runHook postInstall
              '';
            }
          );
        };

        set = {
          inherit python recipes;

          # Built wheels, one derivation per sdist or local directory.
          wheels = lib.genAttrs here.built buildWheel;

          # Every installed distribution, by name (uv-sync: the dependencies as
          # one `python-deps`).
          packages = (if strategy == "pinned" then pinnedPackages else uvSyncPackages) // locals // gits;

          # The fixed-output `uv sync` (uv-sync only).
          pythonDeps = withOverrides here.built (self.uvSyncInstall {
            inherit pkgs python root data version;
            inherit (here) depsKey;
            recipes = builtRecipes;
          });

          # The dependencies alone, joined.
          deps = self.joinEnv {
            inherit pkgs python;
            name = "${project.name}-python-deps-${version}";
            packages = builtins.attrValues (removeAttrs set.packages (attrNames locals ++ attrNames gits));
          };

          # The environment: a venv around the interpreter joining every package.
          env = self.joinEnv {
            inherit pkgs python;
            name = "${project.output}-env-${version}";
            packages = builtins.attrValues set.packages;
          };

          # The built interpreter loads the project and the native packages.
          importCheck = pkgs.runCommand "${project.output}-import-check" { } ''
            ${set.env}/bin/python -c ${
              lib.escapeShellArg (lib.concatMapStrings (m: "import ${m}\n") project.imports)
            }
            touch $out
          '';

          outputs = {
            python-deps = if strategy == "pinned" then set.deps else set.pythonDeps;
            ${project.output} = set.env;
            default = set.env;
          }
          // self.optionalAttrs' (strategy == "pinned") (
            listToAttrs (
              map (name: {
                name = "wheel-${name}";
                value = set.wheels.${name};
              }) here.built
            )
          );
          checks.import = set.importCheck;
        };
      in
      set;

    # Only what `uv sync` reads: the lock, the pyproject.toml files and the
    # local directories it installs.
    lockSource =
      { root, data }:
      self.sourceOf {
        inherit root;
        name = "${data.project.name}-lock";
        paths = attrNames data.generatedFrom ++ data.project.directories or [ ];
      };

    # Environment variables of several recipes, joined with spaces.
    recipeEnv =
      recipes: builtins.zipAttrsWith (_: values: lib.concatStringsSep " " values) (map (r: r.env or { }) recipes);

    # Fixed-output: uv installs the locked dependencies, building sdists with
    # the recipes' inputs; store paths are then found and stripped, since a
    # fixed-output derivation must not refer to the store. Console scripts
    # keep `#!python` as their interpreter, as in a wheel, until installed.
    uvSyncInstall =
      {
        pkgs,
        python,
        root,
        data,
        version,
        depsKey,
        recipes,
      }:
      let
        inputsOf = attr: concatMap (r: r.${attr} or [ ]) recipes;
      in
      pkgs.stdenv.mkDerivation (
        self.recipeEnv recipes
        // {
          pname = "${data.project.name}-python-deps";
          inherit version;
          src = self.lockSource { inherit root data; };
          nativeBuildInputs = [
            pkgs.uv
            python
            pkgs.cacert
            pkgs.removeReferencesTo
            pkgs.patchelf
          ]
          ++ inputsOf "nativeBuildInputs";
          buildInputs = inputsOf "buildInputs";
          dontConfigure = true;
          dontFixup = true;
          SSL_CERT_FILE = "${pkgs.cacert}/etc/ssl/certs/ca-bundle.crt";
          UV_PYTHON = python.interpreter;
          UV_PYTHON_DOWNLOADS = "never";
          UV_NO_CACHE = "1";
          UV_NO_PROGRESS = "1";
          UV_LINK_MODE = "copy";
          impureEnvVars = lib.fetchers.proxyImpureEnvVars;
          outputHashMode = "recursive";
          outputHashAlgo = "sha256";
          outputHash = data.depsHashes.${depsKey} or lib.fakeHash;
          buildPhase = ''
            runHook preBuild
            export HOME="$TMPDIR" UV_PROJECT_ENVIRONMENT="$out"
            uv sync ${lib.escapeShellArgs data.uvSyncFlags}
            runHook postBuild
          '';
          installPhase = ''
            runHook preInstall
            # Console scripts (uv names the venv's interpreter) keep `#!python`;
            # the venv's own files (python links, activate scripts) go.
            for file in "$out"/bin/*; do
              if [ -f "$file" ] && [ ! -L "$file" ] \
                && head -n 1 "$file" | grep -qE "^#!$out/bin/python[0-9.]*\$"; then
                sed -i '1s|.*|#!python|' "$file"
              else
                rm -rf "$file"
              fi
            done
            find "$out" -name '*.pyc' -delete
            # RPATHs into the store name build-time paths: drop those entries
            # (autoPatchelfHook sets them again when installed).
            find "$out" -type f -name '*.so*' -print0 | while IFS= read -r -d "" so; do
              rpath=$(patchelf --print-rpath "$so" 2>/dev/null) || continue
              kept=$(printf '%s\n' "$rpath" | tr : '\n' | { grep -v '^${builtins.storeDir}/' || true; } | paste -sd :)
              [ "$rpath" = "$kept" ] || patchelf --set-rpath "$kept" "$so"
            done
            # Every store path still named in the output, found rather than listed;
            # grep finding nothing must not fail the pipeline.
            refs=$(find "$out" -type f -print0 \
              | { xargs -0 grep -aohE '${builtins.storeDir}/[0-9a-z]{32}-[A-Za-z0-9+._?=-]+' || true; } \
              | sort -u)
            for ref in $refs; do
              find "$out" -type f -exec remove-references-to -t "$ref" {} +
            done
            runHook postInstall
          '';
        }
      );

    # `drv` with the user's overrides of `names` applied by overrideAttrs, in order.
    withOverrides =
      overrides: names: drv:
      builtins.foldl' (d: name: if overrides ? ${name} then d.overrideAttrs overrides.${name} else d) drv names;

    # Libraries a package loads with dlopen: autoPatchelfHook puts them on
    # every ELF file's RUNPATH (nothing when there are none).
    loadedLibraries =
      libraries:
      if libraries == [ ] then { } else { runtimeDependencies = map lib.getLib libraries; };

    # `attrs` only when `cond` (nixpkgs' optionalAttrs, which the stand-in lacks).
    optionalAttrs' = cond: attrs: if cond then attrs else { };

    # The project recipe's steps, run in the project's own derivation after
    # its modules are installed: files and folders copied from `source`,
    # links at the output's root, store paths patched in.
    projectSteps =
      {
        pkgs,
        recipe,
        source,
      }:
      lib.concatMapStrings (
        f: "cp -r ${lib.escapeShellArg "${source}/${f}"} \"$sp/\"\n"
      ) recipe.sitePackagesFiles
      + lib.concatMapStrings (
        d: "cp -r ${lib.escapeShellArg "${source}/${d}"} \"$out/\"\n"
      ) recipe.outDirs
      + "chmod -R u+w \"$out\"\n"
      + lib.concatMapStrings (
        l: "ln -s \"$sp/\"${lib.escapeShellArg l} \"$out/\"${lib.escapeShellArg l}\n"
      ) recipe.outLinks
      + lib.concatMapStrings (
        s:
        "substituteInPlace \"$sp/\"${lib.escapeShellArg s.file} ${
          lib.concatMapStringsSep " " (r: "--replace-fail ${lib.escapeShellArgs r}") s.replace
        }${
          lib.concatMapStrings (
            name: " --subst-var-by ${name} ${if name == "out" then "\"$out\"" else "${pkgs.${name}}"}"
          ) s.placeholders
        }\n"
      ) recipe.substitutions;

    # A venv made of symlinks: bin/python (and python3, python3.X) the
    # interpreter, pyvenv.cfg, and each package's tree linked in (folders
    # two packages share, such as namespace packages, become real folders).
    # Console scripts that name the interpreter are copied to name the venv's.
    joinEnv =
      {
        pkgs,
        python,
        name,
        packages,
      }:
      pkgs.runCommand name
        {
          # One store path a line, in a stable order.
          packages = lib.concatMapStrings (p: "${p}\n") packages;
          passAsFile = [ "packages" ];
        }
        ''
          mkdir -p "$out/bin"
          ln -s ${python.interpreter} "$out/bin/python${python.pythonVersion}"
          ln -s "python${python.pythonVersion}" "$out/bin/python3"
          ln -s "python${python.pythonVersion}" "$out/bin/python"
          cat > "$out/pyvenv.cfg" <<EOF
          home = ${python}/bin
          include-system-site-packages = false
          version = ${python.version}
          EOF

          # link FROM TO: TO becomes FROM, by links; folders are merged.
          link() {
            local from=$1 to=$2 entry
            if [ -L "$to" ] && [ -d "$to" ]; then
              local target
              target=$(readlink "$to")
              rm "$to"
              mkdir "$to"
              for entry in "$target"/* "$target"/.[!.]*; do
                [ -e "$entry" ] || [ -L "$entry" ] || continue
                ln -s "$entry" "$to/"
              done
            fi
            if [ ! -e "$to" ] && [ ! -L "$to" ]; then
              ln -s "$from" "$to"
            elif [ -d "$to" ] && [ -d "$from" ]; then
              for entry in "$from"/* "$from"/.[!.]*; do
                [ -e "$entry" ] || [ -L "$entry" ] || continue
                link "$entry" "$to/''${entry##*/}"
              done
            elif ! cmp -s "$from" "$to"; then
              echo "error: $from and $(readlink -f "$to") are different files installed at the same path" >&2
              exit 1
            fi
          }

          while IFS= read -r pkg; do
            for entry in "$pkg"/* "$pkg"/.[!.]*; do
              [ -e "$entry" ] || [ -L "$entry" ] || continue
              case "''${entry##*/}" in
                bin | nix-support) ;;
                *) link "$entry" "$out/''${entry##*/}" ;;
              esac
            done
            [ -d "$pkg/bin" ] || continue
            for script in "$pkg"/bin/*; do
              to="$out/bin/''${script##*/}"
              [ -e "$to" ] && continue
              if [ "$(head -c ${toString (builtins.stringLength "#!${python.interpreter}\n")} "$script")" = "#!${python.interpreter}" ]; then
                { echo "#!$out/bin/python"; tail -n +2 "$script"; } > "$to"
                chmod +x "$to"
              else
                ln -s "$script" "$to"
              fi
            done
          done < "$packagesPath"
        '';
  };
in
self

# Unit tests of nix/lib.nix, evaluated with nixpkgs' lib:
#
#   nix-instantiate --eval --strict nix/tests --arg lib 'import ../shared/nixpkgs-lib/lib'
#
# prints [ ] when every test passes, else the failures (lib.debug.runTests).
# Derivations come from a small package set of plain `derivation`s (./pkgs.nix),
# so drvPaths are real and nothing is built.
{ lib }:
let
  uv2nix = import ../lib.nix { inherit lib; };
  pkgs = import ./pkgs.nix { inherit lib; };
  data = import ./data.nix;

  set = data: uv2nix.pythonSet {
    inherit pkgs data;
    system = "x86_64-linux";
    root = ./tree-a;
    gitSources.gitpkg = ./tree-a/packages/member;
  };
  pinned = set data;

  # The same lock with one wheel (six) bumped to a new file.
  bumped = set (
    data
    // {
      artifacts = data.artifacts // {
        "six-1.18.0-py2.py3-none-any.whl" = {
          url = "https://example.org/six-1.18.0-py2.py3-none-any.whl";
          hash = "sha256-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";
        };
      };
      systems.x86_64-linux = data.systems.x86_64-linux // {
        wheels = data.systems.x86_64-linux.wheels // {
          six = "six-1.18.0-py2.py3-none-any.whl";
        };
      };
    }
  );

  # name -> drvPath of every derivation a set holds.
  drvPaths =
    s:
    lib.mapAttrs (_: d: d.drvPath) s.packages
    // lib.mapAttrs' (n: d: lib.nameValuePair "wheel-${n}" d.drvPath) s.wheels
    // {
      env = s.env.drvPath;
      deps = s.deps.drvPath;
      importCheck = s.importCheck.drvPath;
    };
  changed =
    a: b:
    builtins.filter (n: (drvPaths a).${n} != (drvPaths b).${n}) (builtins.attrNames (drvPaths a));

  # The project's derivation with the tree in `root`.
  projectWith = root: (uv2nix.pythonSet {
    inherit pkgs data root;
    system = "x86_64-linux";
    gitSources.gitpkg = ./tree-a/packages/member;
  }).packages;

  # Whether `s` holds `infix`, store paths compared as text.
  has =
    infix: s:
    lib.hasInfix (builtins.unsafeDiscardStringContext infix) (builtins.unsafeDiscardStringContext s);

  uvSync = set (
    data
    // {
      strategy = "uv-sync";
      uvSyncFlags = [ "--frozen" ];
      depsHashes = { };
    }
  );
in
lib.debug.runTests {
  testStoreVersionDropsTheEpochMark = {
    expr = uv2nix.storeVersion "1!2.0";
    expected = "1_2.0";
  };

  testWheelVersion = {
    expr = map uv2nix.wheelVersion [
      "lxml-6.0.2-cp311-cp311-manylinux_2_28_x86_64.whl"
      "foo_bar-1.0.post1-1-py3-none-any.whl"
    ];
    expected = [
      "6.0.2"
      "1.0.post1"
    ];
  };

  testWantedPathKeepsWhatIsNamedAndTheFoldersOnTheWay = {
    expr =
      map
        (
          args:
          uv2nix.wantedPath [ "packages/member/pyproject.toml" "app" ] (builtins.elemAt args 0) (
            builtins.elemAt args 1
          )
        )
        [
          [ "packages" "directory" ]
          [ "packages/member" "directory" ]
          [ "packages/member/pyproject.toml" "regular" ]
          [ "packages/member/member" "directory" ]
          [ "app" "directory" ]
          [ "app/__init__.py" "regular" ]
          [ "apple.py" "regular" ]
          [ "README.md" "regular" ]
        ];
    expected = [
      true
      true
      true
      false
      true
      true
      false
      false
    ];
  };

  testLocalPathsOfTheRootAndOfAMember = {
    expr = [
      (uv2nix.localPaths {
        dir = ".";
        modules = [ "app" ];
        extra = [ "manage.py" ];
      })
      (uv2nix.localPaths {
        dir = "packages/member";
        modules = [ "member" ];
      })
    ];
    expected = [
      [ "pyproject.toml" "app" "app.py" "src/app" "src/app.py" "manage.py" ]
      [
        "packages/member/pyproject.toml"
        "packages/member/member"
        "packages/member/member.py"
        "packages/member/src/member"
        "packages/member/src/member.py"
      ]
    ];
  };

  testFreshPassesWhenTheHashesMatch = {
    expr = uv2nix.fresh {
      root = ./tree-a;
      generatedFrom."pyproject.toml" = "5a9a881f3754634588c4a5dabe56745ede1d8eb1db2423015bbd021ca99aabdc";
      regenerate = "gen";
    } "value";
    expected = "value";
  };

  testFreshThrowsOnAStaleInput = {
    expr =
      (builtins.tryEval (
        uv2nix.fresh {
          root = ./tree-a;
          generatedFrom."pyproject.toml" = "0000000000000000000000000000000000000000000000000000000000000000";
          regenerate = "gen";
        } "value"
      )).success;
    expected = false;
  };

  testStaleFilesNamesTheChangedFile = {
    expr = uv2nix.staleFiles ./tree-a {
      "pyproject.toml" = "5a9a881f3754634588c4a5dabe56745ede1d8eb1db2423015bbd021ca99aabdc";
      "manage.py" = "0000000000000000000000000000000000000000000000000000000000000000";
    };
    expected = [ "manage.py" ];
  };

  testEveryLockedPackageIsItsOwnDerivation = {
    expr = builtins.attrNames pinned.packages;
    expected = [
      "app"
      "gitpkg"
      "lxml"
      "member"
      "six"
      "xmlsec"
    ];
  };

  testOutputsAndChecks = {
    expr = [
      (builtins.attrNames pinned.outputs)
      (builtins.attrNames pinned.checks)
      (pinned.outputs.default == pinned.env)
      (pinned.outputs.app-server == pinned.env)
    ];
    expected = [
      [ "app-server" "default" "python-deps" "wheel-lxml" "wheel-xmlsec" ]
      [ "import" ]
      true
      true
    ];
  };

  testBumpingOneWheelChangesOnlyItAndTheJoins = {
    expr = changed pinned bumped;
    expected = [
      "deps"
      "env"
      "importCheck"
      "six"
    ];
  };

  testAnUnrelatedEditRebuildsNothing = {
    expr = (projectWith ./tree-a).app.drvPath == (projectWith ./tree-b).app.drvPath;
    expected = true;
  };

  testAnEditOfAMemberRebuildsOnlyThatMember = {
    expr = (projectWith ./tree-a).member.drvPath == (projectWith ./tree-b).member.drvPath;
    expected = false;
  };

  testAWheelIsInstalledByInstallerNotStrippedAndLinked = {
    expr =
      let
        six = pinned.packages.six;
      in
      [
        six.dontStrip
        (builtins.elem pkgs.autoPatchelfHook six.nativeBuildInputs)
        (has "-m installer --prefix \"$out\" --no-compile-bytecode" six.installPhase)
        (has "--invalidation-mode unchecked-hash" six.installPhase)
        (has "|| true" six.installPhase)
      ];
    expected = [
      true
      true
      true
      true
      false
    ];
  };

  testARecipesLibrariesAreWhatItsPackageIsLinkedAgainst = {
    expr = [
      (builtins.elem pkgs.libxml2 pinned.packages.lxml.buildInputs)
      (builtins.elem pkgs.libxml2 pinned.packages.six.buildInputs)
    ];
    expected = [
      true
      false
    ];
  };

  testABuildRequirementIsTheInstalledPackage = {
    expr = has "${pinned.packages.lxml}/lib/python3.11/site-packages" pinned.wheels.xmlsec.buildPhase;
    expected = true;
  };

  testABuiltWheelIsInstalledLikeADownloadedOne = {
    expr = has "${pinned.wheels.lxml}/*.whl" pinned.packages.lxml.installPhase;
    expected = true;
  };

  testTheProjectRecipeRunsInTheProjectsDerivation = {
    expr = [
      (has "substituteInPlace \"$sp/\"app/settings.py --replace-fail 'BASE = None' 'BASE = \"@out@\"' --subst-var-by out \"$out\"" pinned.packages.app.installPhase)
      (has "substituteInPlace" pinned.packages.member.installPhase)
      (has "substituteInPlace" pinned.env.buildCommand)
    ];
    expected = [
      true
      false
      false
    ];
  };

  testTheProjectsSourceHoldsWhatTheRecipeNames = {
    expr = builtins.attrNames (builtins.readDir pinned.packages.app.src);
    expected = [
      "app"
      "manage.py"
      "pyproject.toml"
    ];
  };

  testTheEnvironmentLinksEveryPackageInOrder = {
    expr = pinned.env.packages;
    expected = lib.concatMapStrings (p: "${p}\n") (builtins.attrValues pinned.packages);
  };

  testTheDependenciesLeaveTheProjectOut = {
    expr = pinned.deps.packages;
    expected = lib.concatMapStrings (p: "${p}\n") (
      with pinned.packages;
      [
        lxml
        six
        xmlsec
      ]
    );
  };

  testUvSyncSharesTheProjectPackages = {
    expr = [
      (builtins.attrNames uvSync.packages)
      (uvSync.packages.app.drvPath == pinned.packages.app.drvPath)
      (uvSync.outputs.python-deps.outputHashMode)
      (builtins.attrNames uvSync.outputs)
    ];
    expected = [
      [
        "app"
        "gitpkg"
        "member"
        "python-deps"
      ]
      true
      "recursive"
      [ "app-server" "default" "python-deps" ]
    ];
  };

  testTheUsersOverrideChangesTheDerivationThatBuildsThePackage = {
    expr = [
      (pinned.packages.six.preBuild or null)
      (builtins.elem pkgs.krb5 pinned.wheels.lxml.buildInputs)
      (builtins.elem pkgs.krb5 pinned.packages.lxml.buildInputs)
      (pinned.packages.xmlsec.preBuild or null)
    ];
    expected = [
      "echo six"
      true
      false
      null
    ];
  };

  testLibrariesAPackageLoadsAreOnItsOwnRunpath = {
    expr = [
      (pinned.packages.six.runtimeDependencies or [ ])
      (pinned.packages.lxml.runtimeDependencies or null)
      (uvSync.packages.python-deps.runtimeDependencies or [ ])
    ];
    expected = [
      [ pkgs.krb5 ]
      null
      [ pkgs.krb5 ]
    ];
  };

  testProjectStepsInOrder = {
    expr = uv2nix.projectSteps {
      inherit pkgs;
      source = "/src";
      recipe = {
        sitePackagesFiles = [ "manage.py" ];
        outDirs = [ "blueprints" ];
        outLinks = [ "app" ];
        substitutions = [
          {
            file = "lifecycle/ak";
            replace = [ [ "#!/usr/bin/env bash" "#!@bash@/bin/bash" ] ];
            placeholders = [ "bash" ];
          }
        ];
      };
    };
    expected = ''
      cp -r /src/manage.py "$sp/"
      cp -r /src/blueprints "$out/"
      chmod -R u+w "$out"
      ln -s "$sp/"app "$out/"app
      substituteInPlace "$sp/"lifecycle/ak --replace-fail '#!/usr/bin/env bash' '#!@bash@/bin/bash' --subst-var-by bash ${pkgs.bash}
    '';
  };
}

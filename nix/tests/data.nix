# The data a generated flake passes to the library: a project `app` with a
# member, a git source, two wheels and two sdists (xmlsec builds against lxml).
{
  strategy = "pinned";
  project = {
    name = "app";
    version = "1.0";
    output = "app-server";
    python = "python311";
    local = [
      {
        name = "app";
        version = "1.0";
        path = ".";
        modules = [ "app" ];
      }
      {
        name = "member";
        version = "0.1";
        path = "packages/member";
        modules = [ "member" ];
      }
    ];
    git = [
      {
        name = "gitpkg";
        version = "0.2";
        input = "gitpkg-src";
        subdirectory = "";
        modules = [ "member" ];
      }
    ];
    imports = [ "app" "lxml.etree" ];
  };
  projectRecipe = {
    sitePackagesFiles = [ "manage.py" ];
    outDirs = [ ];
    outLinks = [ "app" ];
    substitutions = [
      {
        file = "app/settings.py";
        replace = [ [ "BASE = None" "BASE = \"@out@\"" ] ];
        placeholders = [ "out" ];
      }
    ];
  };
  recipes = pkgs: {
    # six loads a library with dlopen (as python-kadmin-rs loads krb5's).
    six.runtimeLibraries = [ pkgs.krb5 ];
    lxml = {
      nativeBuildInputs = [ pkgs.pkg-config ];
      buildInputs = [ pkgs.libxml2 pkgs.libxslt ];
      env = { };
    };
    xmlsec = {
      nativeBuildInputs = [ pkgs.pkg-config ];
      buildInputs = [ pkgs.libxml2 ];
      env.NIX_CFLAGS_COMPILE = "-DX";
    };
  };
  # The user's uv2nix-overrides.nix.
  overrides = pkgs: {
    six = old: { preBuild = "echo six"; };
    lxml = old: { buildInputs = old.buildInputs ++ [ pkgs.krb5 ]; };
  };
  generatedFrom."pyproject.toml" = "5a9a881f3754634588c4a5dabe56745ede1d8eb1db2423015bbd021ca99aabdc";
  artifacts = {
    "lxml-6.0.2.tar.gz" = {
      url = "https://example.org/lxml-6.0.2.tar.gz";
      hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    };
    "six-1.17.0-py2.py3-none-any.whl" = {
      url = "https://example.org/six-1.17.0-py2.py3-none-any.whl";
      hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    };
    "xmlsec-1.3.17.tar.gz" = {
      url = "https://example.org/xmlsec-1.3.17.tar.gz";
      hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    };
  };
  sdists = {
    lxml = {
      version = "6.0.2";
      file = "lxml-6.0.2.tar.gz";
      buildSystem = [ "setuptools" "cython" ];
      lockedBuildRequires = [ ];
    };
    xmlsec = {
      version = "1.3.17";
      file = "xmlsec-1.3.17.tar.gz";
      buildSystem = [ "setuptools" ];
      lockedBuildRequires = [ "lxml" ];
    };
  };
  systems.x86_64-linux = {
    built = [ "lxml" "xmlsec" ];
    wheels.six = "six-1.17.0-py2.py3-none-any.whl";
    depsKey = "key";
  };
}

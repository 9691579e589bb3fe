# The small part of nixpkgs' `lib` that generated flakes use.  Every name
# exported here exists in real nixpkgs `lib` with the same semantics (see
# attributes-sources.md); helpers that are not meant to be offered stay in
# the `let`.
let
  inherit (builtins) filter listToAttrs;

  concatStringsSep = builtins.concatStringsSep;

  # lib/attrsets.nix: getOutput
  getOutput = output: pkg:
    if !(pkg ? outputSpecified) || !pkg.outputSpecified
    then pkg.${output} or pkg.out or pkg
    else pkg;

  # lib/strings.nix: makeSearchPath / makeSearchPathOutput
  makeSearchPath = subDir: paths:
    concatStringsSep ":" (map (path: path + "/" + subDir) (filter (x: x != null) paths));
  makeSearchPathOutput = output: subDir: pkgs:
    makeSearchPath subDir (map (getOutput output) pkgs);

  # lib/strings.nix: escapeShellArg leaves safe words bare, quotes the rest.
  escapeShellArg = arg:
    let
      string = toString arg;
    in
    if builtins.match "[[:alnum:],._+:@%/-]+" string == null
    then "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] string}'"
    else string;
in
{
  # lib/default.nix
  fakeHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  fakeSha256 = "0000000000000000000000000000000000000000000000000000000000000000";

  # lib/fetchers.nix
  fetchers.proxyImpureEnvVars = [
    "http_proxy" "https_proxy" "ftp_proxy" "all_proxy" "no_proxy"
    "HTTP_PROXY" "HTTPS_PROXY" "FTP_PROXY" "ALL_PROXY" "NO_PROXY"
    "NIX_SSL_CERT_FILE"
  ];

  # lib/attrsets.nix
  genAttrs = names: f: listToAttrs (map (n: { name = n; value = f n; }) names);
  mapAttrs = builtins.mapAttrs;
  attrValues = builtins.attrValues;
  getDev = getOutput "dev";
  getLib = getOutput "lib";
  getBin = getOutput "bin";

  # lib/strings.nix
  inherit concatStringsSep makeSearchPath;
  concatMapStrings = f: list: concatStringsSep "" (map f list);
  optionalString = cond: string: if cond then string else "";
  makeLibraryPath = makeSearchPathOutput "lib" "lib";
  makeBinPath = makeSearchPathOutput "bin" "bin";

  concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);
  hasPrefix = prefix: string:
    builtins.substring 0 (builtins.stringLength prefix) string == prefix;
  removePrefix = prefix: string:
    let
      n = builtins.stringLength prefix;
    in
    if builtins.substring 0 n string == prefix
    then builtins.substring n (builtins.stringLength string - n) string
    else string;
  inherit escapeShellArg;
  escapeShellArgs = list: concatStringsSep " " (map escapeShellArg list);

  # lib/lists.nix
  optionals = cond: elems: if cond then elems else [ ];
}

# Evaluates every attribute path listed in ../attributes.txt for one system.
# Result: { missing = [ paths ]; kinds = { path = type; }; drvs = [ derivations ]; }
{ system }:
let
  root = import ../.;
  inherit (builtins) filter isString split map elemAt length foldl' typeOf listToAttrs;
  lines = filter (l: isString l && l != "") (split "\n" (builtins.readFile ../attributes.txt));
  comps = line: map (c: if c == "<system>" then system else c) (filter isString (split "\\." line));
  walk = cur: cs:
    if cs == [ ] then { found = true; value = cur; }
    else
      let c = builtins.head cs; in
      if builtins.isAttrs cur && cur ? ${c}
      then walk cur.${c} (builtins.tail cs)
      else { found = false; value = null; };
  results = map (l: { name = l; r = walk root (comps l); }) lines;
  isDrv = v: builtins.isAttrs v && (v.type or null) == "derivation";
in
{
  missing = map (x: x.name) (filter (x: !x.r.found) results);
  kinds = listToAttrs (map (x: {
    inherit (x) name;
    value = if isDrv x.r.value then "derivation:" + x.r.value.drvPath else typeOf x.r.value;
  }) (filter (x: x.r.found) results));
  drvs = map (x: x.r.value) (filter (x: x.r.found && isDrv x.r.value) results);
}

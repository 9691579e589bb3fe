# Setup hook of the stand-in python (nixpkgs interpreters/python/setup-hook.sh):
# the site-packages of every dependency at the same offset as python goes
# on PYTHONPATH.
addPythonPath() {
    addToSearchPathWithCustomDelimiter : PYTHONPATH "$1/@sitePackages@"
}

toPythonPath() {
    local paths="$1"
    local result=
    for i in $paths; do
        p="$i/@sitePackages@"
        result="${result}${result:+:}$p"
    done
    echo "$result"
}

if [ -z "${dontAddPythonPath:-}" ]; then
    addEnvHooks "$hostOffset" addPythonPath
fi

# Determinism (as nixpkgs)
export DETERMINISTIC_BUILD=1
export PYTHONHASHSEED=0

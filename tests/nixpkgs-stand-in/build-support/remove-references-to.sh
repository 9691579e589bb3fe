#! @shell@ -e
# Stand-in for nixpkgs' remove-references-to: overwrite the 32-character
# hash part of every given store path with 'e's in the given files.
fixupHooks=()

usage() {
    echo "usage: $0 [-t path...] file..." >&2
    exit 1
}

storeIds=()
while getopts t: o; do
    case "$o" in
        t) storeId=$(echo "$OPTARG" | sed -n "s|^@storeDir@/\([a-z0-9]\{32\}\)-.*|\1|p")
           if [ -z "$storeId" ]; then
               echo "-t argument must be a Nix store path" >&2
               exit 1
           fi
           storeIds+=("$storeId") ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))

[ "${#storeIds[@]}" -gt 0 ] || usage

regex=""
for id in "${storeIds[@]}"; do
    regex="${regex:+$regex\|}$id"
done

for i in "$@"; do
    if [ ! -L "$i" ] && [ -f "$i" ]; then
        sed -i -e "s|@storeDir@/\($regex\)|@storeDir@/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee|g" -- "$i"
    fi
done

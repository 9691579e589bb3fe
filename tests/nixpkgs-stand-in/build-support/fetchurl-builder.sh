# Builder of the stand-in fetchurl: curl with the machine's CA bundle.
curlArgs=(--location --max-redirs 20 --retry 3 --fail --silent --show-error
          --connect-timeout 30 --cacert "${NIX_SSL_CERT_FILE:-$caBundle}")
read -r -a extra <<< "${curlOpts:-} ${NIX_CURL_FLAGS:-}"
curlArgs+=("${extra[@]}")
if [ -n "${curlOptsList:-}" ]; then
    read -r -a extra2 <<< "$curlOptsList"
    curlArgs+=("${extra2[@]}")
fi

downloadedFile="$out"
if [ -n "${downloadToTemp:-}" ]; then downloadedFile="$TMPDIR/file"; fi

success=
for url in $urls; do
    echo "trying $url"
    if curl "${curlArgs[@]}" "$url" --output "$downloadedFile"; then
        success=1
        break
    fi
done
if [ -z "$success" ]; then
    echo "error: cannot download $(basename "$out") from any URL" >&2
    exit 1
fi

if [ -f "${postFetchPath:-}" ]; then
    source "$postFetchPath"
fi
if [ -n "${executable:-}" ]; then
    chmod +x "$out"
fi

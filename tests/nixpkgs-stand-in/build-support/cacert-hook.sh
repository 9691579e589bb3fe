# nixpkgs cacert setup hook
export NIX_SSL_CERT_FILE="${NIX_SSL_CERT_FILE:-@out@/etc/ssl/certs/ca-bundle.crt}"
# Python's SSL, curl, uv and others read these.
export SSL_CERT_FILE="${SSL_CERT_FILE:-@out@/etc/ssl/certs/ca-bundle.crt}"

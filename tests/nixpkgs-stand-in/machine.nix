# Every path on *this machine* that the stand-in nixpkgs relies on lives here.
# Nothing else in the stand-in hard-codes a machine path, so porting it to
# another host means editing only this file.  The values are plain strings
# (never Nix paths), so evaluation stays pure: they are only used inside
# build scripts, which run unsandboxed as root on this machine.
system:
let
  triple = {
    x86_64-linux = "x86_64-linux-gnu";
    aarch64-linux = "aarch64-linux-gnu";
  }.${system};
in
{
  inherit triple;

  dpkgBin = "/usr/bin/dpkg-query";

  # Debian multiarch library directory and header root.
  libDir = "/usr/lib/${triple}";
  includeDir = "/usr/include";

  # Directories searched for the basic tools that make up the stdenv
  # (coreutils, sed, grep, tar, ...).  Debian has merged /usr.
  toolDirs = [ "/usr/bin" "/usr/local/bin" ];

  # Debian gcc 12 (the compiler behind the cc wrapper).
  gcc = "/usr/bin/gcc-12";
  gxx = "/usr/bin/g++-12";
  cpp = "/usr/bin/cpp-12";
  gccVersion = "12";
  # Debian packages whose files form the compiler's --sysroot (glibc,
  # kernel headers, libstdc++); nothing else from /usr/include or
  # /usr/lib is visible to the compiler unless it comes from an input.
  sysrootPackages = [
    "libc6" "libc6-dev" "linux-libc-dev" "libcrypt1" "libcrypt-dev"
    "libstdc++-12-dev" "libstdc++6" "libgcc-s1"
  ];

  # The dynamic loader every ELF built here uses.
  dynamicLinker = {
    x86_64-linux = "/lib64/ld-linux-x86-64.so.2";
    aarch64-linux = "/lib/ld-linux-aarch64.so.1";
  }.${system};

  # CA bundle copied into `cacert` and used by `fetchurl`.
  caBundle = "/etc/ssl/certs/ca-certificates.crt";

  # CPython 3.11 built by pyenv with --enable-shared.
  python311 = {
    prefix = "/root/.pyenv/versions/3.11.7";
    version = "3.11.7";
  };

  # uv (pip-installed into the pyenv interpreter; a static binary).
  uvBin = "/root/.pyenv/versions/3.11.7/bin/uv";
  uvxBin = "/root/.pyenv/versions/3.11.7/bin/uvx";

  # Rust toolchain installed by rustup (the real binaries, not the proxies).
  rustToolchain = "/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu";

  # PostgreSQL server binaries (Debian postgresql-15).
  postgresqlBinDir = "/usr/lib/postgresql/15/bin";
  # Versions of the Debian packages behind the native libraries (used in
  # derivation names only).
  debVersions = {
    krb5 = "1.20.1";
    libpq = "15.20";
    postgresql = "15.20";
    libxml2 = "2.9.14";
    icu = "72.1";
    libxslt = "1.1.35";
    xmlsec = "1.2.37";
    libtool = "2.4.7";
    openssl = "3.0.19";
    zlib = "1.2.13";
    libffi = "3.4.4";
    git = "2.47.3";
    uv = "0.13.9";
    patchelf = "0.14.3";
    pkg-config = "1.8.1";
  };

  # Debian's real pg_config (/usr/bin/pg_config is a postgresql-common wrapper).
  pgConfig = "/usr/bin/pg_config.libpq-dev";
}

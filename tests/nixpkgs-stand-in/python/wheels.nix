# Pinned wheels from PyPI behind the stand-in python package sets
# (sha256 from PyPI's JSON API, as SRI).  Pure-Python wheels are shared by
# all interpreters; compiled ones are per Python version and system.
let
  pypi = path: "https://files.pythonhosted.org/packages/${path}";
in
{
  pure = {
    pip = {
      version = "25.3";
      url = pypi "44/3c/d717024885424591d5376220b5e836c2d5293ce2011523c9de23ff7bf068/pip-25.3-py3-none-any.whl";
      hash = "sha256-llWUMxOpRyK3d0ZhwhBJBw9ruwoVFr8C98jV2SAVFM0=";
    };
    setuptools = {
      version = "80.9.0";
      url = pypi "a3/dc/17031897dae0efacfea57dfd3a82fdd2a2aeb58e0ff71b77b87e44edc772/setuptools-80.9.0-py3-none-any.whl";
      hash = "sha256-Bi00IirRPgzDEqTALXPwWehqSsv73qj492soyZ8waSI=";
    };
    wheel = {
      version = "0.45.1";
      url = pypi "0b/2c/87f3254fd8ffd29e4c02732eee68a83a1d3c346ae39bc6822dcbcb697f2b/wheel-0.45.1-py3-none-any.whl";
      hash = "sha256-cI50gcyAF5rw5Va78MwAuERMcyHicAuNhYAjHRMBckg=";
    };
    setuptools-scm = {
      version = "8.3.1";
      url = pypi "ab/ac/8f96ba9b4cfe3e4ea201f23f4f97165862395e9331a424ed325ae37024a8/setuptools_scm-8.3.1-py3-none-any.whl";
      hash = "sha256-Myyg1DeRuBi4QSE+drGXG3cRqWB2HFvqX8XNtRlvvOM=";
    };
    pkgconfig = {
      version = "1.5.5";
      url = pypi "32/af/89487c7bbf433f4079044f3dc32f9a9f887597fe04614a37a292e373e16b/pkgconfig-1.5.5-py3-none-any.whl";
      hash = "sha256-0gAju+tC7m1Cig+sbgkEYx9UWYWhDN1xogqli8R6Qgk=";
    };
    hatchling = {
      version = "1.27.0";
      url = pypi "08/e7/ae38d7a6dfba0533684e0b2136817d667588ae3ec984c1a4e5df5eb88482/hatchling-1.27.0-py3-none-any.whl";
      hash = "sha256-06LzVnxPkm6jmEnN+STH6Z5mhsnI4oiuEDfI+ipdk3s=";
    };
    flit-core = {
      version = "3.12.0";
      url = pypi "f2/65/b6ba90634c984a4fcc02c7e3afe523fef500c4980fec67cc27536ee50acf/flit_core-3.12.0-py3-none-any.whl";
      hash = "sha256-56AwQGnqiVFy48e7cDKS6ZLF0VVd0SM6t7ViG1tp5iw=";
    };
    poetry-core = {
      version = "2.2.1";
      url = pypi "c7/d8/bb2f602f5e012e177e1c8560125f9770945d36622595990cf1cb794477c2/poetry_core-2.2.1-py3-none-any.whl";
      hash = "sha256-vfznEO3BC/z5qzUEFgXEgIKb5Ksj9bwBICz+XbjxJas=";
    };
    installer = {
      version = "0.7.0";
      url = pypi "e5/ca/1172b6638d52f2d6caa2dd262ec4c811ba59eee96d54a7701930726bce18/installer-0.7.0-py3-none-any.whl";
      hash = "sha256-BdGTPwpbp9jWKWu21QGOfJT6RzzrEM8ZipLM6hnCe1M=";
    };
    build = {
      version = "1.3.0";
      url = pypi "cb/8c/2b30c12155ad8de0cf641d76a8b396a16d2c36bc6d50b621a62b7c4567c1/build-1.3.0-py3-none-any.whl";
      hash = "sha256-cUXwtQYbqQoVANYL0bE8oKikzr3QzBbtit8cDnOfQ7Q=";
    };
    # dependencies (not offered as attributes)
    packaging = {
      version = "25.0";
      url = pypi "20/12/38679034af332785aac8774540895e234f4d07f7545804097de4b666afd8/packaging-25.0-py3-none-any.whl";
      hash = "sha256-KVcu8rHxdYEEazoiJ9XGEfsl7HDKG6hVSySw5pMxpIQ=";
    };
    pathspec = {
      version = "0.12.1";
      url = pypi "cc/20/ff623b09d963f88bfde16306a54e12ee5ea43e9b597108672ff3a408aad6/pathspec-0.12.1-py3-none-any.whl";
      hash = "sha256-oNUD4TikwSOydJCk977aagHG8ojfDkqLecfrDce0zAg=";
    };
    pluggy = {
      version = "1.6.0";
      url = pypi "54/20/4d324d65cc6d9205fabedc306948156824eb9f0ee1633355a8f7ec5c66bf/pluggy-1.6.0-py3-none-any.whl";
      hash = "sha256-6SAnbdaBMJXpN3wLxVZtlMkywzsno+OUXYOJw3TdR0Y=";
    };
    trove-classifiers = {
      version = "2025.9.11.17";
      url = pypi "e1/85/a4ff8758c66f1fc32aa5e9a145908394bf9cf1c79ffd1113cfdeb77e74e4/trove_classifiers-2025.9.11.17-py3-none-any.whl";
      hash = "sha256-XTkvLSRN6xhmVWRX1vNRZ5ISSiPRw6Rjouhmil0cFd0=";
    };
    pyproject-hooks = {
      version = "1.2.0";
      url = pypi "bd/24/12818598c362d7f300f18e74db45963dbcb85150324092410c8b49405e42/pyproject_hooks-1.2.0-py3-none-any.whl";
      hash = "sha256-nlxr+o3MMAkcdLDPgDyB/dKdlPAZkqdwe8l7q7EUGRM=";
    };
    pycparser = {
      version = "2.23";
      url = pypi "a0/e3/59cd50310fc9b59512193629e1984c1f95e5c8ae6e5d8c69532ccc65a7fe/pycparser-2.23-py3-none-any.whl";
      hash = "sha256-5cbo0/utU0ecqwmsA3KeCp+vK+49uCCKVQ2vWvgaWTQ=";
    };
  };

  compiled = {
    cython = {
      version = "3.1.6";
      "3.11".x86_64-linux = {
        url = pypi "3b/ed/1a1e93703edf37ee822c03013246d2b4c05a8ea689105051205150dadf07/cython-3.1.6-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl";
        hash = "sha256-8yNmwZisZjpUD/T6btVYAdETGDYWxREA9MxTNWjSxM8=";
      };
      "3.11".aarch64-linux = {
        url = pypi "cb/45/81897d8802666d10086639b0f70702d2f9d03bb5358b012bb109b08b4dd1/cython-3.1.6-cp311-cp311-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl";
        hash = "sha256-HP6wTUNGT1/4OYtJm6Rsbu8iCT2g50sl+XJXbnaIgOc=";
      };
      "3.14".x86_64-linux = {
        url = pypi "e8/ba/5dbee7f80c11c57a68b1e26d285e106ab259e7cf50536369b28f952b5809/cython-3.1.6-cp314-cp314-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl";
        hash = "sha256-nEf8xHVTIU4KE5/TMZnYJcXROXDNbBA50llK+FX/szg=";
      };
      "3.14".aarch64-linux = {
        url = pypi "df/da/6736caaf38a4d9f09db4b8dd76d0c8f7937820c2eef4d899f80259566298/cython-3.1.6-cp314-cp314-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl";
        hash = "sha256-jNfqjGzgrfUtFCvzfE1UuNA1aBgUSkWEok8qC5za5rg=";
      };
    };
    cffi = {
      version = "2.0.0";
      "3.11".x86_64-linux = {
        url = pypi "d7/91/500d892b2bf36529a75b77958edfcd5ad8e2ce4064ce2ecfeab2125d72d1/cffi-2.0.0-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl";
        hash = "sha256-iUGqra9nJGIkzujDgDd37tMyoZ2Qm0finJhC7x55rCY=";
      };
      "3.11".aarch64-linux = {
        url = pypi "b8/56/6033f5e86e8cc9bb629f0077ba71679508bdf54a9a5e112a3c0b91870332/cffi-2.0.0-cp311-cp311-manylinux2014_aarch64.manylinux_2_17_aarch64.whl";
        hash = "sha256-cwyssh4b3/POkLq/AH0KCRfMPmSS8zbC8BNBAeCUT5M=";
      };
      "3.14".x86_64-linux = {
        url = pypi "47/d9/d83e293854571c877a92da46fdec39158f8d7e68da75bf73581225d28e90/cffi-2.0.0-cp314-cp314-manylinux2014_x86_64.manylinux_2_17_x86_64.whl";
        hash = "sha256-r7jbVDm4HPnJ0MgEBLYMPMnDrdk+EU3K52fxR3y1N3U=";
      };
      "3.14".aarch64-linux = {
        url = pypi "d6/43/0e822876f87ea8a4ef95442c3d766a06a51fc5298823f884ef87aaad168c/cffi-2.0.0-cp314-cp314-manylinux2014_aarch64.manylinux_2_17_aarch64.whl";
        hash = "sha256-JLb4HxmD5t+Ns63DhWLIP31KDDYWKIXsf3t3x9y+yXs=";
      };
    };
  };
}

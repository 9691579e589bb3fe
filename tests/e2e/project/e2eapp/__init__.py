"""uv2nix-authentik end-to-end test application."""


def check() -> str:
    import e2emember
    import gssapi
    import lxml.etree
    import ocigit
    import psycopg
    import psycopg_c
    import psycopg_pool
    import xmlsec
    import yaml

    assert psycopg.pq.__impl__ == "c", psycopg.pq.__impl__
    root = lxml.etree.fromstring(b"<a><b/></a>")
    assert root[0].tag == "b"
    assert lxml.etree.LIBXML_VERSION == lxml.etree.LIBXML_COMPILED_VERSION
    assert gssapi.NameType.hostbased_service is not None
    assert xmlsec.constants.TransformRsaSha256 is not None
    assert yaml.safe_load("a: 1") == {"a": 1}
    return f"ok {e2emember.name()} {ocigit.hello()} libpq={psycopg.pq.version()} pool={psycopg_pool.__version__} c={psycopg_c.__version__}"


if __name__ == "__main__":
    print(check())

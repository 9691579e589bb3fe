from setuptools import setup, Extension
setup(
    name="standin-ext",
    version="0.1",
    packages=["standin_ext"],
    ext_modules=[Extension("standin_ext._speed", ["standin_ext/_speed.c"])],
)

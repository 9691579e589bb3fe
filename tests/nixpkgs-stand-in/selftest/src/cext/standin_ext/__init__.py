from ._speed import add

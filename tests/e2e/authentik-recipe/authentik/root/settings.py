from pathlib import Path

BASE_DIR = Path(__file__).absolute().parent.parent.parent

"""SafetyStation (乡镇安监站台账) desktop program: ``python main.py [--db FILE]``."""

import sys

from ui.app import run

if __name__ == "__main__":
    sys.exit(run())

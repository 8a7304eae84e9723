"""Runs moto in server mode for the embedded emulator: moto_server's own entry point, plus two things it lacks.

- Request lines are not logged: at tens of thousands of Kinesis calls they cost CPU and fill the log.
- The server exits when its standard input closes, so it cannot outlive the JVM that started it,
  even when that JVM is killed without running its shutdown hooks.

Usage: python emulator/moto/server.py --host 127.0.0.1 --port PORT
"""

import logging
import os
import sys
import threading

from moto.server import main


def exit_when_parent_goes() -> None:
    sys.stdin.read()  # returns at end of file: the parent closed the pipe, or died
    os._exit(0)


if __name__ == "__main__":
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    threading.Thread(target=exit_when_parent_goes, name="parent-watch", daemon=True).start()
    main(sys.argv[1:])

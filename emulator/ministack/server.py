"""Runs MiniStack for the embedded emulator: its own server, plus what an embedded child process needs.

- It listens on loopback only, on the port given, and logs warnings only (request lines cost CPU at
  tens of thousands of Kinesis calls and fill the log).
- The server exits when its standard input closes, so it cannot outlive the JVM that started it,
  even when that JVM is killed without running its shutdown hooks.

Usage: python emulator/ministack/server.py --host 127.0.0.1 --port PORT
"""

import argparse
import os
import sys
import threading


def exit_when_parent_goes() -> None:
    sys.stdin.read()  # returns at end of file: the parent closed the pipe, or died
    os._exit(0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", required=True)
    args = parser.parse_args()
    # MiniStack reads its settings from the environment when its module is imported
    os.environ["GATEWAY_PORT"] = args.port
    os.environ["BIND_HOST"] = args.host
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    threading.Thread(target=exit_when_parent_goes, name="parent-watch", daemon=True).start()
    from ministack.app import main

    sys.argv = [sys.argv[0]]
    main()

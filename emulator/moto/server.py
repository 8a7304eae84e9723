"""Runs moto in server mode for the embedded emulator: moto_server's own entry point, plus what it lacks here.

- Request lines are not logged: at tens of thousands of Kinesis calls they cost CPU and fill the log.
- The server exits when its standard input closes, so it cannot outlive the JVM that started it,
  even when that JVM is killed without running its shutdown hooks.
- Requests run one at a time. moto's backends are not thread-safe: concurrent TransactWriteItems
  deep-copy a table while other requests change it ("dictionary changed size during iteration", an
  HTTP 500 AWS never sends). Connections are still served by threads, and each request's body is
  read before it waits for its turn: a client that stops sending mid-request (an SDK attempt that
  timed out) then stalls only its own connection. Read under the lock, it stalled every request
  behind it, for good (seen on 2026-12-07: the whole emulator hung in a Firehose call).

Usage: python emulator/moto/server.py --host 127.0.0.1 --port PORT
"""

import io
import logging
import os
import sys
import threading

from moto.moto_server import werkzeug_app
from moto.server import main

_one_request_at_a_time = threading.Lock()
_dispatch = werkzeug_app.DomainDispatcherApplication.__call__


def _buffer_body(environ) -> None:  # type: ignore[no-untyped-def]
    stream = environ.get("wsgi.input")
    length = environ.get("CONTENT_LENGTH")
    if stream is None:
        return
    if length:
        body = stream.read(int(length))
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()  # chunked: the server's stream ends with the body
    else:
        return
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


def _serialized(self, environ, start_response):  # type: ignore[no-untyped-def]
    _buffer_body(environ)
    with _one_request_at_a_time:
        return _dispatch(self, environ, start_response)


werkzeug_app.DomainDispatcherApplication.__call__ = _serialized  # type: ignore[method-assign]


def exit_when_parent_goes() -> None:
    sys.stdin.read()  # returns at end of file: the parent closed the pipe, or died
    os._exit(0)


if __name__ == "__main__":
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    threading.Thread(target=exit_when_parent_goes, name="parent-watch", daemon=True).start()
    main(sys.argv[1:])

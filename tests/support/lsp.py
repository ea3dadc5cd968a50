"""A small Language Server Protocol client over stdio, enough to ask a real YAML language
server what an editor would underline in a file.

It speaks JSON-RPC with ``Content-Length`` framing, answers the few requests a server sends
its client (configuration, capability registration, progress), and collects the diagnostics
the server publishes for each document.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, TypedDict

Message = dict[str, Any]


class Diagnostic(TypedDict):
    line: int  # 1-based, as an editor shows it
    column: int  # 1-based
    message: str


class LanguageServer:
    """``with LanguageServer([...command...], settings) as server: server.diagnostics(path)``."""

    def __init__(self, command: Sequence[str], settings: dict[str, Any], root: Path) -> None:
        self._command = list(command)
        self._settings = settings
        self._root = root
        self._next_id = 0
        self._incoming: queue.Queue[Message | None] = queue.Queue()
        self._published: dict[str, list[Message]] = {}
        self._proc: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self.stderr = b""

    def __enter__(self) -> LanguageServer:
        self._proc = subprocess.Popen(
            self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self._proc.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self._proc.stdout,),
                                        name="lsp-reader", daemon=True)
        self._reader.start()
        self.request("initialize", {
            "processId": None,
            "rootUri": self._root.as_uri(),
            "capabilities": {
                "workspace": {"configuration": True},
                "textDocument": {"publishDiagnostics": {}},
            },
            "initializationOptions": {},
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self._settings})
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            if proc.poll() is None:
                self.request("shutdown", None, timeout=10)
                self.notify("exit", None)
        finally:
            proc.stdin.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stderr is not None:
                self.stderr = proc.stderr.read()
                proc.stderr.close()
            if proc.stdout is not None:
                proc.stdout.close()
            if self._reader is not None:
                self._reader.join(timeout=5)

    # --- JSON-RPC ---------------------------------------------------------------------------

    def _send(self, message: Message) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self._proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._proc.stdin.flush()

    def _read(self, stream: BinaryIO) -> None:
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self._incoming.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            self._incoming.put(json.loads(stream.read(length)))

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._take(deadline, f"an answer to {method}")
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise RuntimeError(f"{method} failed: {message['error']}")
                return message.get("result")

    def _take(self, deadline: float, waiting_for: str) -> Message:
        """The next message from the server, after handling its requests and notices."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"the language server sent no {waiting_for}")
            try:
                message = self._incoming.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None:
                raise RuntimeError(f"the language server stopped while waiting for {waiting_for}")
            method = message.get("method")
            if method is None:
                return message
            if "id" in message:
                self._answer(message)
            elif method == "textDocument/publishDiagnostics":
                params = message["params"]
                self._published.setdefault(params["uri"], []).append(params)
            else:
                continue

    def _answer(self, message: Message) -> None:
        """Reply to a request from the server, as an editor would."""
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [self._settings.get(item.get("section", ""), None)
                      for item in message["params"]["items"]]
        self._send({"id": message["id"], "result": result})

    # --- What a test asks ------------------------------------------------------------------

    def diagnostics(self, path: Path, timeout: float = 60) -> list[Diagnostic]:
        """Open ``path`` and return what the server reports for it, once it has checked it.

        A server may publish an empty list on opening and the real one after loading a
        schema, so this waits until the answer has been the same for a short while.
        """
        uri = path.resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8"),
        }})
        deadline = time.monotonic() + timeout
        settled_for = 2.0
        last: list[Message] | None = None
        last_change = time.monotonic()
        while True:
            with contextlib.suppress(TimeoutError):
                self._take(min(deadline, time.monotonic() + 0.2), "diagnostics")
            found = self._published.get(uri)
            current = found[-1]["diagnostics"] if found else None
            if current != last:
                last, last_change = current, time.monotonic()
            if last is not None and time.monotonic() - last_change >= settled_for:
                return [Diagnostic(line=d["range"]["start"]["line"] + 1,
                                   column=d["range"]["start"]["character"] + 1,
                                   message=d["message"]) for d in last]
            if time.monotonic() > deadline:
                raise TimeoutError(f"the language server published no diagnostics for {path}")

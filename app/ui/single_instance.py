"""One window per profile: a second start on the same profile folder brings the first window
forward and leaves, rather than open the same store twice.

The first start listens on a local socket (a named pipe on Windows) named from the profile's
path; a second start that reaches it sends "raise" and gives up. A server left behind by a
crash answers nobody: the next start removes it and listens in its place.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

WAIT_MS = 1_000  # a live first start answers at once; this only bounds a stuck one
RAISE = b"raise\n"


def server_name(profile: Path) -> str:
    """One name per profile folder and per user: two people's sessions never meet."""
    key = f"{os.getuid() if hasattr(os, 'getuid') else ''}:{profile.resolve()}"
    return "obambu-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


class InstanceGuard(QObject):
    raise_requested = Signal()  # another start asked this one to come forward

    def __init__(self, profile: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(profile)
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        """True: this start is the first on the profile, and now answers the next ones.
        False: another start holds it and was asked to come forward."""
        if _tell_first(self.name):
            return False
        QLocalServer.removeServer(self.name)  # what a crashed start left, if anything
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Nothing answers, yet nothing can listen: better one window than none.
            return True
        server.newConnection.connect(self._incoming)
        self.server = server
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def _incoming(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            # Methods, not lambdas holding the socket: Qt drops them with the socket.
            socket.readyRead.connect(self._ready)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()


def _tell_first(name: str) -> bool:
    """Asks a start already on the profile to come forward; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(WAIT_MS):
        return False
    socket.write(RAISE)
    socket.waitForBytesWritten(WAIT_MS)
    socket.disconnectFromServer()
    return True

"""A forum message as a card a mayor reads: who wrote it (name, role, commune), when, its whole
text wrapped, what it carries (pictures as thumbnails, other files as a file icon and their
name), and who signed it in words. The words for priorities, roles and signatures are here too,
so the thread list and the cards say them alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date as Date

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from app.core.forum.queries import Attachment, Opening, Post
from app.ui import failure, formats, forum_thumbnails
from app.ui.operations import LongOp
from app.ui.plain import fill, show, shown
from app.ui.worker import Worker

translate = QCoreApplication.translate
ICON = 48  # pixels: a file's icon when it is not a picture


def priority(prio: int) -> str:
    """A priority in words. The ledger's 0 to 3 (docs/sync.md: P0 urgent goes first on every
    carrier, then P1 important, P2 ordinary, P3 bulk) is never shown as P0…P3."""
    words = {
        0: translate("Forum", "Urgent"),
        1: translate("Forum", "Important"),
        2: translate("Forum", "Normal"),
        3: translate("Forum", "Can wait"),
    }
    return words.get(prio, words[2])


def role(name: str) -> str:
    words = {
        "mayor": translate("Forum", "mayor"),
        "deputy": translate("Forum", "deputy mayor"),
        "councillor": translate("Forum", "councillor"),
        "secretary": translate("Forum", "secretary of the town hall"),
        "clerk": translate("Forum", "secretary of the town hall"),
        "technician": translate("Forum", "technician"),
        "node": translate("Forum", "town hall"),
    }
    return words.get(name, "")


def when(stamp: int) -> str:
    """A message's day in words and its time: "3 décembre 2026 à 09:09"."""
    moment = QDateTime.fromSecsSinceEpoch(int(stamp))
    day = formats.date(Date.fromtimestamp(int(stamp)))
    time = QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat)
    return fill(translate("Forum", "{day} at {time}"), day=day, time=time)


def day(stamp: int) -> str:
    """A thread's last activity: "3 décembre 2026"."""
    return formats.date(Date.fromtimestamp(int(stamp)))


def signature(badge: str, author: str) -> str:
    """Who vouches for a message, in words: nothing technical, what it means for the reader."""
    if badge == "pending":
        return translate("Forum", "Not sent yet: it leaves with the next exchange.")
    if badge == "revoked":
        return fill(
            translate(
                "Forum", "Signed by {author}, whose signing key was withdrawn since: be careful."
            ),
            author=author,
        )
    return fill(translate("Forum", "✓ Signed by {author}"), author=author)


def byline(author: str, role_name: str, commune: str) -> str:
    """ "Marie Ndongo, mayor · Ambam"; a town hall writing itself is named once."""
    said = role(role_name)
    who = author if not said or role_name == "node" else f"{author}, {said}"
    return who if commune in ("", author) else f"{who} · {commune}"


class MessageCard(QFrame):
    """One message. The thread's opening message carries no moderation buttons: moderation
    names replies only (app/core/forum/moderation.py)."""

    def __init__(
        self,
        worker: Worker,
        message: Opening | Post,
        moderate: Callable[[str, str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#card { border: 1px solid palette(mid); border-radius: 6px; "
            "background: palette(base); } "
            "QFrame#card:focus { border: 2px solid palette(highlight); }"
        )
        # Tab reaches each card, so a person without a mouse reads the thread message by message
        # and a screen reader says its author, date and text.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.worker = worker
        self.message = message
        author = message.author
        self.who = QLabel()
        show(self.who, byline(author, message.role, message.commune))
        self.who.setWordWrap(True)
        font = self.who.font()
        font.setBold(True)
        self.who.setFont(font)
        self.date = QLabel(when(message.created))
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        hidden = message.hidden if isinstance(message, Post) else None
        if hidden is not None:
            show(
                self.body,
                fill(translate("Forum", "Hidden by the commune: {hidden}"), hidden=hidden),
            )
            self.body.setStyleSheet("font-style: italic;")
        else:
            show(self.body, message.body)
        self.badge = QLabel()
        show(self.badge, signature(message.badge, author))
        self.badge.setWordWrap(True)
        self.flags = QLabel()
        flags = message.flags if isinstance(message, Post) else 0
        if flags:
            self.flags.setText("⚑ " + self.tr("flagged %n time(s)", "", flags))
        self.flags.setVisible(bool(flags))
        self.date.setWordWrap(True)
        self.date.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # Name and date one under the other: side by side, a narrow window or a large text
        # would cut one of them.
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.date)
        layout.addWidget(self.body)
        attachments = message.attachments if isinstance(message, Post) else ()
        self.chips = [AttachmentChip(worker, a) for a in attachments]
        if self.chips:
            row = QHBoxLayout()
            for chip in self.chips:
                row.addWidget(chip)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(self.badge)
        foot = QHBoxLayout()
        foot.addWidget(self.flags)
        foot.addStretch(1)
        self.flag_button: QPushButton | None = None
        self.hide_button: QPushButton | None = None
        if moderate is not None and isinstance(message, Post):
            post = message.id
            self.flag_button = QPushButton(translate("Forum", "Flag…"))
            self.flag_button.setAccessibleName(
                fill(translate("Forum", "Flag the message of {author}"), author=shown(author))
            )
            self.flag_button.clicked.connect(lambda: moderate(post, "flag"))
            foot.addWidget(self.flag_button)
            # Only the commune that wrote a message may hide it: elsewhere the button would
            # only lead to a refusal, so it is not offered.
            if message.ours:
                self.hide_button = QPushButton(translate("Forum", "Hide…"))
                self.hide_button.setAccessibleName(
                    fill(translate("Forum", "Hide the message of {author}"), author=shown(author))
                )
                self.hide_button.clicked.connect(lambda: moderate(post, "hide"))
                foot.addWidget(self.hide_button)
        layout.addLayout(foot)
        self.setAccessibleName(
            fill(
                translate("Forum", "Message from {author}, {date}"),
                author=shown(author),
                date=when(message.created),
            )
        )
        self.setAccessibleDescription(self.body.text())


class AttachmentChip(QFrame):
    """An attached document: its name under a thumbnail for a picture, decoded in the
    background (app/ui/forum_thumbnails.py), or under a plain file icon for anything else."""

    def __init__(self, worker: Worker, attachment: Attachment, parent: QWidget | None = None):
        super().__init__(parent)
        self.attachment = attachment
        self.picture = QLabel()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self.picture.setPixmap(icon.pixmap(ICON, ICON))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = QLabel()
        show(self.name, attachment.name)
        self.name.setWordWrap(True)
        self.name.setMaximumWidth(forum_thumbnails.SIDE)
        self.thumbnail = False  # True once the picture shows the document itself
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture)
        layout.addWidget(self.name)
        self.setAccessibleName(
            fill(translate("Forum", "Attached: {name}"), name=shown(attachment.name))
        )
        if attachment.mime.startswith("image/"):
            LongOp(
                self, worker, forum_thumbnails.load(bytes.fromhex(attachment.id)), self._decoded
            ).quiet().in_line(forum_thumbnails.LINE).failure(failure.quietly).run_in_background()

    def _decoded(self, image: QImage | None) -> None:
        if image is None or not Shiboken.isValid(self):
            return  # not a picture Qt reads, or too large to decode: the file icon stays
        self.picture.setPixmap(QPixmap.fromImage(image))
        self.thumbnail = True

"""The IMAP poller against a real Dovecot on loopback (its own config in a tmp dir).

CI installs Debian's dovecot-imapd (.ci/run); without it the test is skipped.
"""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from orders.models import Channel, Inquiry
from orders.tasks import poll_mail_in

DOVECOT = "/usr/sbin/dovecot"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.path.exists(DOVECOT), reason="dovecot-imapd is not installed"),
]

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = bht-test-{port}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def imap_server() -> Iterator[dict[str, object]]:
    # Not pytest's tmp_path: Dovecot's unprivileged processes must reach the folder.
    root = Path(tempfile.mkdtemp(prefix="bht-dovecot-"))
    root.chmod(0o755)
    port = _free_port()
    # Dovecot refuses mail processes as root; a root test run stores mail as nobody.
    uid, gid = (65534, 65534) if os.getuid() == 0 else (os.getuid(), os.getgid())
    for name in ("run", "state", "mail"):
        (root / name).mkdir()
    if os.getuid() == 0:
        os.chown(root / "mail", uid, gid)
    (root / "users").write_text("bht:{PLAIN}hemmelig\n")
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, uid=uid, gid=gid))
    subprocess.run([DOVECOT, "-c", str(config)], check=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield {"host": "127.0.0.1", "port": port, "user": "bht", "password": "hemmelig"}
    finally:
        pid_file = root / "run" / "master.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text().strip()), 15)
            time.sleep(0.3)
        shutil.rmtree(root, ignore_errors=True)


def _append(server: dict[str, object], *, sender: str, subject: str, message_id: str) -> None:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "bht@fjordby.kommune.no"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{message_id}>"
    msg.set_content("Kan dere hjelpe oss med en kartlegging?")
    connection = imaplib.IMAP4(str(server["host"]), int(server["port"]))  # type: ignore[call-overload]
    connection.login(str(server["user"]), str(server["password"]))
    connection.append("INBOX", "", imaplib.Time2Internaldate(time.time()), msg.as_bytes())
    connection.logout()


def _unseen(server: dict[str, object]) -> int:
    connection = imaplib.IMAP4(str(server["host"]), int(server["port"]))  # type: ignore[call-overload]
    connection.login(str(server["user"]), str(server["password"]))
    connection.select("INBOX")
    _status, data = connection.search(None, "UNSEEN")
    connection.logout()
    return len((data[0] or b"").split())


def test_it_polls_unseen_mail_into_inquiries_and_marks_it_seen(imap_server, settings, ansatt):
    settings.MAIL_IN_IMAP_HOST = imap_server["host"]
    settings.MAIL_IN_IMAP_PORT = imap_server["port"]
    settings.MAIL_IN_IMAP_SSL = False
    settings.MAIL_IN_IMAP_USER = imap_server["user"]
    settings.MAIL_IN_IMAP_PASSWORD = imap_server["password"]
    _append(imap_server, sender=ansatt.email, subject="Kartlegging", message_id="i1@x.no")
    _append(imap_server, sender="ukjent@x.no", subject="Kurs", message_id="i2@x.no")
    before = Inquiry.objects.filter(channel=Channel.EMAIL).count()

    assert poll_mail_in.delay().get() == {"new": 2}

    assert Inquiry.objects.filter(channel=Channel.EMAIL).count() == before + 2
    assert Inquiry.objects.get(messages__message_id="i1@x.no").author == ansatt
    assert _unseen(imap_server) == 0
    # Nothing unseen: the next poll imports nothing.
    assert poll_mail_in.delay().get() == {}
    _append(imap_server, sender=ansatt.email, subject="Kartlegging", message_id="i1@x.no")
    # The same message again (a re-delivery) is known, not a second inquiry.
    assert poll_mail_in.delay().get() == {"duplicate": 1}
    assert Inquiry.objects.filter(channel=Channel.EMAIL).count() == before + 2


def test_it_does_nothing_without_an_imap_host(settings):
    settings.MAIL_IN_IMAP_HOST = ""
    assert poll_mail_in.delay().get() == {}

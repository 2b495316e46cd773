"""The load test's e-mail backend: one file per message in LOADTEST_OUTBOX, after a delay like a slow SMTP server's.

The delay keeps a task running long enough for the test to kill the worker in the middle of one.
Each file is written under a temporary name and renamed, so a killed worker never leaves half a message.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        outbox = Path(os.environ["LOADTEST_OUTBOX"])
        delay = float(os.environ.get("LOADTEST_MAIL_DELAY", "0"))
        sent = 0
        for message in email_messages:
            time.sleep(delay)
            name = uuid.uuid4().hex
            partial = outbox / f".{name}.tmp"
            partial.write_bytes(message.message().as_bytes())
            os.replace(partial, outbox / f"{name}.eml")
            sent += 1
        return sent

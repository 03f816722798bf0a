#!/usr/bin/env python3
"""A real SMTP server on loopback for the end-to-end tests.

Runs an aiosmtpd controller on 127.0.0.1:PORT and writes every message it
accepts to DIR as NNNN.eml (the message as received, after an
X-Envelope-To header naming the envelope recipients) and, beside it,
NNNN.json: the envelope and the message as Python's standard e-mail parser
reads it (decoded subject and body, every header name), so a test checks
what a mail client would show. Each file appears whole: it is written under
a temporary name and renamed, the JSON last.

With --refuse it answers every message with a temporary failure (451),
as a relay that is down for maintenance does.

Prints "ready" once it listens, and exits when its standard input closes
(the test that started it ended, however it ended) or after --max-seconds.
"""

import argparse
import email
import email.policy
import json
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, refuse):
        self.directory = directory
        self.refuse = refuse
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Refused for testing: try again later"
        with self.lock:
            self.count += 1
            n = self.count
        header = "X-Envelope-To: " + ", ".join(envelope.rcpt_tos) + "\r\n"
        data = header.encode("utf-8") + envelope.original_content
        tmp = os.path.join(self.directory, f".{n:04}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, os.path.join(self.directory, f"{n:04}.eml"))
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        parsed = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "subject": str(msg["subject"]),
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "header_names": [k for k, _ in msg.items()],
            "defects": [type(d).__name__ for d in msg.defects],
            "body": body.get_content() if body is not None else None,
        }
        tmp = os.path.join(self.directory, f".{n:04}.json.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(parsed, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(self.directory, f"{n:04}.json"))
        return "250 2.0.0 Message accepted"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--refuse", action="store_true")
    p.add_argument("--max-seconds", type=float, default=600)
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(
        Sink(args.dir, args.refuse), hostname="127.0.0.1", port=args.port, decode_data=False
    )
    controller.start()
    print("ready", flush=True)
    done = threading.Event()

    def wait_for_eof():
        sys.stdin.read()
        done.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    done.wait(args.max_seconds)
    controller.stop()


if __name__ == "__main__":
    main()

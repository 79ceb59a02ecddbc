"""A local SMTP sink (aiosmtpd) for the digest benchmark, run as its own process.

``python -m bench.smtp_sink PORT`` accepts every message and, on SIGTERM, prints how
many messages and recipients it accepted as JSON, then exits.
"""

import json
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self):
        self.messages = 0
        self.recipients = set()

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.recipients.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def main():
    port = int(sys.argv[1])
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()
    print(json.dumps({"messages": handler.messages, "recipients": len(handler.recipients)}))


if __name__ == "__main__":
    main()

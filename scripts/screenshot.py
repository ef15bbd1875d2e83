"""Screenshots of the running web client for the README.

Usage: scripts/screenshot.py BASE_URL PATH OUT.png [PATH OUT.png ...]
       (pairs of "url path" and "png file" after BASE_URL; a path may go on
       with "|selector|selector...": elements clicked in turn before the
       shot, e.g. a notebook tab then a row that opens a dialog)

Logs in as admin (or FLEET_LOGIN/FLEET_PASSWORD) through
/web/session/authenticate, hands the session cookie to headless Chromium
over the DevTools protocol and saves each page as PNG.
Run it against `make run` (FLEET_DB names the database, default
fleet_customers); it needs the venv (requests, websocket-client).
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import requests
import websocket

DEBUG_PORT = 9339


def login(base_url, database=None):
    session = requests.Session()
    # FLEET_LOGIN / FLEET_PASSWORD: another user, e.g. the demo portal user
    # (portal.fleet) for the portal's pages.
    params = {
        "login": os.environ.get("FLEET_LOGIN", "admin"),
        "password": os.environ.get("FLEET_PASSWORD", "admin"),
    }
    if database:
        params["db"] = database
    response = session.post(
        f"{base_url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": params},
        timeout=30,
    )
    response.raise_for_status()
    return session.cookies["session_id"]


class Page:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.call(
                "Runtime.evaluate",
                expression=f"!!document.querySelector({json.dumps(selector)})",
                returnByValue=True,
            )
            if found.get("result", {}).get("value"):
                return
            time.sleep(0.5)
        raise TimeoutError(selector)


def main(base_url, *pairs):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    profile = tempfile.mkdtemp(prefix="fleet-shot-")
    browser = subprocess.Popen(
        [
            chromium,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--remote-debugging-port={DEBUG_PORT}",
            f"--user-data-dir={profile}",
            "--window-size=1440,960",
            "--hide-scrollbars",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(60):
            try:
                targets = requests.get(
                    f"http://127.0.0.1:{DEBUG_PORT}/json", timeout=2
                ).json()
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        page = Page(
            next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"]
        )
        page.call("Network.enable")
        page.call(
            "Network.setCookie",
            name="session_id",
            value=login(base_url, os.environ.get("FLEET_DB", "fleet_customers")),
            url=base_url,
        )
        page.call(
            "Emulation.setDeviceMetricsOverride",
            width=1440,
            height=960,
            deviceScaleFactor=1,
            mobile=False,
        )
        for path, out in zip(pairs[::2], pairs[1::2], strict=False):
            path, *clicks = path.split("|")
            page.call("Page.navigate", url=f"{base_url}{path}")
            # The web client's views, or a page of the portal.
            page.wait_for(".o_action_manager .o_view_controller, #wrapwrap main")
            for selector in clicks:
                page.wait_for(selector)
                page.call(
                    "Runtime.evaluate",
                    expression=f"document.querySelector({json.dumps(selector)}).click()",
                )
                time.sleep(1.5)
            time.sleep(3)  # let images, chatter and fonts settle
            shot = page.call("Page.captureScreenshot", format="png")
            with open(out, "wb") as handle:
                handle.write(base64.b64decode(shot["data"]))
            print(f"saved {out}")
    finally:
        browser.terminate()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:])

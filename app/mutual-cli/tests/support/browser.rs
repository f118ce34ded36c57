//! Headless Chromium driven over the DevTools protocol, as the browser tests (`browser_...`) use it: a page
//! opened on a URL with scripts injected before any of its own (a test wallet), JavaScript evaluated in it
//! (awaiting promises), and screenshots. A small client over the websocket the browser opens; no driver.
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// A headless Chromium with one page; killed when dropped.
pub struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    _profile: tempdir::Profile,
}

mod tempdir {
    /// A fresh profile directory for one browser, removed when dropped.
    pub struct Profile(pub std::path::PathBuf);

    impl Drop for Profile {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The Chromium binary: `CHROMIUM` if set, else Debian's `chromium`.
fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_string())
}

impl Browser {
    /// Starts Chromium and opens one page (about:blank).
    pub fn start(name: &str) -> Self {
        let profile =
            std::env::temp_dir().join(format!("mutual-browser-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut child = Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--window-size=1280,900",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts (apt-get install chromium)");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("chromium printed its DevTools address")
                .expect("a line");
            if let Some(url) = line.strip_prefix("DevTools listening on ") {
                break url.trim().to_string();
            }
        };
        // Keep draining stderr so the browser never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let (socket, _) = tungstenite::connect(url.as_str()).expect("the DevTools websocket");
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            _profile: tempdir::Profile(profile),
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}))["targetId"]
            .as_str()
            .expect("a target")
            .to_string();
        let session = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        )["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        browser.session = session;
        browser.call("Page.enable", json!({}));
        browser.call("Runtime.enable", json!({}));
        browser
    }

    /// Sends one DevTools command (to the page once attached) and returns its result; panics on its error.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send to the browser");
        loop {
            let frame = self.socket.read().expect("read from the browser");
            let Message::Text(text) = frame else { continue };
            let value: Value = serde_json::from_str(text.as_str()).expect("JSON from the browser");
            if value["id"] == id {
                if !value["error"].is_null() {
                    panic!("{method}: {}", value["error"]);
                }
                return value["result"].clone();
            }
        }
    }

    /// Runs `source` in every document before its own scripts (a test wallet).
    pub fn inject(&mut self, source: &str) {
        self.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": source}),
        );
    }

    /// Registers the test wallet (`test_wallet.js`) holding `keypair` in every document, on `chain` (the Wallet
    /// Standard's name), sending through the RPC at `rpc_url`.
    pub fn inject_wallet(&mut self, keypair: &solana_keypair::Keypair, rpc_url: &str, chain: &str) {
        use solana_signer::Signer;
        let bytes = keypair.to_bytes();
        let source = include_str!("test_wallet.js")
            .replace("__SEED__", &json!(bytes[..32].to_vec()).to_string())
            .replace("__PUBLIC_KEY__", &json!(bytes[32..].to_vec()).to_string())
            .replace(
                "__ADDRESS__",
                &json!(keypair.pubkey().to_string()).to_string(),
            )
            .replace("__RPC__", &json!(rpc_url).to_string())
            .replace("__CHAIN__", &json!(chain).to_string());
        // An extension sends from its own context, which the page's Content-Security-Policy does not govern;
        // this wallet lives in the page, so the policy is lifted for it alone to reach the RPC.
        self.call("Page.setBypassCSP", json!({"enabled": true}));
        self.inject(&source);
    }

    /// Opens `url` and connects the one wallet the page found (the test wallet, injected before).
    pub fn open_and_connect(&mut self, url: &str) {
        self.open(url);
        self.wait_for("document.querySelector('#wallets button.connect')");
        self.click("#wallets button.connect");
    }

    /// Sets the field `selector` to `value` as a person typing it would (an `input` event).
    pub fn type_into(&mut self, selector: &str, value: &str) {
        self.eval(&format!(
            "(() => {{ const f = document.querySelector({s}); f.value = {v};              f.dispatchEvent(new Event('input', {{ bubbles: true }})); }})()",
            s = json!(selector),
            v = json!(value)
        ));
    }

    /// Clicks the element `selector` (it must exist).
    pub fn click(&mut self, selector: &str) {
        self.eval(&format!(
            "document.querySelector({}).click()",
            json!(selector)
        ));
    }

    /// The text of the element `selector`.
    pub fn text(&mut self, selector: &str) -> String {
        self.eval(&format!(
            "document.querySelector({}).textContent",
            json!(selector)
        ))
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Presses `key` ("Tab", "Enter") as a keyboard does, on whatever has the focus.
    pub fn press(&mut self, key: &str) {
        let (code, text) = match key {
            "Tab" => (9, ""),
            "Enter" => (13, "\r"),
            other => panic!("no key code for {other}"),
        };
        for kind in ["keyDown", "keyUp"] {
            let mut event =
                json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code});
            if kind == "keyDown" && !text.is_empty() {
                event["text"] = json!(text);
            }
            self.call("Input.dispatchKeyEvent", event);
        }
    }

    /// Types `text` into whatever has the focus.
    pub fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({"text": text}));
    }

    /// Presses Tab until `selector` has the focus (at most 40 times); panics if it never does.
    pub fn tab_to(&mut self, selector: &str) {
        for _ in 0..40 {
            self.press("Tab");
            if self.eval(&format!(
                "document.activeElement === document.querySelector({})",
                json!(selector)
            )) == json!(true)
            {
                return;
            }
        }
        panic!("Tab never reached {selector}");
    }

    /// Chooses `path` in the file input `selector`, as a person picking the file would (a `change` event).
    pub fn set_file(&mut self, selector: &str, path: &Path) {
        let root = self.call("DOM.getDocument", json!({}))["root"]["nodeId"].clone();
        let node = self.call(
            "DOM.querySelector",
            json!({"nodeId": root, "selector": selector}),
        )["nodeId"]
            .clone();
        self.call(
            "DOM.setFileInputFiles",
            json!({"files": [path.to_str().expect("a UTF-8 path")], "nodeId": node}),
        );
    }

    /// Renders the page as a phone `width` CSS pixels wide would.
    pub fn phone(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 2, "mobile": true}),
        );
    }

    /// Opens `url` and waits until the document has loaded.
    pub fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("document.readyState === 'complete'");
    }

    /// Evaluates `expression` in the page, awaiting a promise, and returns its value; panics on an exception.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "awaitPromise": true, "returnByValue": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression}: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Polls `condition` (a JavaScript expression) until it is true, for at most 60 seconds.
    pub fn wait_for(&mut self, condition: &str) {
        let started = std::time::Instant::now();
        while self.eval(&format!("Boolean({condition})")) != json!(true) {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "timed out waiting for {condition}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// Saves a PNG of the page under `target/screenshots/` and returns its path.
    pub fn screenshot(&mut self, name: &str) -> PathBuf {
        use base64::Engine;
        let data = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
        )["data"]
            .as_str()
            .expect("a screenshot")
            .to_string();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).expect("the screenshots directory");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(
            &path,
            base64::engine::general_purpose::STANDARD
                .decode(data)
                .expect("base64"),
        )
        .expect("write the screenshot");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

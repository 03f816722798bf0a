//! A Meilisearch server for the tests: started from the binary at
//! `GUANXI_TEST_MEILI_BIN` or `/usr/local/bin/meilisearch`, on a free
//! loopback port, with a master key and a database in a temporary
//! directory. A watchdog shell stops it (and removes the directory) when
//! the test process ends, since the fixture lives in a static.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The Meilisearch binary, if one is installed.
pub fn binary() -> Option<PathBuf> {
    std::env::var_os("GUANXI_TEST_MEILI_BIN")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/usr/local/bin/meilisearch")))
        .filter(|p| p.is_file())
}

/// A running server.
pub struct MeiliServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The master key.
    pub key: String,
}

impl MeiliServer {
    /// Starts a server and waits until it answers `/health`.
    #[expect(clippy::zombie_processes, reason = "the watchdog shell ends with the test process")]
    pub fn start(bin: &std::path::Path) -> MeiliServer {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let key = format!("guanxi-test-master-key-{}", uuid::Uuid::new_v4().simple());
        let dir = std::env::temp_dir().join(format!("guanxi-meili-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a database directory");
        let script = r#"bin="$1"; dir="$2"; shift 2
"$bin" "$@" >"$dir/log" 2>&1 &
pid=$!
while kill -0 "$PPID" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 1; done
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir""#;
        // The watchdog outlives this handle on purpose (see above).
        let _watchdog = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("meili-watchdog")
            .arg(bin)
            .arg(&dir)
            .args(["--http-addr", &format!("127.0.0.1:{port}")])
            .args(["--master-key", &key])
            .arg("--db-path")
            .arg(dir.join("data.ms"))
            .arg("--dump-dir")
            .arg(dir.join("dumps"))
            .arg("--snapshot-dir")
            .arg(dir.join("snapshots"))
            .args(["--env", "development", "--no-analytics", "--max-indexing-threads", "2"])
            .stdin(Stdio::null())
            .spawn()
            .expect("meilisearch starts");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if healthy(port) {
                break;
            }
            assert!(Instant::now() < deadline, "meilisearch did not start; see {}", dir.join("log").display());
            std::thread::sleep(Duration::from_millis(200));
        }
        MeiliServer { url: format!("http://127.0.0.1:{port}"), key }
    }
}

fn healthy(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.starts_with("HTTP/1.1 200")
}

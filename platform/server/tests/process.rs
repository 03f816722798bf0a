//! The `guanxi` binary as a process: it stops on SIGTERM within its grace
//! period even with a request that never finishes, and writes no colour
//! codes into a log that is not a terminal. (On the embedded SQLite
//! database: the database plays no part in how the process stops.)

#![cfg(unix)]
#![expect(clippy::unwrap_used, reason = "tests")]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `guanxi serve` on an ephemeral port and a fresh data directory.
struct Server {
    child: Child,
    addr: String,
    /// Every line the server writes to stdout and stderr.
    lines: mpsc::Receiver<String>,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(grace_seconds: u64) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_guanxi"))
            .arg("serve")
            .current_dir(dir.path())
            .env_remove("GUANXI_CONFIG")
            .env_remove("GUANXI_DATABASE_URL")
            .env_remove("GUANXI_MIGRATE_DATABASE_URL")
            .env("GUANXI_DATA_DIR", dir.path())
            .env("GUANXI_LISTEN", "127.0.0.1:0")
            .env("GUANXI_LOG_LEVEL", "info")
            .env("GUANXI_LOG_FORMAT", "text")
            .env("GUANXI_SHUTDOWN_GRACE_SECONDS", grace_seconds.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        for out in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut server = Server { child, addr: String::new(), lines, _dir: dir };
        let line = server.wait_for_line("is serving at", Duration::from_secs(120));
        server.addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.strip_suffix("/graphql"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        server
    }

    /// The first line containing `needle`, within `limit`.
    fn wait_for_line(&mut self, needle: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        let _ = self.child.kill();
        panic!("no line with {needle:?} within {limit:?}; saw {seen:#?}");
    }

    /// A `GET` answered by the server: its status line.
    fn get(&self, path: &str) -> String {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer.lines().next().unwrap_or_default().to_owned()
    }

    fn terminate(&self) {
        let status = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success());
    }

    /// Wait for the process to end, within `limit`; its status and how long it took.
    fn wait_exit(&mut self, limit: Duration) -> (ExitStatus, Duration) {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the server was still running {limit:?} after SIGTERM");
    }

    /// Everything written so far.
    fn drain(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn sigterm_stops_an_idle_server_at_once() {
    let mut server = Server::start(20);
    assert!(server.get("/healthz").contains(" 200 "));
    server.terminate();
    let (status, took) = server.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    // Logs go to a pipe here, not a terminal: no colour codes.
    let log = server.drain().join("\n");
    assert!(log.contains("serving") && log.contains("stopping"), "{log}");
    assert!(!log.contains('\u{1b}'), "ANSI escape codes in a piped log:\n{log:?}");
}

#[test]
fn sigterm_stops_the_server_within_its_grace_period_whatever_is_in_flight() {
    let grace = Duration::from_secs(2);
    let mut server = Server::start(grace.as_secs());
    // A request that will never finish: its body never arrives.
    let mut stuck = TcpStream::connect(&server.addr).unwrap();
    write!(
        stuck,
        "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"query\":"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert!(server.get("/healthz").contains(" 200 "), "the server serves others meanwhile");
    server.terminate();
    let (status, took) = server.wait_exit(grace + Duration::from_secs(3));
    assert!(took >= grace - Duration::from_millis(300), "it waited for the request first: {took:?}");
    assert!(!status.success(), "exiting with work undone is a failure: {status:?}");
    let log = server.drain().join("\n");
    assert!(log.contains("exiting now"), "{log}");
    drop(stuck);
}

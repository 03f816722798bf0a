//! The Guanxi web app's built files: what `npm run build` writes to
//! `web/dist` (`index.html`, `graphiql.html`, hashed files under `assets/`,
//! and the files of `web/public`).
//!
//! The crate's build script runs that build when the web's sources changed
//! (see `build.rs`). Release builds embed the files, so a deployment is the
//! one `guanxi` binary; debug builds read them from `web/dist` on disk at
//! each request, so a rebuilt web shows without recompiling Rust. The server
//! can also be pointed at another built directory ([`Source::Dir`]).
//!
//! The build also writes precompressed copies of text files beside them
//! (`assets/main-3f2a.js.br`, `.gz`); [`Source::get_encoded`] picks one of
//! them for the encodings a client takes.
//!
//! This crate knows files, not HTTP: which routes serve them and with which
//! headers is the server's business.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

/// `web/dist`, embedded in release builds and read from disk in debug builds
/// (rust-embed's `debug-embed` feature stays off). A missing folder (the web
/// was not built) is an empty one.
#[derive(rust_embed::RustEmbed)]
#[folder = "../../web/dist/"]
#[allow_missing = true]
struct Dist;

/// Where the built web app is read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// The files built with this binary (`web/dist` at build time).
    #[default]
    Builtin,
    /// Another directory holding a built web app (what `npm run build`
    /// writes), read at each request.
    Dir(PathBuf),
}

/// One file of the built web app.
#[derive(Clone, Debug)]
pub struct Asset {
    /// The file's bytes.
    pub bytes: Cow<'static, [u8]>,
    /// Its media type, from its extension, with `charset=utf-8` for text.
    pub content_type: String,
    /// A strong entity tag (quoted) derived from the content, for
    /// conditional requests. A precompressed variant is another
    /// representation and has its own.
    pub etag: String,
    /// How `bytes` are encoded: `None` for the file itself, else a
    /// precompressed variant of it.
    pub encoding: Option<Encoding>,
}

/// A content coding the build precompresses files with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Brotli, the smaller: `.br`.
    Brotli,
    /// Gzip, which every client takes: `.gz`.
    Gzip,
}

impl Encoding {
    /// Every encoding, the server's preference first (the smaller variant).
    pub const PREFERENCE: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

    /// Its `Accept-Encoding` / `Content-Encoding` token.
    pub fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// The suffix of the variant's file name.
    fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => ".br",
            Encoding::Gzip => ".gz",
        }
    }
}

impl Source {
    /// The file at `path` (relative to the built folder, `/`-separated, e.g.
    /// `assets/index-3f2a.js`), or `None` when there is none. Paths that try
    /// to leave the folder (`..`, absolute, backslashes) find nothing.
    pub fn get(&self, path: &str) -> Option<Asset> {
        let path = clean(path)?;
        let (bytes, hash): (Cow<'static, [u8]>, [u8; 32]) = match self {
            Source::Builtin => {
                let file = Dist::get(path)?;
                let hash = file.metadata.sha256_hash();
                (file.data, hash)
            }
            Source::Dir(dir) => {
                let full = dir.join(path);
                if !full.is_file() {
                    return None;
                }
                let bytes = std::fs::read(full).ok()?;
                let hash = Sha256::digest(&bytes).into();
                (Cow::Owned(bytes), hash)
            }
        };
        let etag = format!("\"{}\"", hex::encode(&hash[..16]));
        Some(Asset { bytes, content_type: content_type(path), etag, encoding: None })
    }

    /// The file at `path` in the first of `accepted` encodings it has a
    /// precompressed variant in, with the file's own media type; the file
    /// itself when it has none of them (or `accepted` is empty).
    pub fn get_encoded(&self, path: &str, accepted: &[Encoding]) -> Option<Asset> {
        let plain = clean(path)?;
        for &encoding in accepted {
            if let Some(asset) = self.get(&format!("{plain}{}", encoding.suffix())) {
                return Some(Asset { content_type: content_type(plain), encoding: Some(encoding), ..asset });
            }
        }
        self.get(plain)
    }

    /// Whether the web app was built: its `index.html` exists.
    pub fn is_built(&self) -> bool {
        self.get("index.html").is_some()
    }
}

/// `path` if it stays inside the folder: only plain components, no
/// backslashes (a separator on Windows), nothing empty.
fn clean(path: &str) -> Option<&str> {
    let path = path.trim_start_matches('/');
    let plain = !path.is_empty()
        && !path.contains('\\')
        && !path.contains('\0')
        && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)));
    plain.then_some(path)
}

/// The media type served for `path`. Text types say they are UTF-8 (Vite
/// writes UTF-8), so a browser never guesses.
fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.essence_str(), "application/javascript" | "application/json" | "image/svg+xml");
    if text { format!("{}; charset=utf-8", mime.essence_str()) } else { mime.essence_str().to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_folder_find_nothing() {
        for p in ["", "/", "../Cargo.toml", "assets/../../x", "a\\b", "./index.html"] {
            assert_eq!(clean(p), None, "{p}");
        }
        assert_eq!(clean("/assets/app.js"), Some("assets/app.js"));
        assert_eq!(clean("favicon.svg"), Some("favicon.svg"));
    }

    #[test]
    fn text_is_utf8_and_types_follow_extensions() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/a.css"), "text/css; charset=utf-8");
        assert!(content_type("assets/a.js").ends_with("javascript; charset=utf-8"), "{}", content_type("a.js"));
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("assets/f.woff2"), "font/woff2");
        assert_eq!(content_type("assets/x.unknownext"), "application/octet-stream");
    }

    #[test]
    fn a_directory_serves_its_files() {
        let dir = std::env::temp_dir().join(format!("guanxi-web-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("assets")).expect("create");
        std::fs::write(dir.join("assets/app.js"), "console.log(1)").expect("write");
        let src = Source::Dir(dir.clone());
        let a = src.get("/assets/app.js").expect("found");
        assert_eq!(&*a.bytes, b"console.log(1)");
        assert!(a.etag.starts_with('"') && a.etag.len() == 34, "{}", a.etag);
        assert!(src.get("assets").is_none(), "a directory is not a file");
        assert!(src.get("assets/../assets/app.js").is_none());
        assert!(!src.is_built());

        // Precompressed variants keep the file's type and have their own tag.
        std::fs::write(dir.join("assets/app.js.br"), "br-bytes").expect("write");
        let br = src.get_encoded("assets/app.js", &Encoding::PREFERENCE).expect("found");
        assert_eq!((&*br.bytes, br.encoding), (&b"br-bytes"[..], Some(Encoding::Brotli)));
        assert_eq!(br.content_type, a.content_type);
        assert_ne!(br.etag, a.etag);
        let plain = src.get_encoded("assets/app.js", &[Encoding::Gzip]).expect("found");
        assert_eq!((&*plain.bytes, plain.encoding), (&b"console.log(1)"[..], None));
        assert!(src.get_encoded("assets/../assets/app.js", &[Encoding::Brotli]).is_none());
        std::fs::remove_dir_all(dir).expect("clean up");
    }
}

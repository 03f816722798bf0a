//! The backup archive: a ZIP file of JSON-lines tables, photos and plugin
//! modules, with `manifest.json` (written last, listed in the central
//! directory like every member) giving the format, the schema version, the
//! company, the time, and each member's size, row count and SHA-256.
//!
//! ZIP rather than tar: the crate is already part of the build (spreadsheet
//! import and export use it), every operating system opens the format
//! without extra tools, and the central directory lets a restore read the
//! manifest first and then each member on its own. Each member is deflated.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use guanxi_core::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zip::write::SimpleFileOptions;

/// `format` of every archive.
pub const FORMAT: &str = "guanxi-backup";
/// The version of the archive layout this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's member name.
pub const MANIFEST: &str = "manifest.json";
/// The most uncompressed bytes a restore reads from one archive.
pub const MAX_RESTORE_BYTES: u64 = 8 << 30;
/// The longest row (one JSON line) a restore reads.
pub const MAX_LINE_BYTES: u64 = 64 << 20;

/// What an archive says about itself.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The layout version, [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The newest migration of the installation that made it.
    pub schema_version: String,
    /// The company backed up.
    pub tenant_id: Uuid,
    /// Its name then.
    pub tenant_name: String,
    /// When the backup's snapshot was taken.
    pub created_at: DateTime<Utc>,
    /// Who asked for it.
    pub created_by: Uuid,
    /// Tables, in restore order.
    pub tables: Vec<TableEntry>,
    /// Photos and plugin modules.
    pub files: Vec<FileEntry>,
    /// Tenant tables left out, with the reason.
    pub excluded: Vec<Excluded>,
}

/// A table's member.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TableEntry {
    /// The table.
    pub name: String,
    /// Its member, `tables/<name>.jsonl`.
    pub path: String,
    /// Its columns as written (all but `tenant_id`).
    pub columns: Vec<String>,
    /// Rows (lines).
    pub rows: u64,
    /// Uncompressed size.
    pub bytes: u64,
    /// SHA-256 of the uncompressed member, hex.
    pub sha256: String,
}

/// A file's member.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FileEntry {
    /// `photos/<customer>/<name>` or `plugins/<version>.wasm`.
    pub path: String,
    /// Size.
    pub bytes: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

/// A table left out.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Excluded {
    /// The table.
    pub table: String,
    /// Why.
    pub reason: String,
}

fn io(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::internal(e)
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true)
}

/// Writes an archive member by member, hashing as it goes; nothing but the
/// member being written is held in memory.
pub struct ArchiveWriter {
    zip: zip::ZipWriter<File>,
    /// The member being written: its hash, size and line count.
    open: Option<(Sha256, u64, u64)>,
}

impl ArchiveWriter {
    /// Start an archive at `path`.
    pub fn create(path: &Path) -> Result<ArchiveWriter> {
        let file = File::create(path).map_err(io)?;
        Ok(ArchiveWriter { zip: zip::ZipWriter::new(file), open: None })
    }

    /// Open member `name`.
    pub fn begin(&mut self, name: &str) -> Result<()> {
        self.zip.start_file(name, options()).map_err(io)?;
        self.open = Some((Sha256::new(), 0, 0));
        Ok(())
    }

    /// Append to the open member.
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        let Some((hash, size, lines)) = self.open.as_mut() else {
            return Err(Error::Internal("backup: no open member".into()));
        };
        hash.update(bytes);
        *size += bytes.len() as u64;
        *lines += bytes.iter().filter(|b| **b == b'\n').count() as u64;
        self.zip.write_all(bytes).map_err(io)
    }

    /// Close the open member: its SHA-256, size and line count.
    pub fn end(&mut self) -> Result<(String, u64, u64)> {
        let (hash, size, lines) = self.open.take().ok_or_else(|| Error::Internal("backup: no open member".into()))?;
        Ok((hex::encode(hash.finalize()), size, lines))
    }

    /// A whole member from a file on disk, streamed.
    pub fn copy_file(&mut self, name: &str, from: &Path) -> Result<FileEntry> {
        self.begin(name)?;
        let mut f = File::open(from).map_err(io)?;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = f.read(&mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            self.write(&buf[..n])?;
        }
        let (sha256, bytes, _) = self.end()?;
        Ok(FileEntry { path: name.to_owned(), bytes, sha256 })
    }

    /// A whole member from bytes.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<FileEntry> {
        self.begin(name)?;
        self.write(bytes)?;
        let (sha256, bytes, _) = self.end()?;
        Ok(FileEntry { path: name.to_owned(), bytes, sha256 })
    }

    /// Write the manifest and the central directory.
    pub fn finish(mut self, manifest: &Manifest) -> Result<()> {
        let json = serde_json::to_vec_pretty(manifest).map_err(io)?;
        self.zip.start_file(MANIFEST, options()).map_err(io)?;
        self.zip.write_all(&json).map_err(io)?;
        let mut file = self.zip.finish().map_err(io)?;
        file.flush().map_err(io)?;
        file.sync_all().map_err(io)
    }
}

/// A refused archive: `VALIDATION_FAILED` on `file`.
pub(crate) fn refused(reason: &'static str, message: impl Into<String>) -> Error {
    Error::invalid("file", reason, message)
}

/// The manifest of the archive at `path`, after checking that it is an
/// archive of this format, that it holds exactly the members its manifest
/// lists, and that every member has the size, SHA-256 and (tables) row count
/// the manifest gives. Reads the whole archive once, a buffer at a time.
pub fn verify(path: &Path, known_schema: &[&str]) -> Result<Manifest> {
    let file = File::open(path).map_err(io)?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|_| refused("not_an_archive", "this is not a Guanxi backup archive (or it is truncated)"))?;
    let manifest: Manifest = {
        let m = zip
            .by_name(MANIFEST)
            .map_err(|_| refused("not_an_archive", "the archive has no manifest.json: not a Guanxi backup"))?;
        let mut text = Vec::new();
        m.take(16 << 20).read_to_end(&mut text).map_err(|_| refused("tampered", "the manifest cannot be read"))?;
        serde_json::from_slice(&text)
            .map_err(|_| refused("unsupported_format", "the manifest is not a Guanxi backup manifest"))?
    };
    if manifest.format != FORMAT || manifest.format_version != FORMAT_VERSION {
        return Err(refused(
            "unsupported_format",
            format!("archive format {} {} is not {FORMAT} {FORMAT_VERSION}", manifest.format, manifest.format_version),
        ));
    }
    if !known_schema.contains(&manifest.schema_version.as_str()) {
        return Err(refused(
            "newer_schema",
            format!("the archive was made at schema version {}, unknown to this installation", manifest.schema_version),
        ));
    }
    let mut expected: Vec<(String, u64, String, Option<u64>)> = Vec::new();
    for t in &manifest.tables {
        if !super::tables::BACKED_UP.contains(&t.name.as_str()) || t.path != format!("tables/{}.jsonl", t.name) {
            return Err(refused("tampered", format!("the archive holds an unexpected table `{}`", t.name)));
        }
        expected.push((t.path.clone(), t.bytes, t.sha256.clone(), Some(t.rows)));
    }
    for f in &manifest.files {
        if super::file_target(&f.path).is_none() {
            return Err(refused("tampered", format!("the archive holds an unexpected file `{}`", f.path)));
        }
        expected.push((f.path.clone(), f.bytes, f.sha256.clone(), None));
    }
    let total: u64 = expected.iter().map(|e| e.1).sum();
    if total > MAX_RESTORE_BYTES {
        return Err(refused("too_large", format!("the archive unpacks to more than {MAX_RESTORE_BYTES} bytes")));
    }
    let mut names = Vec::new();
    for n in zip.file_names() {
        let n = n.map_err(|_| refused("tampered", "a member's name cannot be read"))?;
        if n != MANIFEST {
            names.push(n.into_owned());
        }
    }
    names.sort_unstable();
    let mut listed: Vec<String> = expected.iter().map(|e| e.0.clone()).collect();
    listed.sort_unstable();
    if names != listed {
        return Err(refused("tampered", "the archive's members are not those its manifest lists"));
    }
    for (name, bytes, sha256, rows) in &expected {
        let member = zip.by_name(name).map_err(|_| refused("tampered", format!("`{name}` cannot be read")))?;
        let mut hash = Sha256::new();
        let mut size = 0u64;
        let mut lines = 0u64;
        let mut reader = member.take(bytes + 1);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = reader.read(&mut buf).map_err(|_| refused("tampered", format!("`{name}` is damaged")))?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
            size += n as u64;
            lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
        }
        if size != *bytes || hex::encode(hash.finalize()) != *sha256 || rows.is_some_and(|r| r != lines) {
            return Err(refused("tampered", format!("`{name}` does not match its checksum in the manifest")));
        }
    }
    Ok(manifest)
}

/// Reads a verified archive's members.
pub struct ArchiveReader {
    zip: zip::ZipArchive<File>,
}

impl ArchiveReader {
    /// Open the archive at `path`.
    pub fn open(path: &Path) -> Result<ArchiveReader> {
        let file = File::open(path).map_err(io)?;
        Ok(ArchiveReader { zip: zip::ZipArchive::new(file).map_err(io)? })
    }

    /// A whole member.
    pub fn read(&mut self, name: &str, max: u64) -> Result<Vec<u8>> {
        let member = self.zip.by_name(name).map_err(|_| refused("tampered", format!("`{name}` is missing")))?;
        let mut out = Vec::new();
        member.take(max).read_to_end(&mut out).map_err(io)?;
        Ok(out)
    }
}

/// The lines of member `name` of the archive at `path`, `batch` at a time,
/// read by a blocking thread a batch ahead of the consumer: a restore holds
/// at most two batches of a table in memory, and decompresses each member
/// once.
pub fn stream_lines(path: &Path, name: &str, batch: usize) -> tokio::sync::mpsc::Receiver<Result<Vec<String>>> {
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let (path, name) = (path.to_owned(), name.to_owned());
    tokio::task::spawn_blocking(move || {
        let read = || -> Result<()> {
            let mut reader = ArchiveReader::open(&path)?;
            let member = reader.zip.by_name(&name).map_err(|_| refused("tampered", format!("`{name}` is missing")))?;
            let mut reader = BufReader::new(member);
            let mut out = Vec::with_capacity(batch);
            loop {
                let mut line = Vec::new();
                let read = (&mut reader).take(MAX_LINE_BYTES).read_until(b'\n', &mut line).map_err(io)?;
                if read == 0 {
                    break;
                }
                out.push(String::from_utf8(line).map_err(|_| refused("invalid_row", "a row is not UTF-8"))?);
                if out.len() >= batch && tx.blocking_send(Ok(std::mem::take(&mut out))).is_err() {
                    return Ok(());
                }
            }
            if !out.is_empty() {
                let _ = tx.blocking_send(Ok(out));
            }
            Ok(())
        };
        if let Err(e) = read() {
            let _ = tx.blocking_send(Err(e));
        }
    });
    rx
}

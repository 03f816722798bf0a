//! Reading an uploaded spreadsheet into rows of text: CSV in UTF-8 (with or
//! without a byte-order mark), UTF-16 with a byte-order mark, or GBK/GB18030
//! as Chinese versions of Excel save it; and XLSX workbooks.
//!
//! Cells become text here and are interpreted per field later, so a phone
//! number Excel stored as the number `13812345678` reads as `13812345678`,
//! not `1.3812345678e10`, and a date cell reads as its Excel serial number,
//! which the date reader understands.
//!
//! A workbook is a ZIP of XML parts that a few kilobytes can expand into
//! gigabytes, so it is never unpacked or laid out as a grid: its shared
//! strings and its sheet are streamed, every byte unpacked counts against
//! [`MAX_UNPACKED_BYTES`], every piece of XML against a bound, every cell
//! kept against [`MAX_TEXT_BYTES`], and reading stops at the first limit
//! crossed. A cell's position costs nothing, so a sheet with one cell at A1
//! and one at XFD1048576 is refused for its column, not laid out.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::rc::Rc;

use guanxi_core::FieldError;
use quick_xml::events::{BytesRef, BytesStart, Event};

/// Most data rows an import may hold.
pub const MAX_ROWS: usize = 200_000;
/// Most columns read; a value further right refuses the file rather than
/// being dropped silently.
pub const MAX_COLUMNS: usize = 100;
/// Longest cell, in characters: Excel's own limit, so a cell Excel can
/// hold is never refused for its length.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Most bytes the XML parts of a workbook may unpack to, all together.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Most memory the text read from one file may take: every cell kept (and
/// a workbook's shared strings), counting each cell's bookkeeping too, so
/// that a short string repeated in millions of cells is bounded as well.
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;
/// Longest single piece of a workbook's XML (a tag or a run of text): the
/// longest cell, escaped, with room to spare.
const MAX_XML_PIECE_BYTES: u64 = 1024 * 1024;
/// What keeping a cell costs besides its text.
const CELL_COST: usize = std::mem::size_of::<String>();

/// Files read at once: parsing is bounded in time and memory per file, and
/// this bounds how many such files are held in memory together.
static READERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The kind of file, decided by its content rather than its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-, semicolon- or tab-separated text.
    Csv,
    /// An Office Open XML workbook.
    Xlsx,
}

impl Format {
    /// Sniff the format: workbooks are ZIP (`PK`) files.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") || is_ole(bytes) { Format::Xlsx } else { Format::Csv }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// An OLE compound file: an old binary Excel (`.xls`) workbook.
fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A spreadsheet read through once, without keeping its rows: the header
/// row, how many data rows follow, the first of them and which columns
/// hold values. The rows themselves are read again, a batch at a time, by
/// a [`RowStream`], so that no file is ever held as rows in memory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    /// The file's format.
    pub format: Option<Format>,
    /// Which text encoding a CSV file was read in.
    pub encoding: &'static str,
    /// Header cells, trimmed.
    pub headers: Vec<String>,
    /// How many data rows (wholly empty rows are not counted).
    pub rows: usize,
    /// The first [`SAMPLE_ROWS`] data rows: `(row number, cells)`, the header
    /// being row 1; a row may be shorter than the header.
    pub sample: Vec<(u64, Vec<String>)>,
    /// For each column, by position, whether any data row has a value in
    /// it; as long as the longest row.
    pub filled: Vec<bool>,
}

/// Data rows kept in [`Sheet::sample`]: what an import's preview shows.
pub const SAMPLE_ROWS: usize = 5;

/// The file's header, as [`scan`] returns it.
struct Head {
    format: Format,
    encoding: &'static str,
    headers: Vec<String>,
}

/// What [`scan`] hands each data row to: `Ok(false)` stops reading early.
type EachRow<'a> = &'a mut dyn FnMut(u64, Vec<String>) -> Result<bool, FieldError>;

fn file_error(code: &'static str, message: impl Into<String>) -> FieldError {
    FieldError::new("file", code, message)
}

fn too_many_rows() -> FieldError {
    file_error("too_many_rows", format!("at most {MAX_ROWS} rows per import; split the file"))
}

fn too_long(row: u64) -> FieldError {
    file_error("cell_too_long", format!("a cell of row {row} holds more than {MAX_CELL_CHARS} characters"))
}

fn too_wide(row: u64, column: usize) -> FieldError {
    file_error(
        "too_many_columns",
        format!("row {row} has a value in column {}; at most {MAX_COLUMNS} columns are read", column + 1),
    )
}

fn too_much_text() -> FieldError {
    file_error("too_large", format!("the file holds more than {} MiB of text", MAX_TEXT_BYTES >> 20))
}

fn unreadable() -> FieldError {
    file_error("unreadable", "the file is not a readable XLSX or CSV file")
}

/// Memory taken by the text kept so far, against [`MAX_TEXT_BYTES`].
#[derive(Default)]
struct Kept(usize);

impl Kept {
    fn take(&mut self, bytes: usize) -> Result<(), FieldError> {
        self.0 = self.0.saturating_add(bytes).saturating_add(CELL_COST);
        if self.0 > MAX_TEXT_BYTES { Err(too_much_text()) } else { Ok(()) }
    }
}

/// Read `bytes` as a CSV or XLSX file, on a blocking thread and at most
/// [two](READERS) files at once. Call it before beginning a transaction:
/// reading a large file takes a while, and a database connection held
/// meanwhile would be kept from every other request (on SQLite there is
/// only one). The bytes come back with the result.
pub async fn read_owned(bytes: Vec<u8>, sheet: Option<String>) -> (Vec<u8>, Result<Sheet, FieldError>) {
    let Ok(_permit) = READERS.acquire().await else {
        return (bytes, Err(unreadable()));
    };
    let task = tokio::task::spawn_blocking(move || {
        let out = read(&bytes, sheet.as_deref());
        (bytes, out)
    });
    match task.await {
        Ok(done) => done,
        // The reader does not panic; if it ever did, the bytes are lost
        // with it and the file is reported unreadable.
        Err(_) => (Vec::new(), Err(unreadable())),
    }
}

/// Read `bytes` as a CSV or XLSX file through once: its header, row count,
/// first rows and filled columns. A workbook's first sheet is read unless
/// `sheet` names another. Prefer [`read_owned`] in async code.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, FieldError> {
    let mut rows = 0usize;
    let mut sample = Vec::new();
    let mut filled: Vec<bool> = Vec::new();
    let head = scan(bytes, sheet, &mut |line, cells| {
        rows += 1;
        if filled.len() < cells.len() {
            filled.resize(cells.len(), false);
        }
        for (f, c) in filled.iter_mut().zip(&cells) {
            *f |= !c.is_empty();
        }
        if sample.len() < SAMPLE_ROWS {
            sample.push((line, cells));
        }
        Ok(true)
    })?;
    Ok(Sheet { format: Some(head.format), encoding: head.encoding, headers: head.headers, rows, sample, filled })
}

/// Read `bytes`, handing every data row to `each` in order, and return the
/// header. Every limit of the module is checked on the way; a file that
/// crosses one fails, however many rows `each` was given before.
fn scan(bytes: &[u8], sheet: Option<&str>, each: EachRow<'_>) -> Result<Head, FieldError> {
    if bytes.is_empty() {
        return Err(file_error("empty", "the file is empty"));
    }
    if is_ole(bytes) {
        return Err(file_error(
            "unsupported_format",
            "old binary Excel (.xls) workbooks cannot be imported; save the sheet as XLSX or CSV",
        ));
    }
    let mut data_rows = 0usize;
    let mut headers: Option<Vec<String>> = None;
    let mut on_row = |line: u64, cells: Vec<String>| -> Result<bool, FieldError> {
        if headers.is_none() {
            headers = Some(header(cells)?);
            return Ok(true);
        }
        data_rows += 1;
        if data_rows > MAX_ROWS {
            return Err(too_many_rows());
        }
        each(line, cells)
    };
    let (format, encoding) = match Format::sniff(bytes) {
        Format::Csv => (Format::Csv, read_csv(bytes, &mut on_row)?),
        Format::Xlsx => (Format::Xlsx, read_workbook(bytes, sheet, &mut on_row)?),
    };
    // A file with no row at all has no header either.
    Ok(Head { format, encoding, headers: headers.ok_or_else(no_header)? })
}

fn no_header() -> FieldError {
    file_error("no_header", "the first row must hold the column headers")
}

/// The first row as the header: trailing empty cells dropped, refused when
/// nothing is left or it is too wide.
fn header(mut cells: Vec<String>) -> Result<Vec<String>, FieldError> {
    let len = cells.iter().rposition(|h| !h.is_empty()).map_or(0, |i| i + 1);
    cells.truncate(len);
    if cells.is_empty() {
        return Err(no_header());
    }
    if cells.len() > MAX_COLUMNS {
        return Err(file_error("too_many_columns", format!("at most {MAX_COLUMNS} columns")));
    }
    Ok(cells)
}

/// Rows as a [`RowStream`] hands them over: each row's number in the file
/// and its cells.
pub type RowBatch = Vec<(u64, Vec<String>)>;

/// How many rows a [`RowStream`] hands over at once.
const STREAM_BATCH: usize = 500;

/// The data rows of a file, read on a thread of their own and handed over
/// a batch at a time: at most a few batches are in memory, whatever the
/// file's size. Dropping it stops the reading.
pub struct RowStream {
    rx: tokio::sync::mpsc::Receiver<Result<RowBatch, FieldError>>,
}

impl RowStream {
    /// Read the data rows of `bytes` (a workbook's sheet `sheet`, or its
    /// first), leaving out the first `skip`.
    pub fn open(bytes: std::sync::Arc<Vec<u8>>, sheet: Option<String>, skip: usize) -> RowStream {
        // Two batches ahead keep the reader busy while one is used.
        let (tx, rx) = tokio::sync::mpsc::channel(2);
        tokio::task::spawn_blocking(move || {
            let mut seen = 0usize;
            let mut batch = Vec::with_capacity(STREAM_BATCH);
            let read = scan(&bytes, sheet.as_deref(), &mut |line, cells| {
                seen += 1;
                if seen <= skip {
                    return Ok(true);
                }
                batch.push((line, cells));
                if batch.len() < STREAM_BATCH {
                    return Ok(true);
                }
                let full = std::mem::replace(&mut batch, Vec::with_capacity(STREAM_BATCH));
                // A closed channel: the stream was dropped, stop reading.
                Ok(tx.blocking_send(Ok(full)).is_ok())
            });
            let last = match read {
                Ok(_) if batch.is_empty() => return,
                Ok(_) => Ok(batch),
                Err(e) => Err(e),
            };
            let _ = tx.blocking_send(last);
        });
        RowStream { rx }
    }

    /// The next batch of rows; `None` after the last.
    pub async fn next(&mut self) -> Result<Option<RowBatch>, FieldError> {
        self.rx.recv().await.transpose()
    }
}

/// Decode CSV text: a byte-order mark decides; otherwise UTF-8 when the
/// bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312, what
/// Excel on Chinese Windows writes).
/// UTF-8 text is read in place, not copied.
fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, &'static str) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text, enc.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text, "GB18030")
        }
    }
}

/// The separator used by the header line: the most frequent of `,` `;` tab.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    let count = |d: u8| first.bytes().filter(|b| *b == d).count();
    // Ties (a single column) go to the comma.
    let mut best = b',';
    for d in [b';', b'\t'] {
        if count(d) > count(best) {
            best = d;
        }
    }
    best
}

/// A cell trimmed, refused when longer than [`MAX_CELL_CHARS`].
fn clean(cell: &str, row: u64) -> Result<String, FieldError> {
    let t = cell.trim();
    // Bytes first: most cells are short, and no cell of fewer bytes can
    // have too many characters.
    if t.len() > MAX_CELL_CHARS && t.chars().count() > MAX_CELL_CHARS {
        return Err(too_long(row));
    }
    Ok(t.to_owned())
}

/// A row's cells kept: trailing empty cells dropped, none with a value
/// beyond [`MAX_COLUMNS`], its text counted in `kept`.
fn keep_row(mut cells: Vec<String>, row: u64, kept: &mut Kept) -> Result<Vec<String>, FieldError> {
    let len = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
    if len > MAX_COLUMNS {
        return Err(too_wide(row, len - 1));
    }
    cells.truncate(len);
    for c in &cells {
        kept.take(c.len())?;
    }
    Ok(cells)
}

/// A CSV cell as it was before an export neutralised it (see
/// [`crate::export::neutralise_csv_cell`]): one leading `'` removed from a
/// cell whose `'`s are followed by `=` `+` `-` `@`, a tab or a carriage
/// return.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if crate::export::needs_quote_mark(cell) => rest,
        _ => cell,
    }
}

/// Read CSV `bytes`, every row (the header first) to `each`; the encoding
/// it was read in.
fn read_csv(bytes: &[u8], each: EachRow<'_>) -> Result<&'static str, FieldError> {
    let (text, encoding) = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut kept = Kept::default();
    // Line numbers come from byte offsets: after CRLF line ends the reader's
    // positions (line and byte) point at the `\n` that ends the previous
    // line, so line ends at a record's start are stepped over first. Counted
    // incrementally, once per byte.
    let (mut counted_to, mut line_at) = (0usize, 1u64);
    let bytes = text.as_bytes();
    let mut line_of = |byte: u64| {
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while bytes.get(byte).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            byte += 1;
        }
        if byte > counted_to {
            line_at += bytes[counted_to..byte].iter().filter(|b| **b == b'\n').count() as u64;
            counted_to = byte;
        }
        line_at
    };
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(i as u64 + 1, |p| p.line());
            file_error("unreadable", format!("CSV row {line} cannot be read: {e}"))
        })?;
        // The reader skips blank lines; the position keeps the file's numbering.
        let line = record.position().map_or(i as u64 + 1, |p| line_of(p.byte()));
        let cells = record.iter().map(|c| clean(unneutralise(c), line)).collect::<Result<Vec<String>, _>>()?;
        if i == 0 {
            if !each(line, cells)? {
                break;
            }
        } else if cells.iter().any(|c| !c.is_empty()) && !each(line, keep_row(cells, line, &mut kept)?)? {
            break;
        }
    }
    Ok(encoding)
}

/// What reading a workbook's XML has cost, shared by the reader that counts
/// it and the loop that reads events.
#[derive(Default)]
struct Meter {
    /// Bytes unpacked from every part so far.
    unpacked: Cell<u64>,
    /// Bytes unpacked since the current XML event began.
    piece: Cell<u64>,
    /// The limit crossed, once one is.
    crossed: Cell<Option<&'static str>>,
}

impl Meter {
    /// The error for a failed read: the limit crossed, if any.
    fn error(&self) -> FieldError {
        match self.crossed.get() {
            Some("too_large") => {
                file_error("too_large", format!("the workbook unpacks to more than {} MiB", MAX_UNPACKED_BYTES >> 20))
            }
            Some(_) => file_error(
                "cell_too_long",
                format!("the workbook holds a cell or tag longer than {MAX_CELL_CHARS} characters"),
            ),
            None => unreadable(),
        }
    }
}

/// A part of the workbook being unpacked, counted as it is read: reading
/// fails as soon as a limit is crossed, so nothing larger is ever unpacked.
struct Counted<R> {
    inner: R,
    meter: Rc<Meter>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let m = &self.meter;
        m.unpacked.set(m.unpacked.get() + n as u64);
        m.piece.set(m.piece.get() + n as u64);
        if m.unpacked.get() > MAX_UNPACKED_BYTES {
            m.crossed.set(Some("too_large"));
        } else if m.piece.get() > MAX_XML_PIECE_BYTES {
            m.crossed.set(Some("cell_too_long"));
        }
        if m.crossed.get().is_some() {
            return Err(std::io::Error::other("a workbook limit is crossed"));
        }
        Ok(n)
    }
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// An XML reader over one part of the workbook; `None` when there is no
/// such part.
fn part<'z>(
    zip: &'z mut Zip<'_>,
    path: &str,
    meter: &Rc<Meter>,
) -> Result<Option<quick_xml::Reader<BufReader<Counted<impl Read + 'z>>>>, FieldError> {
    let file = match zip.by_name(path) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(unreadable()),
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(Counted { inner: file, meter: meter.clone() }));
    xml.config_mut().trim_text(false);
    Ok(Some(xml))
}

/// The next event of `xml`, within the limits of `meter`.
fn next<'b, R: BufRead>(
    xml: &mut quick_xml::Reader<R>,
    buf: &'b mut Vec<u8>,
    meter: &Meter,
) -> Result<Event<'b>, FieldError> {
    buf.clear();
    meter.piece.set(0);
    xml.read_event_into(buf).map_err(|_| meter.error())
}

/// An attribute's value, unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| quick_xml::escape::unescape(&a.value).ok().map(|v| v.into_owned()))
}

/// Append an entity or character reference.
fn push_ref(out: &mut String, r: &BytesRef<'_>) -> Result<(), FieldError> {
    if let Some(s) = quick_xml::escape::resolve_xml_entity(r.as_ref()) {
        out.push_str(s);
        return Ok(());
    }
    match r.resolve_char_ref() {
        Ok(Some(c)) => {
            out.push(c);
            Ok(())
        }
        _ => Err(unreadable()),
    }
}

/// Excel writes characters XML cannot hold as `_xHHHH_` (a UTF-16 unit)
/// and a literal `_x` as `_x005F_x`.
fn unescape_excel(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_owned();
    }
    let mut units: Vec<u16> = Vec::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("_x") {
        units.extend(rest[..at].encode_utf16());
        let tail = &rest[at..];
        let code = tail
            .get(2..6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()) && tail.as_bytes().get(6) == Some(&b'_'))
            .and_then(|h| u16::from_str_radix(h, 16).ok());
        match code {
            Some(u) => {
                units.push(u);
                rest = &tail[7..];
            }
            None => {
                units.extend("_x".encode_utf16());
                rest = &tail[2..];
            }
        }
    }
    units.extend(rest.encode_utf16());
    String::from_utf16_lossy(&units)
}

/// The workbook's sheets in order, with the part that holds each, and the
/// shared strings part.
fn sheets(zip: &mut Zip<'_>, meter: &Rc<Meter>) -> Result<(Vec<(String, String)>, String), FieldError> {
    let mut buf = Vec::new();
    let mut targets: Vec<(String, String)> = Vec::new();
    let mut shared = "xl/sharedStrings.xml".to_owned();
    if let Some(mut xml) = part(zip, "xl/_rels/workbook.xml.rels", meter)? {
        loop {
            match next(&mut xml, &mut buf, meter)? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                    let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) else { continue };
                    let target = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_owned(),
                        None => format!("xl/{target}"),
                    };
                    if attr(&e, "Type").is_some_and(|t| t.ends_with("/sharedStrings")) {
                        shared = target.clone();
                    }
                    if targets.len() < 10_000 {
                        targets.push((id, target));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    let Some(mut xml) = part(zip, "xl/workbook.xml", meter)? else { return Err(unreadable()) };
    let mut out = Vec::new();
    loop {
        match next(&mut xml, &mut buf, meter)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let name = attr(&e, "name").unwrap_or_default();
                let id = e.attributes().with_checks(false).flatten().find_map(|a| {
                    (a.key.local_name().as_ref() == "id")
                        .then(|| quick_xml::escape::unescape(&a.value).ok().map(|v| v.into_owned()))?
                });
                let path = id.and_then(|id| targets.iter().find(|(t, _)| *t == id).map(|(_, p)| p.clone()));
                if out.len() < 10_000 {
                    out.push((name, path.unwrap_or_else(|| format!("xl/worksheets/sheet{}.xml", out.len() + 1))));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((out, shared))
}

/// The shared strings table, each string counted in `kept`.
fn shared_strings(
    zip: &mut Zip<'_>,
    path: &str,
    meter: &Rc<Meter>,
    kept: &mut Kept,
) -> Result<Vec<String>, FieldError> {
    let Some(mut xml) = part(zip, path, meter)? else { return Ok(Vec::new()) };
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut current = String::new();
    // Inside `<t>` of a string (not of its phonetic guide, `<rPh>`).
    let (mut in_t, mut in_phonetic) = (false, false);
    loop {
        match next(&mut xml, &mut buf, meter)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => current.clear(),
                "rPh" => in_phonetic = true,
                "t" if !in_phonetic => in_t = true,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => {
                kept.take(0)?;
                out.push(String::new());
            }
            Event::End(e) => match e.local_name().as_ref() {
                "si" => {
                    let s = unescape_excel(&current);
                    if s.chars().count() > MAX_CELL_CHARS {
                        return Err(file_error(
                            "cell_too_long",
                            format!("the workbook holds a text longer than {MAX_CELL_CHARS} characters"),
                        ));
                    }
                    kept.take(s.len())?;
                    out.push(s);
                    current.clear();
                }
                "rPh" => in_phonetic = false,
                "t" => in_t = false,
                _ => {}
            },
            Event::Text(t) if in_t => current.push_str(&t.xml10_content()),
            Event::CData(t) if in_t => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => push_ref(&mut current, &r)?,
            Event::Eof => break,
            _ => {}
        }
        // Many runs of rich text add up; a string is refused as soon as
        // it could no longer fit in a cell.
        if current.len() > MAX_CELL_CHARS * 4 + 64 {
            return Err(file_error(
                "cell_too_long",
                format!("the workbook holds a text longer than {MAX_CELL_CHARS} characters"),
            ));
        }
    }
    Ok(out)
}

/// A cell reference's column (0-based): `B3` → 1; `None` without letters.
/// Columns past Excel's last (XFD) come back as `usize::MAX`.
fn cell_column(r: &str) -> Option<usize> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 {
        return None;
    }
    if letters > 3 {
        return Some(usize::MAX);
    }
    let col = r.bytes().take(letters).fold(0usize, |n, b| n * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1);
    Some(col - 1)
}

/// A number cell as text: whole numbers (phone numbers, years, serial
/// dates) without a fraction or an exponent.
fn number_text(raw: &str) -> String {
    match raw.trim().parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Ok(f) => f.to_string(),
        Err(_) => raw.trim().to_owned(),
    }
}

/// The cell being read.
#[derive(Default)]
struct OpenCell {
    column: usize,
    kind: String,
    text: String,
    /// Inside `<v>`, or `<t>` of an inline string (not its phonetic guide).
    in_value: bool,
    in_phonetic: bool,
}

/// Read a workbook's sheet `wanted` (or its first), every row (the header
/// first) to `each`; its encoding (none: XML says).
fn read_workbook(bytes: &[u8], wanted: Option<&str>, each: EachRow<'_>) -> Result<&'static str, FieldError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let meter = Rc::new(Meter::default());
    let (names, shared_path) = sheets(&mut zip, &meter)?;
    let path = match wanted {
        Some(w) => names
            .iter()
            .find(|(n, _)| n.trim() == w.trim())
            .ok_or_else(|| FieldError::new("sheet", "not_found", format!("the workbook has no sheet `{w}`")))?,
        None => names.first().ok_or_else(unreadable)?,
    }
    .1
    .clone();
    let mut kept = Kept::default();
    let shared = shared_strings(&mut zip, &shared_path, &meter, &mut kept)?;
    let Some(mut xml) = part(&mut zip, &path, &meter)? else { return Err(unreadable()) };

    let mut buf = Vec::new();
    let (mut row_no, mut next_col) = (0u64, 0usize);
    let mut cells: Vec<String> = Vec::new();
    let mut cell: Option<OpenCell> = None;
    loop {
        match next(&mut xml, &mut buf, &meter)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                // An empty `<row/>` ends at once; its number still counts.
                row_no = attr(&e, "r").and_then(|r| r.parse().ok()).unwrap_or(row_no + 1);
                next_col = 0;
                cells.clear();
            }
            Event::Start(e) if e.local_name().as_ref() == "c" => {
                let column = attr(&e, "r").and_then(|r| cell_column(&r)).unwrap_or(next_col);
                cell = Some(OpenCell { column, kind: attr(&e, "t").unwrap_or_default(), ..OpenCell::default() });
            }
            Event::Empty(e) if e.local_name().as_ref() == "c" => {
                // A cell without a value (only a style): nothing to keep.
                next_col = attr(&e, "r").and_then(|r| cell_column(&r)).unwrap_or(next_col).saturating_add(1);
            }
            Event::Start(e) => {
                if let Some(c) = cell.as_mut() {
                    match e.local_name().as_ref() {
                        "v" => c.in_value = true,
                        "t" if !c.in_phonetic => c.in_value = true,
                        "rPh" => c.in_phonetic = true,
                        _ => {}
                    }
                }
            }
            Event::Text(t) => {
                if let Some(c) = cell.as_mut().filter(|c| c.in_value) {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(c) = cell.as_mut().filter(|c| c.in_value) {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = cell.as_mut().filter(|c| c.in_value) {
                    push_ref(&mut c.text, &r)?;
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "v" | "t" => {
                    if let Some(c) = cell.as_mut() {
                        c.in_value = false;
                    }
                }
                "rPh" => {
                    if let Some(c) = cell.as_mut() {
                        c.in_phonetic = false;
                    }
                }
                "c" => {
                    let Some(c) = cell.take() else { continue };
                    next_col = c.column.saturating_add(1);
                    let text = match c.kind.as_str() {
                        "s" => {
                            let i: usize = c.text.trim().parse().map_err(|_| unreadable())?;
                            shared.get(i).cloned().ok_or_else(unreadable)?
                        }
                        "inlineStr" => unescape_excel(&c.text),
                        "str" | "d" => c.text,
                        "b" => if c.text.trim() == "1" { "是" } else { "否" }.to_owned(),
                        "e" => String::new(),
                        _ => number_text(&c.text),
                    };
                    let text = clean(&text, row_no)?;
                    if text.is_empty() {
                        continue;
                    }
                    if c.column >= MAX_COLUMNS {
                        return Err(too_wide(row_no, c.column));
                    }
                    if cells.len() <= c.column {
                        cells.resize(c.column + 1, String::new());
                    }
                    cells[c.column] = text;
                }
                "row" if cells.iter().any(|c| !c.is_empty()) => {
                    let row = keep_row(std::mem::take(&mut cells), row_no, &mut kept)?;
                    if !each(row_no, row)? {
                        break;
                    }
                }
                // What follows the cells (merged ranges, page setup …)
                // is not read.
                "sheetData" => break,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if cell.as_ref().is_some_and(|c| c.text.len() > MAX_CELL_CHARS * 4 + 64) {
            return Err(too_long(row_no));
        }
    }
    Ok("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_utf8_with_and_without_bom() {
        let s = read("姓名,电话\n张三,13812345678\n".as_bytes(), None).expect("csv");
        assert_eq!(s.headers, ["姓名", "电话"]);
        assert_eq!(s.sample, vec![(2, vec!["张三".to_owned(), "13812345678".to_owned()])]);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("姓名\n李四\n".as_bytes());
        let s = read(&bom, None).expect("bom");
        assert_eq!(s.headers, ["姓名"]);
        assert_eq!(s.encoding, "UTF-8");
    }

    #[test]
    fn reads_gbk() {
        let (bytes, _, _) = encoding_rs::GBK.encode("姓名;公司\n王五;上海关系贸易\n");
        let s = read(&bytes, None).expect("gbk");
        assert_eq!(s.encoding, "GB18030");
        assert_eq!(s.headers, ["姓名", "公司"]);
        assert_eq!(s.sample[0].1, ["王五", "上海关系贸易"]);
    }

    #[test]
    fn counts_rows_and_filled_columns_without_keeping_them() {
        let mut csv = String::from("name,phone,notes\n");
        for i in 0..1000 {
            csv.push_str(&format!("客户{i},{},\n", 13_800_000_000u64 + i));
        }
        csv.push_str(",,,x\n");
        let s = read(csv.as_bytes(), None).expect("csv");
        assert_eq!(s.rows, 1001);
        assert_eq!(s.sample.len(), SAMPLE_ROWS);
        assert_eq!(s.filled, [true, true, false, true]);
    }

    #[tokio::test]
    async fn streams_rows_in_batches_from_any_row() {
        let mut csv = String::from("name\n");
        for i in 0..1234 {
            csv.push_str(&format!("客户{i}\n"));
        }
        let bytes = std::sync::Arc::new(csv.into_bytes());
        for skip in [0, 1, 500, 1233, 1234, 2000] {
            let mut stream = RowStream::open(bytes.clone(), None, skip);
            let mut rows = Vec::new();
            while let Some(batch) = stream.next().await.expect("rows") {
                assert!(batch.len() <= STREAM_BATCH);
                rows.extend(batch);
            }
            let want: Vec<(u64, Vec<String>)> =
                (skip..1234).map(|i| (i as u64 + 2, vec![format!("客户{i}")])).collect();
            assert_eq!(rows, want, "skip {skip}");
        }
        // A file that crosses a limit late fails in the stream at that row.
        let mut csv = String::from("name\n");
        for i in 0..600 {
            csv.push_str(&format!("客户{i}\n"));
        }
        csv.push_str(&"长".repeat(MAX_CELL_CHARS + 1));
        let mut stream = RowStream::open(std::sync::Arc::new(csv.into_bytes()), None, 0);
        assert_eq!(stream.next().await.expect("the first batch").map(|b| b.len()), Some(STREAM_BATCH));
        assert_eq!(stream.next().await.expect_err("too long").reason, "cell_too_long");
    }

    #[test]
    fn skips_blank_rows_but_keeps_numbers() {
        let s = read(b"name\n\n,\nA\n", None).expect("csv");
        assert_eq!(s.sample, vec![(4, vec!["A".to_owned()])]);
    }

    #[test]
    fn numbers_rows_of_crlf_files() {
        let s = read(b"name,phone\r\nA,1\r\nB,2\r\n,3\r\n", None).expect("csv");
        let numbers: Vec<u64> = s.sample.iter().map(|r| r.0).collect();
        assert_eq!(numbers, [2, 3, 4]);
    }

    #[test]
    fn refuses_broken_files() {
        assert_eq!(read(b"", None).expect_err("empty").reason, "empty");
        assert_eq!(read(b"PK\x03\x04garbage", None).expect_err("zip").reason, "unreadable");
        assert_eq!(read(b"\n\n", None).expect_err("no header").reason, "no_header");
        let xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert_eq!(read(&xls, None).expect_err("xls").reason, "unsupported_format");
    }

    /// A workbook of one sheet whose `<sheetData>` is `rows`, written by
    /// hand (as a hostile file would be), with `shared` as its shared
    /// strings; each is produced in pieces, never whole in memory.
    fn workbook(shared: &mut dyn FnMut(&mut dyn Write), rows: &mut dyn FnMut(&mut dyn Write)) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        let part = |zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, body: &mut dyn FnMut(&mut dyn Write)| {
            zip.start_file(name, opts).expect("part");
            body(zip);
        };
        part(&mut zip, "xl/workbook.xml", &mut |w| {
            w.write_all(br#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#).expect("write");
        });
        part(&mut zip, "xl/_rels/workbook.xml.rels", &mut |w| {
            w.write_all(br#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#).expect("write");
        });
        part(&mut zip, "xl/sharedStrings.xml", &mut |w| {
            w.write_all(b"<sst>").expect("write");
            shared(w);
            w.write_all(b"</sst>").expect("write");
        });
        part(&mut zip, "xl/worksheets/sheet1.xml", &mut |w| {
            w.write_all(b"<worksheet><sheetData>").expect("write");
            rows(w);
            w.write_all(b"</sheetData></worksheet>").expect("write");
        });
        zip.finish().expect("zip").into_inner()
    }

    /// Why `bytes` is refused; reading it must stop promptly.
    fn reason(bytes: &[u8]) -> &'static str {
        let started = std::time::Instant::now();
        let reason = read(bytes, None).expect_err("refused").reason;
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{reason}: {:?}", started.elapsed());
        reason
    }

    #[test]
    fn reads_a_hand_written_workbook() {
        let book = workbook(
            &mut |w| {
                w.write_all(
                    "<si><t>姓名</t></si><si><r><t>A&amp;</t></r><r><t>B</t></r><rPh><t>x</t></rPh></si>".as_bytes(),
                )
                .expect("w")
            },
            &mut |w| {
                w.write_all(br#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>phone</t></is></c></row>"#).expect("w");
                w.write_all(br#"<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" s="1"/><c r="C3"><v>1.3812345678E10</v></c><c r="D3" t="b"><v>1</v></c></row>"#).expect("w");
                w.write_all(br#"<row r="4"><c r="A4" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>"#).expect("w");
            },
        );
        let s = read(&book, None).expect("read");
        assert_eq!(s.headers, ["姓名", "", "phone"]);
        assert_eq!(s.sample[0], (3, vec!["A&B".to_owned(), String::new(), "13812345678".to_owned(), "是".to_owned()]));
        assert_eq!(s.sample[1], (4, vec!["a\rb".to_owned()]));
        assert_eq!(read(&book, Some("nope")).expect_err("sheet").field, "sheet");
    }

    #[test]
    fn reads_what_excel_writers_write() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "姓名").expect("w");
        sheet.write_string(0, 1, "电话").expect("w");
        sheet.write_string(1, 0, "张三 & <李四>").expect("w");
        sheet.write_number(1, 1, 13812345678.0).expect("w");
        let s = read(&book.save_to_buffer().expect("save"), None).expect("read");
        assert_eq!(s.headers, ["姓名", "电话"]);
        assert_eq!(s.sample, vec![(2, vec!["张三 & <李四>".to_owned(), "13812345678".to_owned()])]);
    }

    #[test]
    fn refuses_a_cell_far_away_without_laying_out_a_grid() {
        let book = workbook(&mut |_| {}, &mut |w| {
            w.write_all(br#"<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#).expect("w");
        });
        assert!(book.len() < 2000);
        assert_eq!(reason(&book), "too_many_columns");
        // Far away but empty (only a style) costs nothing.
        let book = workbook(&mut |_| {}, &mut |w| {
            w.write_all(br#"<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="XFD1" s="2"/></row><row r="1048576"><c r="A1048576"><v>1</v></c></row>"#).expect("w");
        });
        assert_eq!(read(&book, None).expect("read").sample, vec![(1_048_576, vec!["1".to_owned()])]);
    }

    #[test]
    fn refuses_a_huge_cell_while_unpacking_it() {
        let chunk = "A".repeat(1 << 20);
        let book = workbook(&mut |_| {}, &mut |w| {
            w.write_all(br#"<row r="1"><c r="A1" t="inlineStr"><is><t>"#).expect("w");
            for _ in 0..64 {
                w.write_all(chunk.as_bytes()).expect("w");
            }
            w.write_all(b"</t></is></c></row>").expect("w");
        });
        assert_eq!(reason(&book), "cell_too_long");
        // The same in the shared strings.
        let book = workbook(
            &mut |w| {
                w.write_all(b"<si><t>").expect("w");
                for _ in 0..64 {
                    w.write_all(chunk.as_bytes()).expect("w");
                }
                w.write_all(b"</t></si>").expect("w");
            },
            &mut |_| {},
        );
        assert_eq!(reason(&book), "cell_too_long");
        // A cell of many short runs.
        let book = workbook(
            &mut |w| {
                w.write_all(b"<si>").expect("w");
                for _ in 0..20_000 {
                    w.write_all(b"<r><t>0123456789</t></r>").expect("w");
                }
                w.write_all(b"</si>").expect("w");
            },
            &mut |_| {},
        );
        assert_eq!(reason(&book), "cell_too_long");
    }

    #[test]
    fn stops_at_the_row_limit() {
        let book = workbook(&mut |w| w.write_all(b"<si><t>x</t></si>").expect("w"), &mut |w| {
            for r in 1..=(MAX_ROWS + 50_000) {
                write!(w, r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#).expect("w");
            }
        });
        assert_eq!(reason(&book), "too_many_rows");
    }

    #[test]
    fn counts_a_shared_string_in_every_cell_that_uses_it() {
        let long = "长".repeat(MAX_CELL_CHARS);
        let book = workbook(&mut |w| write!(w, "<si><t>{long}</t></si>").expect("w"), &mut |w| {
            for r in 1..=4000 {
                w.write_all(format!("<row r=\"{r}\">").as_bytes()).expect("w");
                for c in ["A", "B", "C"] {
                    write!(w, r#"<c r="{c}{r}" t="s"><v>0</v></c>"#).expect("w");
                }
                w.write_all(b"</row>").expect("w");
            }
        });
        assert_eq!(reason(&book), "too_large");
    }

    #[test]
    fn csv_cells_neutralised_by_an_export_read_back_as_they_were() {
        for v in ["=1+2", "+86 138", "-5", "@x", "'=y", "'plain", "plain", "''=z", "'''-1", "a=b"] {
            let mut out = Vec::new();
            {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(["姓名"]).expect("w");
                w.write_record([crate::export::neutralise_csv_cell(v).as_ref()]).expect("w");
            }
            let s = read(&out, None).expect("csv");
            assert_eq!(s.sample[0].1, [v], "{v}");
        }
    }

    #[test]
    fn refuses_a_csv_cell_longer_than_excel_allows() {
        let csv = format!("姓名\n{}\n", "x".repeat(MAX_CELL_CHARS + 1));
        assert_eq!(reason(csv.as_bytes()), "cell_too_long");
        let csv = format!("姓名\n{}\n", "长".repeat(MAX_CELL_CHARS));
        assert_eq!(read(csv.as_bytes(), None).expect("read").sample[0].1[0].chars().count(), MAX_CELL_CHARS);
    }
}

//! Reading an uploaded spreadsheet into rows of text: CSV in UTF-8 (with or
//! without a byte-order mark), UTF-16 with a byte-order mark, or GBK/GB18030
//! as Chinese versions of Excel save it; and XLSX or XLS workbooks.
//!
//! Cells become text here and are interpreted per field later, so a phone
//! number Excel stored as the number `13812345678` reads as `13812345678`,
//! not `1.3812345678e10`, and a date cell reads as its Excel serial number,
//! which the date reader understands.

use std::io::Cursor;

use calamine::{Data, Reader};
use guanxi_core::FieldError;

/// Most data rows an import may hold.
pub const MAX_ROWS: usize = 200_000;
/// Most columns read; later ones are refused rather than dropped silently.
pub const MAX_COLUMNS: usize = 100;
/// Longest cell kept, in characters.
pub const MAX_CELL_CHARS: usize = 5_000;

/// The kind of file, decided by its content rather than its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-, semicolon- or tab-separated text.
    Csv,
    /// An Office Open XML workbook (or an old binary XLS one).
    Xlsx,
}

impl Format {
    /// Sniff the format: workbooks are ZIP (`PK`) or OLE compound files.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// A spreadsheet as text: the header row and the data rows, each with its
/// row number in the file (the header is row 1). Wholly empty rows are left
/// out but keep their numbers counted, so reports point at the right row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    /// The file's format.
    pub format: Option<Format>,
    /// Which text encoding a CSV file was read in.
    pub encoding: &'static str,
    /// Header cells, trimmed.
    pub headers: Vec<String>,
    /// `(row number, cells)`; a row may be shorter than the header.
    pub rows: Vec<(u64, Vec<String>)>,
}

fn file_error(code: &'static str, message: impl Into<String>) -> FieldError {
    FieldError::new("file", code, message)
}

/// Read `bytes` as a CSV or workbook file. A workbook's first sheet is read
/// unless `sheet` names another.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, FieldError> {
    if bytes.is_empty() {
        return Err(file_error("empty", "the file is empty"));
    }
    let mut out = match Format::sniff(bytes) {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_workbook(bytes, sheet)?,
    };
    let header_len = out.headers.iter().rposition(|h| !h.is_empty()).map_or(0, |i| i + 1);
    out.headers.truncate(header_len);
    if out.headers.is_empty() {
        return Err(file_error("no_header", "the first row must hold the column headers"));
    }
    if out.headers.len() > MAX_COLUMNS {
        return Err(file_error("too_many_columns", format!("at most {MAX_COLUMNS} columns")));
    }
    if out.rows.len() > MAX_ROWS {
        return Err(file_error("too_many_rows", format!("at most {MAX_ROWS} rows per import; split the file")));
    }
    Ok(out)
}

/// Decode CSV text: a byte-order mark decides; otherwise UTF-8 when the
/// bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312, what
/// Excel on Chinese Windows writes).
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), "GB18030")
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

fn clean(cell: &str) -> String {
    let t = cell.trim();
    if t.chars().count() > MAX_CELL_CHARS { t.chars().take(MAX_CELL_CHARS).collect() } else { t.to_owned() }
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, FieldError> {
    let (text, encoding) = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut sheet = Sheet { format: Some(Format::Csv), encoding, ..Sheet::default() };
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
        let cells: Vec<String> = record.iter().map(clean).collect();
        // The reader skips blank lines; the position keeps the file's numbering.
        let line = record.position().map_or(i as u64 + 1, |p| line_of(p.byte()));
        if i == 0 {
            sheet.headers = cells;
        } else if cells.iter().any(|c| !c.is_empty()) {
            if sheet.rows.len() == MAX_ROWS {
                return Err(file_error("too_many_rows", format!("at most {MAX_ROWS} rows per import; split the file")));
            }
            sheet.rows.push((line, cells));
        }
    }
    Ok(sheet)
}

/// A workbook cell as text.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => clean(s),
        Data::Int(i) => i.to_string(),
        // Whole numbers (phone numbers, years, counts) without a fraction.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTime(d) => d.as_f64().to_string(),
    }
}

fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, FieldError> {
    let unreadable = || file_error("unreadable", "the file is not a readable XLSX or CSV file");
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.trim() == wanted.trim())
            .ok_or_else(|| FieldError::new("sheet", "not_found", format!("the workbook has no sheet `{wanted}`")))?,
        None => names.first().ok_or_else(unreadable)?,
    }
    .clone();
    let range = book.worksheet_range(&name).map_err(|_| unreadable())?;
    // The used range may start below row 1 or right of column A.
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut out = Sheet { format: Some(Format::Xlsx), encoding: "", ..Sheet::default() };
    let mut header_seen = false;
    for (i, row) in range.rows().enumerate() {
        let mut cells: Vec<String> = std::iter::repeat_n(String::new(), left as usize).collect();
        cells.extend(row.iter().map(cell_text));
        let number = u64::from(top) + i as u64 + 1;
        if !header_seen {
            if cells.iter().any(|c| !c.is_empty()) {
                out.headers = cells;
                header_seen = true;
            }
        } else if cells.iter().any(|c| !c.is_empty()) {
            if out.rows.len() == MAX_ROWS {
                return Err(file_error("too_many_rows", format!("at most {MAX_ROWS} rows per import; split the file")));
            }
            out.rows.push((number, cells));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_and_without_bom() {
        let s = read("姓名,电话\n张三,13812345678\n".as_bytes(), None).expect("csv");
        assert_eq!(s.headers, ["姓名", "电话"]);
        assert_eq!(s.rows, vec![(2, vec!["张三".to_owned(), "13812345678".to_owned()])]);
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
        assert_eq!(s.rows[0].1, ["王五", "上海关系贸易"]);
    }

    #[test]
    fn skips_blank_rows_but_keeps_numbers() {
        let s = read(b"name\n\n,\nA\n", None).expect("csv");
        assert_eq!(s.rows, vec![(4, vec!["A".to_owned()])]);
    }

    #[test]
    fn numbers_rows_of_crlf_files() {
        let s = read(b"name,phone\r\nA,1\r\nB,2\r\n,3\r\n", None).expect("csv");
        let numbers: Vec<u64> = s.rows.iter().map(|r| r.0).collect();
        assert_eq!(numbers, [2, 3, 4]);
    }

    #[test]
    fn refuses_broken_files() {
        assert_eq!(read(b"", None).expect_err("empty").reason, "empty");
        assert_eq!(read(b"PK\x03\x04garbage", None).expect_err("zip").reason, "unreadable");
        assert_eq!(read(b"\n\n", None).expect_err("no header").reason, "no_header");
    }
}

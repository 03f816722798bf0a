//! What an import is asked to do: the uploaded file as read, the column
//! mapping, the duplicate keys and policy, the mode, and the options stored
//! with the import.

use guanxi_core::{Error, Result, UserId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Sheet, sheet};

/// Which values make a row a duplicate of an existing customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DedupKey {
    /// Any normalised phone number in common.
    Phone,
    /// The same e-mail address (case-insensitive).
    Email,
    /// The same name and company (both present).
    NameCompany,
}

/// What happens to a row that duplicates an existing customer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Leave the existing customer alone; the row is reported as skipped.
    #[default]
    Skip,
    /// Fill the existing customer with the row's non-empty cells (phones and
    /// tags are added to those it has); the change is in its history.
    Update,
    /// Create a new customer anyway.
    Create,
}

/// Whether bad rows stop the whole import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Import the valid rows and report the others.
    #[default]
    ValidRows,
    /// Import nothing if any row is invalid.
    AllOrNothing,
}

/// One column of the file and the field it fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMapping {
    /// The column's header as it appears in the file.
    pub column: String,
    /// The field's machine name (see [`CustomerField::as_str`](guanxi_core::customer_fields::CustomerField::as_str)), or `None` to
    /// leave the column out.
    pub field: Option<String>,
}

/// An uploaded file and the sheet read from it. Only [`UploadedFile::read`]
/// makes one, so whatever takes it knows the file was read within the
/// limits of [`sheet`](super::sheet), outside any transaction.
#[derive(Clone, Debug, Default)]
pub struct UploadedFile {
    pub(super) content: Vec<u8>,
    pub(super) sheet_name: Option<String>,
    pub(super) sheet: Sheet,
}

impl UploadedFile {
    /// Read `content` (a workbook's sheet `sheet_name`, or its first) on a
    /// blocking thread. Call it before beginning a transaction. A file that
    /// cannot be read, or crosses a limit: `VALIDATION_FAILED` on `file`
    /// (or on `sheet` for a sheet the workbook does not have).
    pub async fn read(content: Vec<u8>, sheet_name: Option<String>) -> Result<UploadedFile> {
        let (content, sheet) = sheet::read_owned(content, sheet_name.clone()).await;
        Ok(UploadedFile { content, sheet_name, sheet: sheet.map_err(|e| Error::Validation(vec![e]))? })
    }
}

/// A request to import a file.
#[derive(Clone, Debug, Default)]
pub struct NewImport {
    /// The uploaded file's name.
    pub file_name: String,
    /// The file, read.
    pub file: UploadedFile,
    /// Column → field; the recognised headers (see [`guess_mapping`](guanxi_core::customer_fields::guess_mapping)) when
    /// absent. Columns not listed are left out.
    pub mapping: Option<Vec<ColumnMapping>>,
    /// Keys that make a row a duplicate; all three when absent.
    pub dedup: Option<Vec<DedupKey>>,
    /// What to do with duplicates.
    pub on_duplicate: OnDuplicate,
    /// Valid rows only, or all or nothing.
    pub mode: ImportMode,
    /// Owner of rows without an owner cell: `None` the importer, `Some(None)`
    /// the public pool, `Some(Some(id))` that user.
    pub owner_id: Option<Option<UserId>>,
}

/// What the import stored about its request (the `options` column).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// For each column of the file, by position, the field's machine name.
    pub mapping: Vec<Option<String>>,
    /// Duplicate keys.
    pub dedup: Vec<DedupKey>,
    /// Duplicate policy.
    pub on_duplicate: OnDuplicate,
    /// Mode.
    pub mode: ImportMode,
    /// Default owner; `None`: the public pool.
    pub owner_id: Option<Uuid>,
    /// Workbook sheet.
    pub sheet: Option<String>,
    /// Set once "all or nothing" has checked every row and found none bad.
    #[serde(default)]
    pub checked: bool,
}

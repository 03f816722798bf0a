//! Customer imports from CSV and XLSX files.
//!
//! An uploaded file is read into an [`UploadedFile`] before any transaction
//! begins (reading is bounded but may take a moment, and must not hold a
//! database connection meanwhile). [`start`] takes it to refuse what cannot
//! be imported at all (an unreadable file, no column for the name, a bad
//! mapping) before anything is queued; it stores the file with its options in `imports` and
//! queues a `customers.import` job in the same transaction. The job drives an
//! [`ImportRun`]: rows are validated with the same rules as `createCustomer`,
//! matched against the company's customers on the chosen keys (normalised
//! phone, e-mail, name + company) and created, updated or skipped per the
//! chosen policy, a batch at a time. Each batch commits its customers, its
//! report lines and the import's position together, so a retried job
//! resumes after the last committed batch and never imports a row twice.
//!
//! In "all or nothing" mode every row is checked first without writing; a
//! single bad row rejects the whole file and nothing is imported.

mod check;
mod duplicates;
mod lanes;
mod mapping;
mod options;
mod record;
mod report;
mod run;
pub mod sheet;

use guanxi_core::{Error, FieldError};

pub use mapping::{ColumnWarning, ImportTarget, Preview, preview};
pub use options::{ColumnMapping, DedupKey, ImportMode, ImportOptions, NewImport, OnDuplicate, UploadedFile};
pub use record::{Import, ImportStatus, get, list, start, stored_file};
pub use report::{ImportIssue, IssueSeverity, issues, reject_file};
pub use run::ImportRun;
pub use sheet::{Format, Sheet};

/// The job kind that runs imports.
pub const JOB_KIND: &str = "customers.import";

fn validation(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Error {
    Error::Validation(vec![FieldError::new(field, code, message)])
}

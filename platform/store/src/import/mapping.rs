//! Reading a file's headers and mapping them to fields: the recognised
//! field of each header (custom fields first, then the customer fields'
//! Chinese and English names), the requested mapping resolved against the
//! file, the warnings for columns that fill nothing, and the preview.

use std::collections::HashSet;

use guanxi_core::custom_fields::{CompiledField, FieldAccess, FieldEntity, FieldSet, Writer};
use guanxi_core::customer_fields::{CustomerField, guess_mapping, unimportable_column};
use guanxi_core::input::Checker;
use guanxi_core::{FieldError, Result, Role};

use crate::db::TenantTx;

use super::options::{ColumnMapping, UploadedFile};
use super::{Format, Sheet, validation};

/// A field an import column can fill: a customer field or a custom field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportTarget {
    /// Machine name: a [`CustomerField`] name, or `custom.<key>`.
    pub name: String,
    /// Chinese label.
    pub label: String,
}

/// A file as the importer reads it, before anything is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// CSV or workbook.
    pub format: Format,
    /// Text encoding of a CSV file (`UTF-8`, `GB18030`, `UTF-16LE` …).
    pub encoding: &'static str,
    /// Column headers.
    pub headers: Vec<String>,
    /// The recognised field of each column.
    pub mapping: Vec<Option<ImportTarget>>,
    /// Every field a column can fill, custom fields included.
    pub targets: Vec<ImportTarget>,
    /// The first rows.
    pub sample: Vec<Vec<String>>,
    /// Data rows in all.
    pub rows: usize,
    /// The columns that would fill nothing, and why.
    pub warnings: Vec<ColumnWarning>,
}

/// A column of the file that fills no field, and why: shown by the preview
/// and written to the import's report (row 1, the header) so that no
/// column is ever left out in silence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnWarning {
    /// The column's header, or `column N` (1-based) when it has none.
    pub column: String,
    /// `unmapped` (no field has this name, or the mapping leaves it out),
    /// `duplicate_column` (an earlier column fills the field),
    /// `not_importable` (a value the product sets itself, or no customer
    /// field), `no_header` (cells under no header).
    pub code: &'static str,
    /// The reason for people.
    pub message: String,
}

/// The warning for every column of `sheet` that `mapping` fills nothing
/// from; `requested` when the mapping was given rather than guessed.
pub(super) fn column_warnings(sheet: &Sheet, mapping: &[Option<String>], requested: bool) -> Vec<ColumnWarning> {
    let width = sheet.filled.len().max(sheet.headers.len());
    let mut out = Vec::new();
    for i in 0..width {
        if mapping.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let header = sheet.headers.get(i).map(String::as_str).unwrap_or_default();
        let (code, message) = if header.is_empty() {
            if !sheet.filled.get(i).copied().unwrap_or(false) {
                continue;
            }
            ("no_header", format!("column {} has values but no header; they are left out", i + 1))
        } else if let Some(why) = unimportable_column(header) {
            ("not_importable", why.to_owned())
        } else if requested {
            ("unmapped", "the mapping leaves this column out".to_owned())
        } else {
            match guess_mapping(&[header]).first().copied().flatten() {
                Some(CustomerField::Notes) => (
                    "not_importable",
                    "notes have no place on a customer record; record them as a conversation".to_owned(),
                ),
                Some(f) => (
                    "duplicate_column",
                    format!("an earlier column already fills `{}`; this one is left out", f.as_str()),
                ),
                None => {
                    ("unmapped", "no customer field has this name; the column is left out unless you map it".to_owned())
                }
            }
        };
        let column = if header.is_empty() { format!("column {}", i + 1) } else { header.to_owned() };
        out.push(ColumnWarning { column, code, message });
    }
    out
}

/// A read file without storing anything: its headers, the recognised field
/// of each, the first rows and the row count, for a mapping dialog.
pub async fn preview(tx: &TenantTx, file: &UploadedFile) -> Result<Preview> {
    let s = &file.sheet;
    let role = tx.actor()?.role;
    let fields = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
    let targets = targets(&fields, role);
    // Only fields a column can fill (not notes) count as mapped.
    let guessed: Vec<Option<String>> = guess(&s.headers, &fields, role)
        .into_iter()
        .map(|m| m.filter(|name| targets.iter().any(|t| t.name == *name)))
        .collect();
    let warnings = column_warnings(s, &guessed, false);
    let mapping =
        guessed.into_iter().map(|m| m.and_then(|name| targets.iter().find(|t| t.name == name).cloned())).collect();
    Ok(Preview {
        warnings,
        format: s.format.unwrap_or(Format::Csv),
        encoding: s.encoding,
        mapping,
        targets,
        sample: s.sample.iter().map(|(_, cells)| cells.clone()).collect(),
        rows: s.rows,
        headers: s.headers.clone(),
    })
}

/// The custom fields a role may fill by import: not archived, editable.
fn fillable(fields: &FieldSet, role: Role) -> impl Iterator<Item = &CompiledField> {
    fields
        .fields()
        .iter()
        .filter(move |f| !f.def.archived && FieldSet::access(f, Writer::Role(role)) == FieldAccess::Edit)
}

/// Every field a column can fill.
fn targets(fields: &FieldSet, role: Role) -> Vec<ImportTarget> {
    let builtin = CustomerField::ALL
        .iter()
        .filter(|f| **f != CustomerField::Notes)
        .map(|f| ImportTarget { name: f.as_str().to_owned(), label: f.label_zh().to_owned() });
    let custom = fillable(fields, role)
        .map(|f| ImportTarget { name: format!("custom.{}", f.key()), label: f.def.spec.label.clone() });
    builtin.chain(custom).collect()
}

/// The custom field a header or a requested field name stands for: its key
/// (`custom.<key>` or bare), its label or its English label.
fn custom_by_name<'a>(fields: &'a FieldSet, role: Role, name: &str) -> Option<&'a CompiledField> {
    let name = name.trim();
    let key = name.strip_prefix("custom.").unwrap_or(name);
    fillable(fields, role).find(|f| {
        f.key() == key
            || f.def.spec.label.trim() == name
            || f.def.spec.label_en.as_deref().is_some_and(|l| l.trim().eq_ignore_ascii_case(name))
    })
}

/// The field recognised for each header: a custom field whose key or label
/// it is (the company's own words come first: a custom field labelled
/// 客户级别 wins over the built-in grade, which that header would also
/// suggest), else a customer field by its Chinese and English names.
fn guess(headers: &[String], fields: &FieldSet, role: Role) -> Vec<Option<String>> {
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    guess_mapping(&h)
        .into_iter()
        .zip(headers)
        .map(|(f, header)| match custom_by_name(fields, role, header) {
            Some(c) => Some(format!("custom.{}", c.key())),
            None => f.map(|f| f.as_str().to_owned()),
        })
        .collect()
}

/// Resolve the requested mapping against the file's headers: one entry per
/// column, by position.
pub(super) fn resolve_mapping(
    headers: &[String],
    requested: Option<&[ColumnMapping]>,
    fields: &FieldSet,
    role: Role,
) -> Result<Vec<Option<String>>> {
    let mut mapping: Vec<Option<String>> = match requested {
        None => guess(headers, fields, role),
        Some(list) => {
            let mut out = vec![None; headers.len()];
            let mut c = Checker::new();
            for (i, m) in list.iter().enumerate() {
                let Some(pos) = headers.iter().position(|h| h.trim() == m.column.trim()) else {
                    c.check::<()>(Err(FieldError::new(
                        format!("mapping.{i}.column"),
                        "not_found",
                        format!("the file has no column `{}`", m.column),
                    )));
                    continue;
                };
                match m.field.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
                    None => out[pos] = None,
                    Some(f) => match CustomerField::from_name(f)
                        .map(|field| field.as_str().to_owned())
                        .or_else(|| custom_by_name(fields, role, f).map(|c| format!("custom.{}", c.key())))
                    {
                        Some(target) => out[pos] = Some(target),
                        None => {
                            c.check::<()>(Err(FieldError::new(
                                format!("mapping.{i}.field"),
                                "unknown",
                                format!("`{f}` is not a customer field"),
                            )));
                        }
                    },
                }
            }
            c.finish()?;
            out
        }
    };
    // Notes have no place on a customer record yet.
    for m in &mut mapping {
        if m.as_deref() == Some(CustomerField::Notes.as_str()) {
            *m = None;
        }
    }
    let mut seen = HashSet::new();
    let mut seen_custom = HashSet::new();
    for (i, m) in mapping.iter().enumerate() {
        let custom_twice = m.as_deref().is_some_and(|m| m.starts_with("custom.") && !seen_custom.insert(m));
        if custom_twice {
            return Err(validation(
                "mapping",
                "duplicate",
                format!("two columns fill `{}` (the second is `{}`)", m.as_deref().unwrap_or_default(), headers[i]),
            ));
        }
        if let Some(f) = m.as_deref().and_then(CustomerField::from_name)
            && !f.accepts_many_columns()
            && !seen.insert(f)
        {
            return Err(validation(
                "mapping",
                "duplicate",
                format!("two columns fill `{}` (the second is `{}`)", f.as_str(), headers[i]),
            ));
        }
    }
    if !mapping.iter().any(|m| m.as_deref() == Some(CustomerField::Name.as_str())) {
        return Err(validation("mapping", "required", "no column is mapped to the name (姓名)"));
    }
    Ok(mapping)
}

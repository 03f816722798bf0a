//! The customer's built-in fields as they appear in imported spreadsheets:
//! which column header means which field, and how the cells of enum- and
//! date-valued columns are read.
//!
//! Spreadsheets come from other CRMs, from Excel templates and from people
//! typing; they mix Chinese and English, full-width and half-width
//! characters, `*` marks on required columns and hints in brackets
//! (`生日（yyyy-mm-dd）`). Matching is therefore done on a folded form of the
//! header (see [`guess_mapping`]); the user confirms or corrects the guess
//! before anything is imported.

use chrono::{Days, NaiveDate, NaiveTime};
use serde::Serialize;

pub use crate::customer::{CustomerStatus, Gender, Grade};
use crate::error::FieldError;
use crate::text::to_half_width;

/// A built-in customer field an import column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerField {
    /// The customer number (otherwise assigned from the tenant's pattern).
    Number,
    /// The customer's (a person's) name.
    Name,
    /// The company the customer works for.
    Company,
    /// The customer's job title.
    Title,
    /// Phone numbers; several columns may feed it, a cell may hold several.
    Phones,
    /// E-mail address.
    Email,
    /// Postal address.
    Address,
    /// Gender, read with [`Gender::parse`].
    Gender,
    /// Birthday, read with [`parse_date_cell`].
    Birthday,
    /// Lifecycle status, read with [`CustomerStatus::parse`].
    Status,
    /// Industry (free text from the tenant's list).
    Industry,
    /// Where the customer came from (free text from the tenant's list, see
    /// [`DEFAULT_SOURCES`]).
    Source,
    /// Grade, read with [`Grade::parse`].
    Grade,
    /// Tags; several columns may feed it, a cell may hold several.
    Tags,
    /// The responsible salesperson. Cells usually hold an e-mail but may
    /// hold a person's name; resolving it to a user is the importer's job.
    OwnerEmail,
    /// Date of the next planned visit, read with [`parse_date_time_cell`].
    NextVisit,
    /// When the customer was last contacted (最后联系日期 in the
    /// requirements), read with [`parse_date_time_cell`].
    LastContact,
    /// Free-form notes.
    Notes,
}

impl CustomerField {
    /// Every field, in the order an import dialog lists them.
    pub const ALL: &'static [CustomerField] = &[
        CustomerField::Number,
        CustomerField::Name,
        CustomerField::Company,
        CustomerField::Title,
        CustomerField::Phones,
        CustomerField::Email,
        CustomerField::Address,
        CustomerField::Gender,
        CustomerField::Birthday,
        CustomerField::Status,
        CustomerField::Industry,
        CustomerField::Source,
        CustomerField::Grade,
        CustomerField::Tags,
        CustomerField::OwnerEmail,
        CustomerField::NextVisit,
        CustomerField::LastContact,
        CustomerField::Notes,
    ];

    /// The stable machine name (snake_case), used in the API and in saved
    /// mappings.
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerField::Number => "number",
            CustomerField::Name => "name",
            CustomerField::Company => "company",
            CustomerField::Title => "title",
            CustomerField::Phones => "phones",
            CustomerField::Email => "email",
            CustomerField::Address => "address",
            CustomerField::Gender => "gender",
            CustomerField::Birthday => "birthday",
            CustomerField::Status => "status",
            CustomerField::Industry => "industry",
            CustomerField::Source => "source",
            CustomerField::Grade => "grade",
            CustomerField::Tags => "tags",
            CustomerField::OwnerEmail => "owner_email",
            CustomerField::NextVisit => "next_visit",
            CustomerField::LastContact => "last_contact",
            CustomerField::Notes => "notes",
        }
    }

    /// The field for a machine name, as stored in a saved mapping.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.as_str() == name)
    }

    /// The Chinese label, also the header of the import template.
    pub fn label_zh(self) -> &'static str {
        self.headers()[0]
    }

    /// Whether several columns may map to this field (their values are
    /// combined) rather than the first matching column winning.
    pub fn accepts_many_columns(self) -> bool {
        matches!(self, CustomerField::Phones | CustomerField::Tags)
    }

    /// The column headers recognised for this field, Chinese first. Matching
    /// ignores case, width, spaces, `_ - . : *` and anything in brackets, so
    /// only one spelling of each is listed.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            CustomerField::Number => {
                &["客户编号", "编号", "客户号", "客户编码", "客户代码", "number", "customer number", "customer no"]
            }
            CustomerField::Name => &[
                "姓名",
                "客户名称",
                "客户姓名",
                "名称",
                "名字",
                "联系人",
                "联系人姓名",
                "客户",
                "name",
                "full name",
                "customer name",
                "customer",
                "contact",
                "contact name",
            ],
            CustomerField::Company => &[
                "公司",
                "单位",
                "公司名称",
                "单位名称",
                "工作单位",
                "所在公司",
                "所属公司",
                "企业",
                "企业名称",
                "company",
                "company name",
                "organization",
                "organisation",
                "employer",
                "account",
            ],
            CustomerField::Title => {
                &["职位", "职务", "所属职务", "头衔", "岗位", "title", "job title", "position", "role"]
            }
            CustomerField::Phones => &[
                "电话",
                "手机",
                "联系电话",
                "手机号",
                "手机号码",
                "电话号码",
                "移动电话",
                "固定电话",
                "固话",
                "座机",
                "办公电话",
                "联系方式",
                "phone",
                "phones",
                "mobile",
                "mobile phone",
                "cell",
                "cellphone",
                "telephone",
                "tel",
                "phone number",
                "work phone",
            ],
            CustomerField::Email => {
                &["邮箱", "电子邮件", "电子邮箱", "邮件", "邮箱地址", "email", "mail", "email address"]
            }
            CustomerField::Address => {
                &["地址", "联系地址", "通讯地址", "详细地址", "公司地址", "住址", "address", "postal address"]
            }
            CustomerField::Gender => &["性别", "客户性别", "gender", "sex"],
            CustomerField::Birthday => {
                &["生日", "出生日期", "出生年月日", "birthday", "date of birth", "dob", "birth date"]
            }
            CustomerField::Status => &[
                "客户类型",
                "状态",
                "客户状态",
                "类型",
                "客户阶段",
                "status",
                "customer status",
                "customer type",
                "type",
                "stage",
            ],
            CustomerField::Industry => &["行业", "所属行业", "行业类别", "行业类型", "industry", "sector"],
            CustomerField::Source => &["来源", "客户来源", "渠道", "来源渠道", "source", "lead source", "channel"],
            CustomerField::Grade => {
                &["等级", "客户等级", "级别", "客户级别", "grade", "level", "customer grade", "rating"]
            }
            CustomerField::Tags => &["标签", "客户标签", "tags", "tag", "labels", "label"],
            CustomerField::OwnerEmail => &[
                "负责人",
                "负责人邮箱",
                "所属销售",
                "销售",
                "销售人员",
                "业务员",
                "所属业务员",
                "属于哪个业务员",
                "跟进人",
                "归属人",
                "owner",
                "owner email",
                "sales",
                "salesperson",
                "sales rep",
                "assigned to",
            ],
            CustomerField::NextVisit => &[
                "下次拜访",
                "下次拜访时间",
                "下次拜访日期",
                "下次联系",
                "下次联系时间",
                "下次跟进",
                "下次跟进时间",
                "next visit",
                "next visit date",
                "next contact",
                "next follow up",
                "follow up date",
            ],
            CustomerField::LastContact => &[
                "最后联系时间",
                "最后联系日期",
                "最后联系",
                "上次联系时间",
                "上次联系日期",
                "最近联系时间",
                "last contact",
                "last contacted",
                "last contact date",
                "last contact at",
            ],
            CustomerField::Notes => &[
                "备注",
                "说明",
                "备注信息",
                "描述",
                "notes",
                "note",
                "remark",
                "remarks",
                "comment",
                "comments",
                "memo",
            ],
        }
    }
}

/// Sources offered to a new tenant (来源), which it may edit: reaching out
/// (主动联系), advertising (广告媒体), a friend's referral (朋友介绍).
pub const DEFAULT_SOURCES: &[&str] = &["主动联系", "广告媒体", "朋友介绍"];

/// Fold a header or a cell for matching: half-width, lower case, without
/// bracketed hints and without spaces and `_ - . : *` (which templates and
/// exports sprinkle around words).
fn fold(raw: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in to_half_width(raw).chars() {
        match c {
            '(' | '[' | '【' | '〔' | '<' | '《' => depth += 1,
            ')' | ']' | '】' | '〕' | '>' | '》' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '_' | '-' | '.' | ':' | '*' | '、' | '：') => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Guess, for each column header, which field it fills. Headers are compared
/// after folding (trimmed, case-, width-, spacing- and punctuation-blind,
/// bracketed hints dropped), against [`CustomerField::headers`] and the
/// machine names. A field matches only its first column unless it
/// [accepts many](CustomerField::accepts_many_columns); unknown and later
/// duplicate columns get `None`.
pub fn guess_mapping(headers: &[&str]) -> Vec<Option<CustomerField>> {
    let mut taken: Vec<CustomerField> = Vec::new();
    headers
        .iter()
        .map(|h| {
            let folded = fold(h);
            if folded.is_empty() {
                return None;
            }
            let field = CustomerField::ALL
                .iter()
                .copied()
                .find(|f| fold(f.as_str()) == folded || f.headers().iter().any(|alias| fold(alias) == folded))?;
            if taken.contains(&field) && !field.accepts_many_columns() {
                return None;
            }
            taken.push(field);
            Some(field)
        })
        .collect()
}

/// Why a column with this header cannot be imported, for headers that are
/// known but fill nothing: values the product sets itself (its exports
/// write 创建时间 and 更新时间) and things that are not customer fields
/// (the requirements' 添加时间, 客户照片 and 洽谈过程). `None` for any
/// other header.
pub fn unimportable_column(header: &str) -> Option<&'static str> {
    const SET_BY_SYSTEM: &[&str] =
        &["创建时间", "添加时间", "录入时间", "更新时间", "修改时间", "created at", "updated at", "created", "updated"];
    const NOT_FIELDS: &[(&str, &str)] = &[
        ("客户照片", "photos are uploaded on the customer's page, not imported"),
        ("照片", "photos are uploaded on the customer's page, not imported"),
        ("洽谈过程", "conversations are recorded one by one, not imported with the customer"),
        ("恰谈过程", "conversations are recorded one by one, not imported with the customer"),
        ("洽谈记录", "conversations are recorded one by one, not imported with the customer"),
    ];
    let folded = fold(header);
    if SET_BY_SYSTEM.iter().any(|h| fold(h) == folded) {
        return Some("set by the system; the column is left out");
    }
    NOT_FIELDS.iter().find(|(h, _)| fold(h) == folded).map(|(_, why)| *why)
}

/// Read a date cell that may carry a time of day, as exports write them
/// (`2024-03-05 14:30`) or as Excel stores them (a serial with a fraction):
/// the date as [`parse_date_cell`] reads it, and the time when the cell
/// holds one.
pub fn parse_date_time_cell(raw: &str, field: &str) -> Result<(NaiveDate, Option<NaiveTime>), FieldError> {
    let date = parse_date_cell(raw, field)?;
    let s = to_half_width(raw);
    let s = s.trim();
    let time = if let Some((_, frac)) = s.split_once('.').filter(|(i, f)| {
        !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()) && f.bytes().all(|b| b.is_ascii_digit())
    }) {
        // An Excel serial's fraction is the time of day; to the minute.
        let fraction: f64 = format!("0.{frac}").parse().unwrap_or(0.0);
        let minutes = (fraction * 1440.0).round() as u32;
        NaiveTime::from_hms_opt(minutes / 60 % 24, minutes % 60, 0)
    } else {
        s.split_once(['T', ' ']).and_then(|(_, t)| {
            let t = t.trim();
            NaiveTime::parse_from_str(t, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(t, "%H:%M")).ok()
        })
    };
    Ok((date, time))
}

/// Split a cell holding several values (tags) on `,` `;` `/` `、` `|` or line
/// breaks, full-width too; trims, drops empty parts and repeats.
pub fn split_list(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in to_half_width(cell).split([',', ';', '/', '、', '|', '\n', '\r']) {
        let part = part.trim();
        if !part.is_empty() && !out.iter().any(|p| p == part) {
            out.push(part.to_owned());
        }
    }
    out
}

/// Lenient reading of the customer enums (defined in [`crate::customer`]) from
/// spreadsheet cells and forms: the machine name, the Chinese label or a
/// common synonym in either language.
macro_rules! cell_parse {
    ($name:ident, $what:literal { $( $variant:ident => [$($alias:literal),* $(,)?]; )* }) => {
        impl $name {
            /// Read a cell or input value: the machine name, the Chinese label
            /// or a common synonym in either language, ignoring case, width and
            /// spacing. An empty value is `required`, anything else unknown is
            /// `invalid`.
            pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
                let folded = fold(raw);
                if folded.is_empty() {
                    return Err(FieldError::new(field, "required", concat!("the ", $what, " is required")));
                }
                $(
                    if fold($name::$variant.as_str()) == folded
                        || fold($name::$variant.label_zh()) == folded
                        $(|| fold($alias) == folded)*
                    {
                        return Ok($name::$variant);
                    }
                )*
                Err(FieldError::new(
                    field,
                    "invalid",
                    format!(concat!("`{}` is not a known ", $what, "; use one of {}"), raw.trim(), Self::choices()),
                ))
            }

            fn choices() -> String {
                Self::ALL.iter().map(|v| format!("{} ({})", v.label_zh(), v.as_str())).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

cell_parse! {
    CustomerStatus, "customer status" {
        Prospect => ["准", "潜在客户", "潜在", "potential", "lead"];
        Intent => ["意向", "有意向", "intention", "interested", "opportunity"];
        Paused => ["暂停", "pause", "on hold", "hold", "suspended"];
        Deal => ["成交客户", "已成交", "签约客户", "签约", "won", "closed", "closed won", "signed"];
        Lost => ["流失客户", "已流失", "closed lost", "churned"];
    }
}

cell_parse! {
    Gender, "gender" {
        Male => ["男性", "男士", "先生", "m", "man"];
        Female => ["女性", "女士", "小姐", "f", "woman"];
        Unknown => ["不详", "保密", "其他", "u", "other", "n/a", "na"];
    }
}

cell_parse! {
    Grade, "grade" {
        Normal => ["普通", "一般", "一般客户", "regular", "standard"];
        Vip => ["VIP客户", "重要客户", "重要", "贵宾", "vip customer", "important"];
    }
}

/// Earliest and latest years a date cell may name: older dates are typing
/// errors in a CRM, later ones are garbage or misread numbers.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Read a date cell: `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024年3月5日`,
/// `20240305`, or an Excel serial number (`45356` is 2024-03-05, in Excel's
/// 1900 date system as spreadsheets store it, decimals for the time of day
/// allowed). Serials must have five digits (1927-05-18 to 2173-10-13): a
/// bare year such as `1985` would otherwise be read as a day in 1905. A trailing time (`2024-03-05 14:30`, `2024-03-05T14:30:00`) is
/// accepted and dropped. The year comes first: day-first and month-first
/// forms (`5/3/2024`) are refused because they cannot be told apart.
///
/// An empty cell is `required`; anything else unreadable is `invalid`.
pub fn parse_date_cell(raw: &str, field: &str) -> Result<NaiveDate, FieldError> {
    let s = to_half_width(raw);
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "required", "a date is required"));
    }
    parse_date(s)
        .filter(|d| YEARS.contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| FieldError::new(field, "invalid", format!("`{s}` is not a date; write it like 2024-03-05")))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    // Excel serial, possibly with a fraction for the time of day.
    let whole = match s.split_once('.') {
        Some((int, frac)) if !int.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) => int,
        _ => s,
    };
    if whole.bytes().all(|b| b.is_ascii_digit()) {
        return match whole.len() {
            5 => excel_serial(whole.parse().ok()?),
            8 => NaiveDate::parse_from_str(whole, "%Y%m%d").ok(),
            _ => None,
        };
    }
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    if let Some(t) = time
        && NaiveTime::parse_from_str(t, "%H:%M:%S").is_err()
        && NaiveTime::parse_from_str(t, "%H:%M").is_err()
    {
        return None;
    }
    let numbers: Vec<&str> = date.trim_end_matches('日').split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = numbers.as_slice() else {
        return None;
    };
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    let all_digits = [y, m, d].iter().all(|n| n.bytes().all(|b| b.is_ascii_digit()));
    if !all_digits {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Excel's 1900 date system counts days from 1900-01-01 as 1 but also
/// counts a 29 February 1900 that never was, so from serial 61 (1900-03-01)
/// on, a serial is the number of days after 1899-12-30.
fn excel_serial(serial: u64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn guesses_headers_in_both_languages() {
        use CustomerField as F;
        let cases: &[(&str, Option<F>)] = &[
            ("客户编号", Some(F::Number)),
            ("Customer No.", Some(F::Number)),
            ("姓名", Some(F::Name)),
            ("  客户名称 ", Some(F::Name)),
            ("NAME", Some(F::Name)),
            ("*姓名", Some(F::Name)),
            ("姓名（必填）", Some(F::Name)),
            ("公司", Some(F::Company)),
            ("单位", Some(F::Company)),
            ("Company Name", Some(F::Company)),
            ("职务", Some(F::Title)),
            ("Job Title", Some(F::Title)),
            ("手机", Some(F::Phones)),
            ("电话", Some(F::Phones)),
            ("联系电话", Some(F::Phones)),
            ("Mobile", Some(F::Phones)),
            ("phone", Some(F::Phones)),
            ("邮箱", Some(F::Email)),
            ("电子邮件", Some(F::Email)),
            ("E-mail", Some(F::Email)),
            ("ＥＭＡＩＬ", Some(F::Email)),
            ("地址", Some(F::Address)),
            ("性别", Some(F::Gender)),
            ("Sex", Some(F::Gender)),
            ("生日", Some(F::Birthday)),
            ("出生日期(yyyy-mm-dd)", Some(F::Birthday)),
            ("Date of Birth", Some(F::Birthday)),
            ("客户类型", Some(F::Status)),
            ("状态", Some(F::Status)),
            ("行业", Some(F::Industry)),
            ("来源", Some(F::Source)),
            ("客户来源", Some(F::Source)),
            ("等级", Some(F::Grade)),
            ("标签", Some(F::Tags)),
            ("负责人", Some(F::OwnerEmail)),
            ("owner_email", Some(F::OwnerEmail)),
            ("Owner E-mail", Some(F::OwnerEmail)),
            ("下次拜访", Some(F::NextVisit)),
            ("下次拜访时间", Some(F::NextVisit)),
            ("next_visit", Some(F::NextVisit)),
            ("备注", Some(F::Notes)),
            ("Remarks", Some(F::Notes)),
            // The requirement documents' own names.
            ("所属公司", Some(F::Company)),
            ("所属职务", Some(F::Title)),
            ("行业类型", Some(F::Industry)),
            ("客户性别", Some(F::Gender)),
            ("最后联系日期", Some(F::LastContact)),
            ("所属业务员", Some(F::OwnerEmail)),
            // The product's own export.
            ("最后联系时间", Some(F::LastContact)),
            ("", None),
            ("   ", None),
            ("（空）", None),
            ("序号", None),
            ("No.", None),
            ("微信", None),
            ("QQ", None),
            ("随便什么", None),
        ];
        for (header, want) in cases {
            assert_eq!(guess_mapping(&[header]), vec![*want], "{header}");
        }
    }

    #[test]
    fn every_field_is_found_by_its_label_name_and_every_alias() {
        for &f in CustomerField::ALL {
            assert_eq!(guess_mapping(&[f.label_zh()]), vec![Some(f)]);
            assert_eq!(guess_mapping(&[f.as_str()]), vec![Some(f)]);
            assert_eq!(CustomerField::from_name(f.as_str()), Some(f));
            for alias in f.headers() {
                assert_eq!(guess_mapping(&[alias]), vec![Some(f)], "{alias}");
            }
        }
        assert_eq!(CustomerField::from_name("nope"), None);
    }

    #[test]
    fn no_alias_belongs_to_two_fields() {
        let mut seen: HashMap<String, CustomerField> = HashMap::new();
        for &f in CustomerField::ALL {
            for name in f.headers().iter().chain([&f.as_str()]) {
                if let Some(other) = seen.insert(fold(name), f) {
                    assert_eq!(other, f, "`{name}` is claimed by {other:?} and {f:?}");
                }
            }
        }
    }

    #[test]
    fn unimportable_columns_fill_no_field() {
        for h in ["创建时间", "更新时间", "添加时间", "客户照片", "洽谈过程", "Created At"] {
            assert!(unimportable_column(h).is_some(), "{h}");
            assert_eq!(guess_mapping(&[h]), vec![None], "{h}");
        }
        assert_eq!(unimportable_column("姓名"), None);
    }

    #[test]
    fn date_time_cells() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_date_time_cell("2024-03-05 14:30", "f"), Ok((date(2024, 3, 5), t(14, 30))));
        assert_eq!(parse_date_time_cell("2024-03-05T14:30:00", "f"), Ok((date(2024, 3, 5), t(14, 30))));
        assert_eq!(parse_date_time_cell("2024-03-05", "f"), Ok((date(2024, 3, 5), None)));
        assert_eq!(parse_date_time_cell("45356.5", "f"), Ok((date(2024, 3, 5), t(12, 0))));
        assert_eq!(parse_date_time_cell("45356", "f"), Ok((date(2024, 3, 5), None)));
        assert!(parse_date_time_cell("2024-03-05 25:00", "f").is_err());
    }

    #[test]
    fn a_whole_sheet() {
        use CustomerField as F;
        let headers = ["序号", "姓名", "手机", "电话", "公司", "客户名称", "邮箱", "标签", "标签", "备注", ""];
        assert_eq!(
            guess_mapping(&headers),
            vec![
                None,
                Some(F::Name),
                Some(F::Phones),
                Some(F::Phones),
                Some(F::Company),
                None, // a second name column is left for the user to map
                Some(F::Email),
                Some(F::Tags),
                Some(F::Tags),
                Some(F::Notes),
                None,
            ]
        );
        assert!(guess_mapping(&[]).is_empty());
    }

    #[test]
    fn status_cells() {
        use CustomerStatus as S;
        for (raw, want) in [
            ("准客户", S::Prospect),
            ("prospect", S::Prospect),
            ("Prospect", S::Prospect),
            ("潜在客户", S::Prospect),
            ("意向客户", S::Intent),
            ("意向", S::Intent),
            ("INTENT", S::Intent),
            ("暂停客户", S::Paused),
            ("暂停", S::Paused),
            ("On hold", S::Paused),
            ("成交", S::Deal),
            ("成交客户", S::Deal),
            ("deal", S::Deal),
            ("Won", S::Deal),
            ("流失", S::Lost),
            ("流失客户", S::Lost),
            (" lost ", S::Lost),
        ] {
            assert_eq!(S::parse(raw, "status").ok(), Some(want), "{raw}");
        }
        let err = S::parse("VIP", "rows.3.status").expect_err("not a status");
        assert_eq!((err.field.as_str(), err.reason), ("rows.3.status", "invalid"));
        assert!(err.message.contains("准客户 (prospect)"), "{}", err.message);
        assert_eq!(S::parse(" ", "s").err().map(|e| e.reason), Some("required"));
    }

    #[test]
    fn gender_and_grade_cells() {
        for (raw, want) in [
            ("男", Gender::Male),
            ("male", Gender::Male),
            ("M", Gender::Male),
            ("先生", Gender::Male),
            ("女", Gender::Female),
            ("Female", Gender::Female),
            ("女士", Gender::Female),
            ("ｆ", Gender::Female),
            ("未知", Gender::Unknown),
            ("保密", Gender::Unknown),
            ("unknown", Gender::Unknown),
        ] {
            assert_eq!(Gender::parse(raw, "gender").ok(), Some(want), "{raw}");
        }
        assert_eq!(Gender::parse("男女", "g").err().map(|e| e.reason), Some("invalid"));
        for (raw, want) in [
            ("普通客户", Grade::Normal),
            ("普通", Grade::Normal),
            ("normal", Grade::Normal),
            ("VIP", Grade::Vip),
            ("vip", Grade::Vip),
            ("VIP客户", Grade::Vip),
            ("ＶＩＰ 客户", Grade::Vip),
            ("重要客户", Grade::Vip),
        ] {
            assert_eq!(Grade::parse(raw, "grade").ok(), Some(want), "{raw}");
        }
        assert_eq!(Grade::parse("A", "g").err().map(|e| e.reason), Some("invalid"));
    }

    #[test]
    fn enum_names_and_labels() {
        let names: Vec<_> = CustomerStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["prospect", "intent", "paused", "deal", "lost"]);
        let labels: Vec<_> = CustomerStatus::ALL.iter().map(|s| s.label_zh()).collect();
        assert_eq!(labels, ["准客户", "意向客户", "暂停客户", "成交", "流失"]);
        assert_eq!(Gender::ALL.iter().map(|g| g.as_str()).collect::<Vec<_>>(), ["male", "female", "unknown"]);
        assert_eq!(Gender::ALL.iter().map(|g| g.label_zh()).collect::<Vec<_>>(), ["男", "女", "未知"]);
        assert_eq!(Grade::ALL.iter().map(|g| g.as_str()).collect::<Vec<_>>(), ["normal", "vip"]);
        assert_eq!(Grade::ALL.iter().map(|g| g.label_zh()).collect::<Vec<_>>(), ["普通客户", "VIP"]);
        // Every value reads back from its own name and label.
        for &s in CustomerStatus::ALL {
            assert_eq!(CustomerStatus::parse(s.as_str(), "s").ok(), Some(s));
            assert_eq!(CustomerStatus::parse(s.label_zh(), "s").ok(), Some(s));
        }
        for &g in Gender::ALL {
            assert_eq!(Gender::parse(g.label_zh(), "g").ok(), Some(g));
        }
        for &g in Grade::ALL {
            assert_eq!(Grade::parse(g.label_zh(), "g").ok(), Some(g));
        }
        assert_eq!(CustomerField::OwnerEmail.as_str(), "owner_email");
        assert_eq!(CustomerField::Name.label_zh(), "姓名");
        assert_eq!(CustomerField::Phones.label_zh(), "电话");
    }

    #[test]
    fn date_cells() {
        for (raw, want) in [
            ("2024-03-05", date(2024, 3, 5)),
            ("2024-3-5", date(2024, 3, 5)),
            ("2024/3/5", date(2024, 3, 5)),
            ("2024/03/05", date(2024, 3, 5)),
            ("2024.3.5", date(2024, 3, 5)),
            ("2024年3月5日", date(2024, 3, 5)),
            ("2024年03月05日", date(2024, 3, 5)),
            ("２０２４－０３－０５", date(2024, 3, 5)),
            ("20240305", date(2024, 3, 5)),
            ("45356", date(2024, 3, 5)),
            ("45356.0", date(2024, 3, 5)),
            ("45356.625", date(2024, 3, 5)),
            ("10000", date(1927, 5, 18)),
            ("99999", date(2173, 10, 13)),
            ("2024-03-05 14:30", date(2024, 3, 5)),
            ("2024-03-05 14:30:59", date(2024, 3, 5)),
            ("2024-03-05T14:30:00", date(2024, 3, 5)),
            ("2024/3/5 9:05", date(2024, 3, 5)),
            (" 2000-02-29 ", date(2000, 2, 29)),
        ] {
            assert_eq!(parse_date_cell(raw, "birthday").ok(), Some(want), "{raw}");
        }
        for raw in [
            "5/3/2024",
            "3/5/2024",
            "24-3-5",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-32",
            "2024-03",
            "2024年3月",
            "3月5日",
            "60",
            "0",
            "1985",
            "9999",
            "100000",
            "2024.35",
            "-45356",
            "1899-12-31",
            "3000-01-01",
            "99999999",
            "123456789",
            "2024-03-05 25:00",
            "2024-03-05 下午",
            "2024-03-05-01",
            "yesterday",
            "45356.x",
            ".5",
        ] {
            let err = parse_date_cell(raw, "rows.2.birthday").expect_err(raw);
            assert_eq!((err.field.as_str(), err.reason), ("rows.2.birthday", "invalid"), "{raw}");
        }
        assert_eq!(parse_date_cell("", "d").err().map(|e| e.reason), Some("required"));
    }

    #[test]
    fn lists_in_cells() {
        assert_eq!(split_list("大客户, 北京；重点、大客户 / key account|"), ["大客户", "北京", "重点", "key account"]);
        assert!(split_list(" ，; ").is_empty());
        assert_eq!(DEFAULT_SOURCES, ["主动联系", "广告媒体", "朋友介绍"]);
    }

    proptest! {
        #[test]
        fn every_date_reads_back_in_every_format(days in 0u64..401_000) {
            let d = NaiveDate::from_ymd_opt(1900, 3, 1).expect("date") + Days::new(days);
            prop_assume!(YEARS.contains(&chrono::Datelike::year(&d)));
            let serial = (d - NaiveDate::from_ymd_opt(1899, 12, 30).expect("date")).num_days();
            let mut texts = vec![
                d.format("%Y-%m-%d").to_string(),
                d.format("%Y/%-m/%-d").to_string(),
                d.format("%Y年%-m月%-d日").to_string(),
                d.format("%Y%m%d").to_string(),
                d.format("%Y-%m-%dT08:00:00").to_string(),
            ];
            if (10_000..=99_999).contains(&serial) {
                texts.push(serial.to_string());
                texts.push(format!("{serial}.5"));
            }
            for text in texts {
                prop_assert_eq!(parse_date_cell(&text, "d").ok(), Some(d), "{}", text);
            }
        }

        #[test]
        fn arbitrary_cells_never_panic(raw in "\\PC{0,40}") {
            let _ = parse_date_cell(&raw, "d");
            let _ = CustomerStatus::parse(&raw, "s");
            let _ = guess_mapping(&[raw.as_str()]);
            let _ = split_list(&raw);
        }

        #[test]
        fn headers_survive_decoration(f in 0..CustomerField::ALL.len(), alias in 0usize..20, deco in 0..4usize) {
            let field = CustomerField::ALL[f];
            let name = field.headers()[alias % field.headers().len()];
            let decorated = match deco {
                0 => format!("*{name}"),
                1 => format!(" {} ", name.to_uppercase()),
                2 => format!("{name}（必填）"),
                _ => format!("{name}:"),
            };
            prop_assert_eq!(guess_mapping(&[decorated.as_str()]), vec![Some(field)], "{}", decorated);
        }
    }
}

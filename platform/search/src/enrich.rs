//! Document and query enrichment: the terms both engines index so that a
//! Chinese user finds what they type.
//!
//! Neither engine segments Chinese the way a CRM user searches: Tantivy has
//! no Chinese tokenizer at all and Meilisearch's is prefix-only (小明 does
//! not find 王小明). So the text of a [`Document`] is turned here, once, into
//! plain whitespace-separated terms:
//!
//! - every text is normalised: full-width folded to half-width, lower case,
//!   traditional folded to simplified (張學友 and 张学友 are one term);
//! - runs of Chinese characters give their 1- and 2-grams, so any character
//!   or pair of characters of a name, company or address is a term;
//! - names and companies give their full pinyin, their initials, and the
//!   pinyin of each character and pair (王小明: `wangxiaoming`, `wxm`,
//!   `xiaoming`, `xm`, `wang`...), the common polyphonic surnames read as
//!   surnames when they come first (单 shan, 曾 zeng, 区 ou);
//! - phones give their digits and every suffix of 4 digits or more;
//! - custom values give a `key:value` term beside their words.
//!
//! The query goes through the same normalisation ([`parse_query`]), so both
//! sides meet on the same terms. Everything here is pure.

use std::collections::BTreeMap;

use pinyin::ToPinyin;

use crate::{Document, EntityKind, SearchField};

/// The marker of a name's surname term (`^王`): lets 王总 find the 王s
/// before the 汪王s. Never produced from query text, where `^` is dropped.
pub const SURNAME_MARK: char = '^';

/// Compound surnames, read as one surname when a name starts with them,
/// with their pinyin.
const COMPOUND_SURNAMES: &[(&str, &str)] = &[
    ("欧阳", "ouyang"),
    ("司马", "sima"),
    ("上官", "shangguan"),
    ("诸葛", "zhuge"),
    ("尉迟", "yuchi"),
    ("长孙", "zhangsun"),
    ("万俟", "moqi"),
    ("单于", "chanyu"),
    ("令狐", "linghu"),
    ("皇甫", "huangfu"),
    ("公孙", "gongsun"),
    ("慕容", "murong"),
    ("东方", "dongfang"),
    ("夏侯", "xiahou"),
    ("宇文", "yuwen"),
    ("澹台", "tantai"),
    ("司徒", "situ"),
    ("司空", "sikong"),
    ("轩辕", "xuanyuan"),
    ("端木", "duanmu"),
    ("呼延", "huyan"),
    ("南宫", "nangong"),
    ("西门", "ximen"),
    ("百里", "baili"),
    ("闻人", "wenren"),
    ("赫连", "helian"),
    ("申屠", "shentu"),
    ("公冶", "gongye"),
    ("太史", "taishi"),
    ("仲孙", "zhongsun"),
    ("钟离", "zhongli"),
    ("宗政", "zongzheng"),
    ("濮阳", "puyang"),
    ("淳于", "chunyu"),
    ("拓跋", "tuoba"),
];

/// Single-character surnames whose reading as a surname differs from the
/// character's most common reading (the one the `pinyin` crate gives).
const POLYPHONIC_SURNAMES: &[(char, &str)] = &[
    ('单', "shan"),
    ('曾', "zeng"),
    ('区', "ou"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('朴', "piao"),
    ('查', "zha"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('万', "wan"),
    ('覃', "qin"),
    ('翟', "zhai"),
    ('缪', "miao"),
    ('秘', "bi"),
    ('繁', "po"),
    ('员', "yun"),
    ('黑', "he"),
    ('种', "chong"),
    ('折', "she"),
    ('召', "shao"),
    ('尉', "wei"),
    ('重', "chong"),
    ('柏', "bai"),
    ('薄', "bo"),
    ('便', "pian"),
    ('句', "gou"),
    ('隗', "wei"),
    ('冼', "xian"),
    ('谌', "chen"),
    ('那', "na"),
    ('沈', "shen"),
    ('长', "chang"),
    ('朝', "chao"),
    ('宿', "su"),
    ('車', "che"),
    ('车', "che"),
    ('任', "ren"),
    ('华', "hua"),
    ('纪', "ji"),
    ('祭', "zhai"),
    ('过', "guo"),
    ('能', "nai"),
    ('卜', "bu"),
    ('相', "xiang"),
    ('蕃', "pi"),
    ('藏', "zang"),
    ('曲', "qu"),
    ('贲', "ben"),
    ('奇', "ji"),
    ('应', "ying"),
    ('陆', "lu"),
    ('石', "shi"),
    ('宁', "ning"),
    ('莘', "shen"),
    ('阿', "a"),
];

/// Words of company names and addresses whose characters are read
/// otherwise than alone (行 xing, but 银行 yinhang).
const PHRASES: &[(&str, [&str; 2])] = &[
    ("银行", ["yin", "hang"]),
    ("行业", ["hang", "ye"]),
    ("商行", ["shang", "hang"]),
    ("车行", ["che", "hang"]),
    ("琴行", ["qin", "hang"]),
    ("分行", ["fen", "hang"]),
    ("支行", ["zhi", "hang"]),
    ("总行", ["zong", "hang"]),
    ("重庆", ["chong", "qing"]),
    ("长沙", ["chang", "sha"]),
    ("长春", ["chang", "chun"]),
    ("长城", ["chang", "cheng"]),
    ("长江", ["chang", "jiang"]),
    ("长安", ["chang", "an"]),
    ("成长", ["cheng", "zhang"]),
    ("增长", ["zeng", "zhang"]),
    ("厦门", ["xia", "men"]),
    ("大厦", ["da", "sha"]),
    ("音乐", ["yin", "yue"]),
    ("乐器", ["yue", "qi"]),
    ("会计", ["kuai", "ji"]),
    ("调查", ["diao", "cha"]),
    ("调研", ["diao", "yan"]),
    ("朝阳", ["chao", "yang"]),
    ("重工", ["zhong", "gong"]),
    ("传媒", ["chuan", "mei"]),
    ("传播", ["chuan", "bo"]),
    ("供应", ["gong", "ying"]),
    ("应用", ["ying", "yong"]),
    ("单位", ["dan", "wei"]),
    ("数据", ["shu", "ju"]),
    ("都市", ["du", "shi"]),
    ("首都", ["shou", "du"]),
    ("成都", ["cheng", "du"]),
    ("广东", ["guang", "dong"]),
    ("地质", ["di", "zhi"]),
    ("还原", ["huan", "yuan"]),
    ("便利", ["bian", "li"]),
    ("着陆", ["zhuo", "lu"]),
    ("藏族", ["zang", "zu"]),
    ("西藏", ["xi", "zang"]),
    ("曾经", ["ceng", "jing"]),
    ("觉得", ["jue", "de"]),
    ("睡觉", ["shui", "jiao"]),
    ("发行", ["fa", "xing"]),
    ("强大", ["qiang", "da"]),
    ("模型", ["mo", "xing"]),
    ("模具", ["mu", "ju"]),
    ("处理", ["chu", "li"]),
];

/// Runs longer than this (addresses, prose) get no pinyin suffix terms.
const MAX_PINYIN_RUN: usize = 24;

/// Honorifics a user types after a surname (王总, 李经理): the query looks
/// for the surname at the start of a name.
const HONORIFICS: &[&str] =
    &["总经理", "董事长", "经理", "主任", "老板", "老师", "先生", "女士", "小姐", "师傅", "总", "工", "董", "姐", "哥"];

/// Whether a character is a Chinese character (CJK unified ideographs and
/// their extensions, compatibility ideographs, 〇).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{20000}'..='\u{2EBEF}'
        | '\u{30000}'..='\u{3134F}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{3007}')
}

/// Folds one character's width and case, keeping one character for one
/// (so that positions in a normalised text are positions in the raw text,
/// which the highlighter relies on).
fn fold_char(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Normalises text: half-width, lower case, simplified Chinese. The result
/// has exactly as many characters as the input.
pub fn normalize(text: &str) -> String {
    let folded: String = text.chars().map(fold_char).collect();
    if folded.chars().any(is_cjk) {
        // fast2s maps one character to one character (with a look at its
        // neighbours for the few ambiguous ones).
        fast2s::convert(&folded)
    } else {
        folded
    }
}

/// A piece of normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A run of Chinese characters.
    Cjk(String),
    /// A run of letters and digits with at least one letter.
    Word(String),
    /// A run of digits.
    Digits(String),
}

/// Splits normalised text into runs of Chinese characters, words and
/// numbers; everything else (punctuation, operators, quotes) separates.
pub fn segments(normalized: &str) -> Vec<Segment> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Cjk,
        Alnum,
        Other,
    }
    let class = |c: char| {
        if is_cjk(c) {
            Class::Cjk
        } else if c.is_alphanumeric() {
            Class::Alnum
        } else {
            Class::Other
        }
    };
    let mut out = Vec::new();
    let mut current = String::new();
    let mut current_class = Class::Other;
    let flush = |buf: &mut String, cls: Class, out: &mut Vec<Segment>| {
        if buf.is_empty() {
            return;
        }
        let text = std::mem::take(buf);
        match cls {
            Class::Cjk => out.push(Segment::Cjk(text)),
            Class::Alnum if text.chars().all(|c| c.is_ascii_digit()) => out.push(Segment::Digits(text)),
            Class::Alnum => out.push(Segment::Word(text)),
            Class::Other => {}
        }
    };
    for c in normalized.chars() {
        let cls = class(c);
        if cls != current_class {
            flush(&mut current, current_class, &mut out);
            current_class = cls;
        }
        if cls != Class::Other {
            current.push(c);
        }
    }
    flush(&mut current, current_class, &mut out);
    out
}

/// The pinyin (without tone) of one simplified character, if it has one.
pub fn char_pinyin(c: char) -> Option<&'static str> {
    c.to_pinyin().map(|p| p.plain())
}

/// The pinyin of each character of a run of Chinese characters; characters
/// without a reading are `None`. With `surname`, a leading surname is read
/// as one (单 shan, 尉迟 yuchi).
pub fn run_pinyin(run: &[char], surname: bool) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = run.iter().map(|&c| char_pinyin(c).map(str::to_owned)).collect();
    for i in 0..run.len().saturating_sub(1) {
        let pair: String = run[i..i + 2].iter().collect();
        if let Some((_, py)) = PHRASES.iter().find(|(p, _)| *p == pair) {
            out[i] = Some(py[0].to_owned());
            out[i + 1] = Some(py[1].to_owned());
        }
    }
    if surname && !run.is_empty() {
        let (len, _) = surname_of(run);
        if len == 2 {
            let first: String = run[..2].iter().collect();
            if let Some((_, py)) = COMPOUND_SURNAMES.iter().find(|(s, _)| *s == first) {
                // Split the compound's pinyin over its two characters at the
                // second character's own reading when it is a suffix.
                let second = out[1].clone().unwrap_or_default();
                let split = if py.ends_with(second.as_str()) && !second.is_empty() {
                    py.len() - second.len()
                } else {
                    py.len() / 2
                };
                out[0] = Some(py[..split].to_owned());
                out[1] = Some(py[split..].to_owned());
            }
        } else if let Some((_, py)) = POLYPHONIC_SURNAMES.iter().find(|(c, _)| *c == run[0]) {
            out[0] = Some((*py).to_owned());
        }
    }
    out
}

/// The length (1 or 2 characters) of the surname a name starts with, and
/// whether it is a known compound surname.
pub fn surname_of(name: &[char]) -> (usize, bool) {
    if name.len() >= 3 || name.len() == 2 {
        let first: String = name[..2].iter().collect();
        if COMPOUND_SURNAMES.iter().any(|(s, _)| *s == first) {
            return (2, true);
        }
    }
    (usize::from(!name.is_empty()), false)
}

/// 1- and 2-grams of a run of Chinese characters (the run itself when it is
/// one character).
pub fn ngrams(run: &[char], out: &mut Vec<String>) {
    for (i, c) in run.iter().enumerate() {
        out.push(c.to_string());
        if let Some(next) = run.get(i + 1) {
            out.push([*c, *next].iter().collect());
        }
    }
}

/// Pinyin terms of a run: full pinyin and initials of the run, the pinyin
/// of each character and of each pair, and, for a person's name, of the
/// given name alone.
fn pinyin_terms(run: &[char], person: bool, out: &mut Vec<String>) {
    let syllables = run_pinyin(run, person);
    if syllables.iter().any(Option::is_none) {
        // A character without a reading splits the run.
        let mut start = 0;
        for (i, s) in syllables.iter().enumerate() {
            if s.is_none() {
                if i > start {
                    pinyin_terms(&run[start..i], person && start == 0, out);
                }
                start = i + 1;
            }
        }
        if start < run.len() && start > 0 {
            pinyin_terms(&run[start..], false, out);
        }
        return;
    }
    let syllables: Vec<String> = syllables.into_iter().flatten().collect();
    let initials = |s: &[String]| s.iter().filter_map(|p| p.chars().next()).collect::<String>();
    out.push(syllables.concat());
    if syllables.len() > 1 {
        out.push(initials(&syllables));
    }
    for (i, s) in syllables.iter().enumerate() {
        out.push(s.clone());
        if let Some(next) = syllables.get(i + 1) {
            out.push(format!("{s}{next}"));
        }
        // The pinyin from each character on: a prefix query then finds any
        // infix typed in pinyin (baiyunshan in 广州白云山制药).
        if i > 0 && i + 2 < syllables.len() && syllables.len() <= MAX_PINYIN_RUN {
            out.push(syllables[i..].concat());
            out.push(initials(&syllables[i..]));
        }
    }
    if person && run.len() >= 2 {
        let (len, _) = surname_of(run);
        let given = &syllables[len..];
        if given.len() > 1 {
            out.push(given.concat());
            out.push(initials(given));
        }
        // Surname pinyin followed by the given name's initials (wangxm) and
        // the other way round (wxiaoming), as phone keyboards suggest them.
        let surname = syllables[..len].concat();
        out.push(format!("{surname}{}", initials(given)));
        out.push(format!("{}{}", initials(&syllables[..len]), given.concat()));
    }
}

/// Digits of a phone number: digits only, without a Chinese country code.
pub fn phone_digits(text: &str) -> String {
    let digits: String = normalize(text).chars().filter(char::is_ascii_digit).collect();
    strip_country_code(&digits).to_owned()
}

fn strip_country_code(digits: &str) -> &str {
    if let Some(rest) = digits.strip_prefix("0086") {
        return rest;
    }
    if digits.len() == 13
        && let Some(rest) = digits.strip_prefix("86")
        && rest.starts_with('1')
    {
        return rest;
    }
    digits
}

/// Whether query text looks like a phone number (digits with the usual
/// separators, at least 3 digits): it is then matched as digits only.
pub fn is_phone_shaped(text: &str) -> bool {
    let text = normalize(text);
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    digits >= 3 && text.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')' | '.'))
}

/// Index terms of a phone number: the digits and every suffix of 4 or more.
pub fn phone_terms(text: &str, out: &mut Vec<String>) {
    let digits = phone_digits(text);
    if digits.is_empty() {
        return;
    }
    for start in 0..digits.len() {
        if digits.len() - start < 4 && start > 0 {
            break;
        }
        out.push(digits[start..].to_owned());
    }
}

/// Index terms of an e-mail address: the address, its local part, its
/// domain and its words.
pub fn email_terms(text: &str, out: &mut Vec<String>) {
    let norm = normalize(text.trim());
    if norm.is_empty() {
        return;
    }
    out.push(norm.replace(char::is_whitespace, ""));
    if let Some((local, domain)) = norm.split_once('@') {
        out.push(local.to_owned());
        out.push(domain.to_owned());
    }
    text_terms(&norm, false, false, out);
}

/// Index terms of free text: n-grams of Chinese runs (and, when asked,
/// their pinyin), words and numbers.
pub fn text_terms(text: &str, pinyin: bool, person: bool, out: &mut Vec<String>) {
    let norm = normalize(text);
    let mut first_run = true;
    for seg in segments(&norm) {
        match seg {
            Segment::Cjk(run) => {
                let chars: Vec<char> = run.chars().collect();
                ngrams(&chars, out);
                if person && first_run {
                    let (len, _) = surname_of(&chars);
                    let surname: String = chars[..len].iter().collect();
                    out.push(format!("{SURNAME_MARK}{surname}"));
                }
                if pinyin {
                    pinyin_terms(&chars, person && first_run, out);
                }
                first_run = false;
            }
            Segment::Word(w) | Segment::Digits(w) => out.push(w),
        }
    }
}

/// Index terms of one custom value, written by the caller as `key:value`:
/// the `key:value` term (spaces as `_`) and the words of the value.
pub fn custom_terms(text: &str, out: &mut Vec<String>) {
    let norm = normalize(text.trim());
    match norm.split_once(':') {
        Some((key, value)) => {
            let key = key.trim();
            let value = value.trim();
            if !key.is_empty() {
                out.push(format!("{key}:{}", value.split_whitespace().collect::<Vec<_>>().join("_")));
                text_terms(key, false, false, out);
            }
            text_terms(value, true, false, out);
        }
        None => text_terms(&norm, true, false, out),
    }
}

/// The index terms of one field's values.
pub fn field_terms(kind: EntityKind, field: SearchField, values: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for value in values {
        match field {
            SearchField::Phone => phone_terms(value, &mut out),
            SearchField::Email => email_terms(value, &mut out),
            SearchField::Custom => custom_terms(value, &mut out),
            SearchField::Name => text_terms(value, true, kind == EntityKind::Customer, &mut out),
            SearchField::Owner => text_terms(value, true, true, &mut out),
            SearchField::Company | SearchField::Labels => text_terms(value, true, false, &mut out),
            SearchField::Title | SearchField::Address | SearchField::Content => {
                text_terms(value, false, false, &mut out);
            }
        }
    }
    // Whitespace separates terms in both engines.
    out.retain(|t| !t.is_empty() && !t.contains(char::is_whitespace));
    out
}

/// A document's index terms, per field.
pub fn document_terms(doc: &Document) -> BTreeMap<SearchField, Vec<String>> {
    doc.text
        .iter()
        .map(|(field, values)| (*field, field_terms(doc.kind, *field, values)))
        .filter(|(_, terms)| !terms.is_empty())
        .collect()
}

/// One piece of a query: every piece must match (in some field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryPart {
    /// Chinese characters: its 1-gram (one character) or all its 2-grams.
    Cjk {
        /// The run, normalised.
        run: String,
        /// The terms that must all be present.
        grams: Vec<String>,
    },
    /// A surname and an honorific (王总): names starting with the surname.
    Surname {
        /// The surname.
        surname: String,
        /// The honorific as typed (matched in titles as a bonus).
        honorific: String,
    },
    /// A Latin word (pinyin, initials, English): exact, prefix, or with one
    /// typo when 5 characters or longer.
    Word(String),
    /// A number: phone digits (suffixes) or a number in the text.
    Digits(String),
}

/// A query's text, normalised and cut into parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The parts; empty when the text has no searchable characters.
    pub parts: Vec<QueryPart>,
}

impl ParsedQuery {
    /// Whether the query has no text to match (filters only).
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The parts as space-separated terms (for engines that take text).
    pub fn terms(&self) -> Vec<String> {
        let mut out = Vec::new();
        for part in &self.parts {
            match part {
                QueryPart::Cjk { grams, .. } => out.extend(grams.iter().cloned()),
                QueryPart::Surname { surname, .. } => out.push(surname.clone()),
                QueryPart::Word(w) | QueryPart::Digits(w) => out.push(w.clone()),
            }
        }
        out
    }
}

/// Cuts a query's text into parts, normalised as documents are. The text
/// is only ever text: quotes, `OR`, brackets, `field:` are separators or
/// words, never operators.
pub fn parse_query(text: &str) -> ParsedQuery {
    if is_phone_shaped(text) {
        let digits = phone_digits(text);
        return ParsedQuery { parts: vec![QueryPart::Digits(digits)] };
    }
    let norm = normalize(text);
    let mut parts = Vec::new();
    for seg in segments(&norm) {
        match seg {
            Segment::Cjk(run) => {
                if let Some(part) = surname_query(&run) {
                    parts.push(part);
                    continue;
                }
                let chars: Vec<char> = run.chars().collect();
                let grams = if chars.len() == 1 {
                    vec![run.clone()]
                } else {
                    let mut grams: Vec<String> = Vec::new();
                    for w in chars.windows(2) {
                        let gram: String = w.iter().collect();
                        if !grams.contains(&gram) {
                            grams.push(gram);
                        }
                    }
                    grams
                };
                parts.push(QueryPart::Cjk { run, grams });
            }
            Segment::Word(w) => parts.push(QueryPart::Word(w)),
            Segment::Digits(d) => parts.push(QueryPart::Digits(d)),
        }
    }
    parts.dedup();
    ParsedQuery { parts }
}

/// 王总, 李经理, 欧阳先生: a surname followed by an honorific.
fn surname_query(run: &str) -> Option<QueryPart> {
    for honorific in HONORIFICS {
        if let Some(surname) = run.strip_suffix(honorific) {
            let chars: Vec<char> = surname.chars().collect();
            let is_surname = match chars.len() {
                1 => true,
                2 => surname_of(&chars) == (2, true),
                _ => false,
            };
            if is_surname {
                return Some(QueryPart::Surname { surname: surname.to_owned(), honorific: (*honorific).to_owned() });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(kind: EntityKind, field: SearchField, value: &str) -> Vec<String> {
        field_terms(kind, field, &[value.to_owned()])
    }

    fn has(terms: &[String], t: &str) -> bool {
        terms.iter().any(|x| x == t)
    }

    #[test]
    fn normalises_width_case_and_script() {
        assert_eq!(normalize("ＡＢＣ１２３"), "abc123");
        assert_eq!(normalize("張學友"), "张学友");
        assert_eq!(normalize("IBM 中國"), "ibm 中国");
        assert_eq!(normalize("張學友").chars().count(), 3);
    }

    #[test]
    fn names_give_ngrams_pinyin_and_initials() {
        let t = terms(EntityKind::Customer, SearchField::Name, "王小明");
        for want in ["王", "小", "明", "王小", "小明", "wangxiaoming", "wxm", "xiaoming", "xm", "wang", "^王", "wangxm"]
        {
            assert!(has(&t, want), "{want} missing from {t:?}");
        }
    }

    #[test]
    fn polyphonic_and_compound_surnames() {
        let t = terms(EntityKind::Customer, SearchField::Name, "单田芳");
        assert!(has(&t, "shantianfang"), "{t:?}");
        assert!(has(&t, "stf"));
        let t = terms(EntityKind::Customer, SearchField::Name, "曾志伟");
        assert!(has(&t, "zengzhiwei"), "{t:?}");
        let t = terms(EntityKind::Customer, SearchField::Name, "区家明");
        assert!(has(&t, "oujiaming"), "{t:?}");
        let t = terms(EntityKind::Customer, SearchField::Name, "尉迟恭");
        assert!(has(&t, "yuchigong"), "{t:?}");
        assert!(has(&t, "^尉迟"));
        assert!(has(&t, "ycg"));
        // Only a leading surname is read as one.
        let t = terms(EntityKind::Customer, SearchField::Company, "单位");
        assert!(has(&t, "danwei"), "{t:?}");
    }

    #[test]
    fn companies_give_infix_terms() {
        let t = terms(EntityKind::Customer, SearchField::Company, "中国农业发展银行");
        assert!(has(&t, "农业"));
        assert!(has(&t, "nongye"));
        assert!(has(&t, "zhongguonongyefazhanyinhang"));
        assert!(has(&t, "zgnyfzyh"));
    }

    #[test]
    fn traditional_names_fold() {
        let t = terms(EntityKind::Customer, SearchField::Name, "張學友");
        assert!(has(&t, "张学友".chars().take(2).collect::<String>().as_str()));
        assert!(has(&t, "zhangxueyou"));
    }

    #[test]
    fn phones_give_digits_and_suffixes() {
        let t = terms(EntityKind::Customer, SearchField::Phone, "+86 138-0013-1234");
        assert!(has(&t, "13800131234"), "{t:?}");
        assert!(has(&t, "1234"));
        assert!(has(&t, "31234"));
        assert!(!has(&t, "234"));
        assert_eq!(phone_digits("(010) 6552-8888"), "01065528888");
    }

    #[test]
    fn custom_values_give_key_value_terms() {
        let t = terms(EntityKind::Customer, SearchField::Custom, "来源渠道: 展会 广州");
        assert!(has(&t, "来源渠道:展会_广州"), "{t:?}");
        assert!(has(&t, "展会"));
    }

    #[test]
    fn emails_give_parts() {
        let t = terms(EntityKind::Customer, SearchField::Email, "Li.Si@Example.COM");
        assert!(has(&t, "li.si@example.com"));
        assert!(has(&t, "example.com"));
        assert!(has(&t, "example"));
    }

    #[test]
    fn queries_are_text_only() {
        let q = parse_query("\"a\" OR tenant_id = x (owner:b)");
        let words: Vec<QueryPart> =
            ["a", "or", "tenant", "id", "x", "owner", "b"].iter().map(|w| QueryPart::Word((*w).into())).collect();
        assert_eq!(q.parts, words);
    }

    #[test]
    fn phone_shaped_queries_are_digits() {
        assert_eq!(parse_query("138-0013-1234").parts, vec![QueryPart::Digits("13800131234".into())]);
        assert_eq!(parse_query("1234").parts, vec![QueryPart::Digits("1234".into())]);
    }

    #[test]
    fn surname_and_honorific() {
        assert_eq!(
            parse_query("王总").parts,
            vec![QueryPart::Surname { surname: "王".into(), honorific: "总".into() }]
        );
        let q = parse_query("中國農業");
        assert_eq!(
            q.parts,
            vec![QueryPart::Cjk {
                run: "中国农业".into(), grams: vec!["中国".into(), "国农".into(), "农业".into()]
            }]
        );
    }
}

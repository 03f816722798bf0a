//! Highlighting, the same for every engine: matches of a parsed query in a
//! field's raw text between `<em>` and `</em>`, everything else
//! HTML-escaped.
//!
//! Engines match enriched terms (n-grams, pinyin, phone suffixes), which
//! their own highlighters cannot map back to the raw text; this module
//! does, on the raw text as the user wrote it (traditional characters and
//! full-width letters stay as written: normalisation keeps one character
//! for one).

use crate::SearchField;
use crate::enrich::{self, ParsedQuery, QueryPart, is_cjk};

/// Raw text longer than this is cut to a fragment around the first match.
const FRAGMENT_CHARS: usize = 80;

/// The highlighted text of one value, or `None` when the query matches
/// nothing in it.
pub fn highlight(field: SearchField, raw: &str, query: &ParsedQuery) -> Option<String> {
    let raw_chars: Vec<char> = raw.chars().collect();
    let norm: Vec<char> = enrich::normalize(raw).chars().collect();
    if norm.len() != raw_chars.len() || query.is_empty() {
        return None;
    }
    let mut marks = vec![false; norm.len()];
    let person = matches!(field, SearchField::Name | SearchField::Owner);
    for part in &query.parts {
        match part {
            QueryPart::Cjk { run, grams } => {
                let run: Vec<char> = run.chars().collect();
                if !mark_all(&norm, &run, &mut marks) {
                    for gram in grams {
                        let gram: Vec<char> = gram.chars().collect();
                        mark_all(&norm, &gram, &mut marks);
                    }
                }
            }
            QueryPart::Surname { surname, .. } => {
                let surname: Vec<char> = surname.chars().collect();
                if field == SearchField::Name && norm.starts_with(&surname) {
                    marks[..surname.len()].iter_mut().for_each(|m| *m = true);
                }
            }
            QueryPart::Word(word) => {
                let word: Vec<char> = word.chars().collect();
                if !mark_words(&norm, &word, &mut marks) {
                    mark_pinyin(&norm, &word, person, &mut marks);
                }
            }
            QueryPart::Digits(digits) => {
                let digits: Vec<char> = digits.chars().collect();
                if field == SearchField::Phone {
                    mark_digits(&norm, &digits, &mut marks);
                } else {
                    mark_all(&norm, &digits, &mut marks);
                }
            }
        }
    }
    let first = marks.iter().position(|m| *m)?;
    let (start, end) = if raw_chars.len() > FRAGMENT_CHARS {
        let start = first.saturating_sub(20);
        (start, (start + FRAGMENT_CHARS).min(raw_chars.len()))
    } else {
        (0, raw_chars.len())
    };
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut open = false;
    for i in start..end {
        if marks[i] && !open {
            out.push_str("<em>");
            open = true;
        } else if !marks[i] && open {
            out.push_str("</em>");
            open = false;
        }
        escape(raw_chars[i], &mut out);
    }
    if open {
        out.push_str("</em>");
    }
    if end < raw_chars.len() {
        out.push('…');
    }
    Some(out)
}

/// HTML-escapes one character.
pub fn escape(c: char, out: &mut String) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

fn mark_all(hay: &[char], needle: &[char], marks: &mut [bool]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    let mut found = false;
    for i in 0..=hay.len() - needle.len() {
        if hay[i..i + needle.len()] == *needle {
            marks[i..i + needle.len()].iter_mut().for_each(|m| *m = true);
            found = true;
        }
    }
    found
}

/// Latin words: a word of the text that starts with the query word, or
/// (5 characters or more) is one edit away from it.
fn mark_words(hay: &[char], word: &[char], marks: &mut [bool]) -> bool {
    let mut found = false;
    let mut i = 0;
    while i < hay.len() {
        if !hay[i].is_alphanumeric() || is_cjk(hay[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < hay.len() && hay[i].is_alphanumeric() && !is_cjk(hay[i]) {
            i += 1;
        }
        let w = &hay[start..i];
        if w.starts_with(word) {
            marks[start..start + word.len()].iter_mut().for_each(|m| *m = true);
            found = true;
        } else if word.len() >= 5 && within_one_edit(w, word) {
            marks[start..i].iter_mut().for_each(|m| *m = true);
            found = true;
        }
    }
    found
}

/// Whether two words are at most one edit (insertion, deletion,
/// substitution or transposition) apart, or `word` is one edit from a
/// prefix of `w`.
fn within_one_edit(w: &[char], word: &[char]) -> bool {
    let (a, b) = (w, word);
    if a.len().abs_diff(b.len()) > 1 {
        // A typo in a prefix: compare with the prefix of the same length.
        return a.len() > b.len() && within_one_edit(&a[..b.len()], b);
    }
    let mut i = 0;
    while i < a.len().min(b.len()) && a[i] == b[i] {
        i += 1;
    }
    if i == a.len().min(b.len()) {
        return true;
    }
    a[i + 1..] == b[i + 1..]
        || a[i..] == b[i + 1..]
        || a[i + 1..] == b[i..]
        || (i + 1 < a.len() && i + 1 < b.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
}

/// Pinyin or initials typed for Chinese characters: marks the characters
/// they spell.
fn mark_pinyin(hay: &[char], word: &[char], person: bool, marks: &mut [bool]) {
    let word: String = word.iter().collect();
    let mut i = 0;
    while i < hay.len() {
        if !is_cjk(hay[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < hay.len() && is_cjk(hay[i]) {
            i += 1;
        }
        let run = &hay[start..i];
        if run.len() > 40 {
            continue;
        }
        let syllables = enrich::run_pinyin(run, person && start == 0);
        for from in 0..run.len() {
            if let Some(len) = spells(&syllables[from..], &word) {
                marks[start + from..start + from + len].iter_mut().for_each(|m| *m = true);
                break;
            }
        }
    }
}

/// How many characters `word` spells from the start of `syllables`: as
/// full pinyin (the last syllable may be a prefix), or as initials.
fn spells(syllables: &[Option<String>], word: &str) -> Option<usize> {
    let mut rest = word;
    let mut n = 0;
    for s in syllables {
        let Some(s) = s else { break };
        if rest.is_empty() {
            break;
        }
        if let Some(r) = rest.strip_prefix(s.as_str()) {
            rest = r;
            n += 1;
        } else if s.starts_with(rest) && rest.len() >= 2.min(s.len()) {
            rest = "";
            n += 1;
        } else {
            break;
        }
    }
    if rest.is_empty() && n > 0 {
        return Some(n);
    }
    let initials: Vec<char> = syllables.iter().map_while(|s| s.as_ref().and_then(|s| s.chars().next())).collect();
    let w: Vec<char> = word.chars().collect();
    (w.len() >= 2 && initials.starts_with(&w)).then_some(w.len())
}

/// Phone digits: the query digits found in the text's digits, whatever
/// separators stand between them.
fn mark_digits(hay: &[char], digits: &[char], marks: &mut [bool]) {
    let positions: Vec<usize> = hay.iter().enumerate().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
    let only: Vec<char> = positions.iter().map(|&i| hay[i]).collect();
    if digits.is_empty() || digits.len() > only.len() {
        return;
    }
    // The last occurrence: suffix search is what phone queries are for.
    for i in (0..=only.len() - digits.len()).rev() {
        if only[i..i + digits.len()] == *digits {
            for &p in &positions[i..i + digits.len()] {
                marks[p] = true;
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::parse_query;

    fn hl(field: SearchField, raw: &str, q: &str) -> Option<String> {
        highlight(field, raw, &parse_query(q))
    }

    #[test]
    fn marks_chinese_fragments() {
        assert_eq!(hl(SearchField::Company, "中国农业发展银行", "农业").as_deref(), Some("中国<em>农业</em>发展银行"));
        assert_eq!(hl(SearchField::Name, "張學友", "张学友").as_deref(), Some("<em>張學友</em>"));
    }

    #[test]
    fn marks_pinyin_initials_and_digits() {
        assert_eq!(hl(SearchField::Name, "王小明", "wxm").as_deref(), Some("<em>王小明</em>"));
        assert_eq!(hl(SearchField::Name, "王小明", "xiaoming").as_deref(), Some("王<em>小明</em>"));
        assert_eq!(hl(SearchField::Phone, "138-0013-1234", "1234").as_deref(), Some("138-0013-<em>1234</em>"));
    }

    #[test]
    fn escapes_html_and_marks_typos() {
        assert_eq!(
            hl(SearchField::Company, "<b>Acme</b> & Microsoft", "microsft").as_deref(),
            Some("&lt;b&gt;Acme&lt;/b&gt; &amp; <em>Microsoft</em>")
        );
        assert_eq!(hl(SearchField::Company, "Acme", "zzz"), None);
    }
}

//! A minimal phone normaliser for customer records.
//!
//! Kept private to the customers module on purpose: a shared normaliser in
//! `guanxi-core` can replace [`normalise_customer_phone`] without changing
//! anything else here.

/// Normalise one phone number, or `None` when it is not one.
///
/// - Spaces, hyphens and parentheses are dropped.
/// - A Chinese mobile (after an optional `+86`/`0086`) must be 11 digits
///   starting with `1[3-9]`, and is stored bare: `+86 138-0013-8000` →
///   `13800138000`. Any other 11-digit number starting with `1` is refused
///   as a mistyped mobile.
/// - Anything else is a landline or international number: an optional
///   leading `+` and 5 to 20 digits, stored as given (`010 8888 6666` →
///   `01088886666`, `+49 30 1234567` → `+49301234567`).
pub(crate) fn normalise_customer_phone(raw: &str) -> Option<String> {
    let s: String = raw.trim().chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '\u{3000}')).collect();
    let (plus, digits) = match s.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let national = if plus { digits.strip_prefix("86") } else { digits.strip_prefix("0086") };
    if let Some(n) = national.filter(|n| n.len() == 11 && n.starts_with('1')) {
        return is_mobile(n).then(|| n.to_owned());
    }
    if !plus && digits.len() == 11 && digits.starts_with('1') {
        return is_mobile(digits).then(|| digits.to_owned());
    }
    if !(5..=20).contains(&digits.len()) {
        return None;
    }
    Some(if plus { format!("+{digits}") } else { digits.to_owned() })
}

fn is_mobile(n: &str) -> bool {
    n.len() == 11 && n.starts_with('1') && matches!(n.as_bytes()[1], b'3'..=b'9')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        let n = |s: &str| normalise_customer_phone(s);
        assert_eq!(n("138 0013 8000").as_deref(), Some("13800138000"));
        assert_eq!(n("+86 138-0013-8000").as_deref(), Some("13800138000"));
        assert_eq!(n("008613800138000").as_deref(), Some("13800138000"));
        assert_eq!(n("(010) 8888-6666").as_deref(), Some("01088886666"));
        assert_eq!(n("+49 30 1234567").as_deref(), Some("+49301234567"));
        assert_eq!(n("+86 10 88886666").as_deref(), Some("+861088886666"));
        assert_eq!(n("95588").as_deref(), Some("95588"));
        for bad in [
            "",
            "12800138000",
            "+86 12800138000",
            "1380013800a",
            "1234",
            "+",
            "123456789012345678901",
            "++8613800138000",
        ] {
            assert_eq!(n(bad), None, "{bad}");
        }
    }
}

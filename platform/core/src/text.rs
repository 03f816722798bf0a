//! Small text helpers shared by the parsers of user-typed input.

/// Map full-width ASCII (`０`–`９`, `Ａ`–`ｚ`, `＋`, `（`, `－` …) and the
/// ideographic space to their ASCII forms: Chinese input methods produce
/// both freely, and a parser should not care which one was on.
pub(crate) fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(to_half_width("＋８６　（０２１）ＡＢｃ－～"), "+86 (021)ABc-~");
        assert_eq!(to_half_width("张三 abc"), "张三 abc");
    }
}

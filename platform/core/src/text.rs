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

/// Bidirectional formatting characters: embeddings and overrides
/// (U+202A–U+202E), isolates (U+2066–U+2069) and the direction marks
/// (U+200E, U+200F, U+061C). In a name they make text display in another
/// order than it is stored (`\u{202E}gpj.exe` shows as `exe.jpg`).
pub(crate) fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that show nothing by themselves: zero-width spaces, joiners
/// and non-joiners, the word joiner and invisible operators, the byte-order
/// mark, the soft hyphen, Hangul and Braille fillers, variation selectors,
/// tag characters and the other default-ignorable format characters. They
/// are fine inside text (a ZWJ joins an emoji sequence, a variation selector
/// picks an emoji's style), but text made only of them looks empty.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_direction_characters() {
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\u{FE0F}', '\u{E0041}'] {
            assert!(is_invisible(c), "{:04X}", c as u32);
        }
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200F}'] {
            assert!(is_direction_control(c) && is_invisible(c), "{:04X}", c as u32);
        }
        for c in ['张', 'a', ' ', '😀', '\u{2764}', '·'] {
            assert!(!is_invisible(c) && !is_direction_control(c), "{c}");
        }
    }

    #[test]
    fn folds_full_width() {
        assert_eq!(to_half_width("＋８６　（０２１）ＡＢｃ－～"), "+86 (021)ABc-~");
        assert_eq!(to_half_width("张三 abc"), "张三 abc");
    }
}

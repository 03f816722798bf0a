//! Query cost limits, enforced on the parsed document before async-graphql
//! validates it.
//!
//! async-graphql's validation walks the document with every fragment spread
//! expanded in place, once per use, before its own depth and complexity limits
//! are consulted: fragments that each spread the previous one twice make that
//! walk exponential in the document's length, and a 1 KB query tied a core up
//! for minutes. Here each fragment is measured once and its measure reused at
//! every spread, so the check is linear in the document, and validation only
//! ever sees documents whose expansion is known to be small.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Value, Variables};
use guanxi_core::ErrorCode;

/// Deepest nesting of fields. Inside introspection (`__schema`, `__type`),
/// `ofType` does not count: it unwraps one list or non-null wrapper and
/// returns a single type, so nesting it cannot multiply work, and the standard
/// introspection query nests it seven levels deep.
pub const MAX_DEPTH: usize = 12;

/// Largest complexity: one point for every field (aliases and `__typename`
/// included), fragment spread, inline fragment, directive and variable
/// definition, with a fragment's points counted every time it is spread.
pub const MAX_COMPLEXITY: usize = 1000;

/// Deepest nesting of selection sets, counting fields, fragment spreads and
/// inline fragments alike. async-graphql is given the same limit; ours runs
/// first, without expanding fragments more than once.
pub const MAX_NESTING: usize = 32;

/// Deepest nesting of brackets (`{`, `(`, `[`) in a document's text. The
/// parser descends once per level before its own limit is consulted, so a
/// megabyte of `{a` would exhaust a thread's stack and take the process
/// down. Twice [`MAX_NESTING`]: room for nested input objects and lists
/// inside the deepest selection.
pub const MAX_TEXT_NESTING: usize = 2 * MAX_NESTING;

/// Most tokens (names, numbers, strings, punctuators) in a document. Parsing
/// costs time in proportion to them, before any measure can be taken: a
/// megabyte of aliases took seconds. Twenty a point of complexity leaves
/// room for arguments and literal values.
pub const MAX_TOKENS: usize = 20 * MAX_COMPLEXITY;

/// Refuse a document text nested deeper than [`MAX_TEXT_NESTING`] or longer
/// than [`MAX_TOKENS`] (`QUERY_TOO_COMPLEX`): a linear scan, to run before
/// anything parses the text.
pub fn check_text(query: &str) -> ServerResult<()> {
    let bytes = query.as_bytes();
    let mut depth = 0usize;
    let mut tokens = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let token = match bytes[i] {
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > MAX_TEXT_NESTING {
                    return Err(too_complex(format!(
                        "query is nested too deep: more than {MAX_TEXT_NESTING} levels of brackets"
                    )));
                }
                true
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                true
            }
            b'#' => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' && bytes[i + 1] != b'\r' {
                    i += 1;
                }
                false
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // A block string ends at the next `"""` not escaped as `\"""`.
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") { 4 } else { 1 };
                }
                i += 2;
                true
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                true
            }
            b'.' => {
                // `...` is one token.
                while i + 1 < bytes.len() && bytes[i + 1] == b'.' {
                    i += 1;
                }
                true
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' => {
                while i + 1 < bytes.len()
                    && (bytes[i + 1].is_ascii_alphanumeric() || matches!(bytes[i + 1], b'_' | b'.' | b'+' | b'-'))
                {
                    i += 1;
                }
                true
            }
            b'!' | b'$' | b'&' | b':' | b'=' | b'@' | b'|' => true,
            _ => false,
        };
        if token {
            tokens += 1;
            if tokens > MAX_TOKENS {
                return Err(too_complex(format!("query is too long: more than {MAX_TOKENS} tokens")));
            }
        }
        i += 1;
    }
    Ok(())
}

/// Refuse a request whose operation declares a non-null variable without a
/// default that the request leaves out or sets to `null` (`BAD_REQUEST`).
/// async-graphql notices only when a resolver reads it, during execution;
/// GraphQL over HTTP counts it a request error, answered before anything
/// runs.
pub fn check_variables(doc: &ExecutableDocument, operation: Option<&str>, variables: &Variables) -> ServerResult<()> {
    let selected = doc.operations.iter().find(|(name, _)| match (name, operation) {
        (Some(n), Some(want)) => n.as_str() == want,
        (_, None) => true,
        (None, Some(_)) => false,
    });
    let Some((_, op)) = selected else { return Ok(()) };
    for def in &op.node.variable_definitions {
        let def = &def.node;
        let given = variables.get(def.name.node.as_str()).is_some_and(|v| !matches!(v, Value::Null));
        if !def.var_type.node.nullable && def.default_value.is_none() && !given {
            let mut e = ServerError::new(
                format!("variable `${}` of type `{}` must be given, and not null", def.name.node, def.var_type.node),
                Some(def.name.pos),
            );
            e.extensions.get_or_insert_with(Default::default).set("code", ErrorCode::BadRequest.as_str());
            return Err(e);
        }
    }
    Ok(())
}

/// Refuse a document whose cost exceeds the limits: `QUERY_TOO_COMPLEX`, or
/// `BAD_REQUEST` for a fragment that spreads itself (which would never end).
pub fn check(doc: &ExecutableDocument) -> ServerResult<()> {
    // The document as written, before any expansion. A document within the
    // limits counts at most as much as its expansion, so this refuses nothing
    // that could pass; it bounds the work of the rules that look at unused
    // fragments and every selection set on its own.
    let mut raw = 0usize;
    for (_, op) in doc.operations.iter() {
        let op = &op.node;
        raw = raw
            .saturating_add(op.directives.len())
            .saturating_add(op.variable_definitions.iter().map(|v| 1 + v.node.directives.len()).sum())
            .saturating_add(written(&op.selection_set.node));
    }
    for fragment in doc.fragments.values() {
        raw = raw
            .saturating_add(fragment.node.directives.len())
            .saturating_add(written(&fragment.node.selection_set.node));
    }
    if raw > MAX_COMPLEXITY {
        return Err(too_complex(format!(
            "query is too complex: more than {MAX_COMPLEXITY} fields, fragments, directives and variables"
        )));
    }

    let mut walk = Walk { doc, memo: HashMap::new(), open: HashSet::new() };
    let mut total = Measure::default();
    for (_, op) in doc.operations.iter() {
        let op = &op.node;
        let m = walk.selection_set(&op.selection_set.node, false, 0)?;
        let own =
            op.directives.len() + op.variable_definitions.iter().map(|v| 1 + v.node.directives.len()).sum::<usize>();
        total.complexity = total.complexity.saturating_add(own).saturating_add(m.complexity);
        total.depth = total.depth.max(m.depth);
        total.nesting = total.nesting.max(m.nesting);
    }
    if total.nesting > MAX_NESTING {
        return Err(too_deep());
    }
    if total.depth > MAX_DEPTH {
        return Err(too_complex(format!("query is nested too deep: depth {}, at most {MAX_DEPTH}", total.depth)));
    }
    if total.complexity > MAX_COMPLEXITY {
        let points =
            if total.complexity == usize::MAX { "more than that".to_owned() } else { total.complexity.to_string() };
        return Err(too_complex(format!(
            "query is too complex: complexity {points}, at most {MAX_COMPLEXITY} (a point a field, fragment, \
             directive and variable, fragments counted at every spread)"
        )));
    }
    Ok(())
}

/// What a selection set costs once expanded, relative to where it stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Measure {
    complexity: usize,
    depth: usize,
    nesting: usize,
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    /// Each fragment's measure, inside introspection or not (`ofType` counts
    /// only outside).
    memo: HashMap<(&'a str, bool), Measure>,
    /// Fragments being measured, to find a fragment that spreads itself.
    open: HashSet<&'a str>,
}

impl<'a> Walk<'a> {
    /// Measure `set`, which stands `nesting` selection sets deep. Recursion
    /// stops past [`MAX_NESTING`], so a long chain of fragments cannot
    /// exhaust the stack.
    fn selection_set(&mut self, set: &'a SelectionSet, introspection: bool, nesting: usize) -> ServerResult<Measure> {
        if nesting > MAX_NESTING {
            return Err(too_deep());
        }
        let mut m = Measure::default();
        for item in &set.items {
            let (own, inner) = match &item.node {
                Selection::Field(f) => {
                    let f = &f.node;
                    let inside = introspection || matches!(f.name.node.as_str(), "__schema" | "__type");
                    let counts = usize::from(!(introspection && f.name.node == "ofType"));
                    let inner = if f.selection_set.node.items.is_empty() {
                        Measure::default()
                    } else {
                        let inner = self.selection_set(&f.selection_set.node, inside, nesting + 1)?;
                        Measure { nesting: inner.nesting + 1, ..inner }
                    };
                    (1 + f.directives.len(), Measure { depth: inner.depth + counts, ..inner })
                }
                Selection::FragmentSpread(s) => {
                    let inner = self.fragment(s.node.fragment_name.node.as_str(), introspection, nesting + 1)?;
                    (1 + s.node.directives.len(), Measure { nesting: inner.nesting + 1, ..inner })
                }
                Selection::InlineFragment(i) => {
                    let inner = self.selection_set(&i.node.selection_set.node, introspection, nesting + 1)?;
                    (1 + i.node.directives.len(), Measure { nesting: inner.nesting + 1, ..inner })
                }
            };
            m.complexity = m.complexity.saturating_add(own).saturating_add(inner.complexity);
            m.depth = m.depth.max(inner.depth);
            m.nesting = m.nesting.max(inner.nesting);
        }
        Ok(m)
    }

    fn fragment(&mut self, name: &'a str, introspection: bool, nesting: usize) -> ServerResult<Measure> {
        if let Some(m) = self.memo.get(&(name, introspection)) {
            return Ok(*m);
        }
        // An unknown fragment costs nothing here; validation names it.
        let Some((key, fragment)) = self.doc.fragments.get_key_value(name) else { return Ok(Measure::default()) };
        let key = key.as_str();
        if !self.open.insert(key) {
            let mut e = ServerError::new(format!("fragment `{name}` spreads itself"), Some(fragment.pos));
            e.extensions.get_or_insert_with(Default::default).set("code", ErrorCode::BadRequest.as_str());
            return Err(e);
        }
        let m = self.selection_set(&fragment.node.selection_set.node, introspection, nesting);
        self.open.remove(key);
        let m = m?;
        self.memo.insert((key, introspection), m);
        Ok(m)
    }
}

/// Fields, spreads, inline fragments and directives of `set` as written.
fn written(set: &SelectionSet) -> usize {
    set.items.iter().fold(0usize, |n, item| {
        let here = match &item.node {
            Selection::Field(f) => 1 + f.node.directives.len() + written(&f.node.selection_set.node),
            Selection::FragmentSpread(s) => 1 + s.node.directives.len(),
            Selection::InlineFragment(i) => 1 + i.node.directives.len() + written(&i.node.selection_set.node),
        };
        n.saturating_add(here)
    })
}

fn too_complex(message: String) -> ServerError {
    let mut e = ServerError::new(message, None);
    e.extensions.get_or_insert_with(Default::default).set("code", ErrorCode::QueryTooComplex.as_str());
    e
}

fn too_deep() -> ServerError {
    too_complex(format!("query is nested too deep: more than {MAX_NESTING} levels of selections and fragments"))
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn code(query: &str) -> Option<String> {
        let doc = parse_query(query).expect("parses");
        check(&doc).err().map(|e| {
            e.extensions
                .and_then(|x| x.get("code").map(|v| v.to_string().trim_matches('"').to_owned()))
                .unwrap_or_default()
        })
    }

    /// `F0` … `F<levels>`, each spreading the previous one twice.
    fn doubling(levels: usize) -> String {
        let mut q = String::from("fragment F0 on Query { __typename } ");
        for i in 1..=levels {
            q.push_str(&format!("fragment F{i} on Query {{ ...F{p} ...F{p} }} ", p = i - 1));
        }
        q + &format!("query {{ ...F{levels} }}")
    }

    #[test]
    fn doubling_fragments_are_measured_without_expanding_them() {
        // 2^9 = 512 typenames plus the spreads: within the limit.
        assert_eq!(code(&doubling(8)), None);
        let started = std::time::Instant::now();
        assert_eq!(code(&doubling(29)).as_deref(), Some("QUERY_TOO_COMPLEX"));
        assert_eq!(code(&doubling(300)).as_deref(), Some("QUERY_TOO_COMPLEX"));
        // Parsing dominates (a debug build on a busy machine); expanding 2^300
        // spreads would never end.
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    }

    #[test]
    fn typenames_aliases_and_directives_count() {
        let aliases: String = (0..1001).map(|i| format!("a{i}: __typename ")).collect();
        assert_eq!(code(&format!("{{ {aliases} }}")).as_deref(), Some("QUERY_TOO_COMPLEX"));
        let directives = "@skip(if: false) ".repeat(1000);
        assert_eq!(code(&format!("{{ __typename {directives} }}")).as_deref(), Some("QUERY_TOO_COMPLEX"));
        let aliases: String = (0..900).map(|i| format!("a{i}: __typename ")).collect();
        assert_eq!(code(&format!("{{ {aliases} }}")), None);
    }

    #[test]
    fn depth_counts_fields_but_not_introspections_of_type() {
        let nested = |n: usize| {
            let mut q = String::from("id");
            for _ in 0..n {
                q = format!("a {{ {q} }}");
            }
            format!("{{ {q} }}")
        };
        assert_eq!(code(&nested(11)), None);
        assert_eq!(code(&nested(12)).as_deref(), Some("QUERY_TOO_COMPLEX"));
        let mut of_type = String::from("kind");
        for _ in 0..20 {
            of_type = format!("kind ofType {{ {of_type} }}");
        }
        assert_eq!(code(&format!("{{ __schema {{ types {{ fields {{ type {{ {of_type} }} }} }} }} }}")), None);
        // Outside introspection, a field called `ofType` is a field like any other.
        assert_eq!(code(&format!("{{ thing {{ {of_type} }} }}")).as_deref(), Some("QUERY_TOO_COMPLEX"));
    }

    #[test]
    fn long_text_is_refused_before_parsing() {
        let aliases: String = (0..7000).map(|i| format!("a{i}: __typename ")).collect();
        assert!(check_text(&format!("{{ {aliases} }}")).is_err());
        let aliases: String = (0..900).map(|i| format!("a{i}: __typename ")).collect();
        assert!(check_text(&format!("{{ {aliases} }}")).is_ok());
    }

    #[test]
    fn deep_text_is_refused_before_parsing() {
        let deep = format!("{}{}", "{a".repeat(200_000), "}".repeat(200_000));
        assert!(check_text(&deep).is_err());
        let value = format!("{{ a(x: {}1{}) }}", "[".repeat(100), "]".repeat(100));
        assert!(check_text(&value).is_err());
        // Brackets in strings, block strings and comments do not count.
        let quoted = format!("{{ a(x: \"{b}\\\"{b}\", y: \"\"\"{b}\\\"\"\"{b}\"\"\") # {b}\n }}", b = "{".repeat(100));
        assert!(check_text(&quoted).is_ok(), "{quoted}");
        let fine = format!("{}a{}", "{ a ".repeat(30), " }".repeat(30));
        assert!(check_text(&fine).is_ok());
    }

    #[test]
    fn fragment_chains_and_cycles_are_refused_without_recursing_far() {
        let mut q = String::from("fragment F0 on Query { __typename } ");
        for i in 1..=200 {
            q.push_str(&format!("fragment F{i} on Query {{ ...F{} }} ", i - 1));
        }
        assert_eq!(code(&(q + "{ ...F200 }")).as_deref(), Some("QUERY_TOO_COMPLEX"));
        let cycle = "fragment A on Query { ...B ...B } fragment B on Query { ...A ...A } { ...A }";
        assert_eq!(code(cycle).as_deref(), Some("BAD_REQUEST"));
        let nested_inline = format!("{{ {}__typename{} }}", "... on Query { ".repeat(40), " }".repeat(40));
        assert_eq!(code(&nested_inline).as_deref(), Some("QUERY_TOO_COMPLEX"));
    }
}

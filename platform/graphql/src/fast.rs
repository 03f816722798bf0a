//! The fast path of list pages: the rows of a customer list are turned into
//! response values directly, not one boxed future, context and extension
//! hook per field (a page of 50 customers selects some 650 fields, and that
//! per-field machinery was half of the page's CPU).
//!
//! It covers what a list row usually selects: fields without arguments or
//! directives that are plain reads of the row (each valued next to its
//! resolver, through the same conversions), nested plain objects, `__typename`, aliases,
//! inline fragments and fragment spreads on the type itself. `@skip` and
//! `@include` are already applied when execution starts. Anything else
//! (a field with arguments or that needs the request context, a directive,
//! an unknown field) makes [`object`] answer `None`, and the caller resolves
//! that row the generic way, so behaviour never changes.
//!
//! It skips async-graphql's per-field extension hooks; the schema's only
//! extension ([`crate::pipeline`]) has none.

use std::collections::HashMap;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{FragmentDefinition, Selection, SelectionSet};
use async_graphql::{ContextSelectionSet, ID, Json, Name, OutputType, Positioned, ScalarType, Value};
use chrono::{DateTime, NaiveDate, Utc};

/// A selection set being answered, with the document's fragments.
#[derive(Clone, Copy)]
pub(crate) struct Sel<'a> {
    set: &'a SelectionSet,
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
}

impl<'a> Sel<'a> {
    /// The selection set an output type's `resolve` was given.
    pub(crate) fn of(ctx: &ContextSelectionSet<'a>) -> Sel<'a> {
        // `query_env` is public but hidden in async-graphql's docs; it is
        // where the executing document's fragments are.
        Sel { set: &ctx.item.node, fragments: &ctx.query_env.fragments }
    }

    fn with(self, set: &'a SelectionSet) -> Sel<'a> {
        Sel { set, fragments: self.fragments }
    }
}

/// An object some of whose fields can be answered without the request
/// context.
pub(crate) trait FastObject: OutputType {
    /// Field `name` (never `__typename`), whose own selection is `sel`;
    /// `None` when it needs the generic path.
    fn fast_field(&self, name: &str, sel: Sel<'_>) -> Option<Value>;
}

/// The value of `obj` for `sel` as the generic path builds it (keys in
/// selection order, repeated keys merged, an empty selection `null`), or
/// `None` when some part of the selection needs the generic path.
pub(crate) fn object<T: FastObject>(obj: &T, sel: Sel<'_>) -> Option<Value> {
    let mut out = IndexMap::new();
    collect(obj, sel, &mut out)?;
    Some(if out.is_empty() { Value::Null } else { Value::Object(out) })
}

/// A nested object that may be absent: `null`, or [`object`].
pub(crate) fn optional<T: FastObject>(obj: Option<&T>, sel: Sel<'_>) -> Option<Value> {
    match obj {
        None => Some(Value::Null),
        Some(o) => object(o, sel),
    }
}

fn collect<T: FastObject>(obj: &T, sel: Sel<'_>, out: &mut IndexMap<Name, Value>) -> Option<()> {
    for selection in &sel.set.items {
        match &selection.node {
            Selection::Field(field) => {
                let field = &field.node;
                // Directives left at execution are custom ones; arguments
                // mean a resolver that reads them.
                if !field.directives.is_empty() || !field.arguments.is_empty() {
                    return None;
                }
                let value = if field.name.node == "__typename" {
                    Value::String(obj.introspection_type_name().into_owned())
                } else {
                    obj.fast_field(&field.name.node, sel.with(&field.selection_set.node))?
                };
                insert_value(out, field.response_key().node.clone(), value);
            }
            Selection::FragmentSpread(spread) => {
                let fragment = sel.fragments.get(&spread.node.fragment_name.node)?;
                if !spread.node.directives.is_empty()
                    || !fragment.node.directives.is_empty()
                    || fragment.node.type_condition.node.on.node != *T::type_name()
                {
                    return None;
                }
                collect(obj, sel.with(&fragment.node.selection_set.node), out)?;
            }
            Selection::InlineFragment(inline) => {
                let on_self = inline.node.type_condition.as_ref().is_none_or(|c| c.node.on.node == *T::type_name());
                if !inline.node.directives.is_empty() || !on_self {
                    return None;
                }
                collect(obj, sel.with(&inline.node.selection_set.node), out)?;
            }
        }
    }
    Some(())
}

/// How async-graphql's container resolution merges a value under a response
/// key (`resolver_utils::container`, private there): objects under a key
/// seen before merge, lists of objects merge item by item, anything else
/// keeps the first value.
fn insert_value(target: &mut IndexMap<Name, Value>, name: Name, value: Value) {
    if let Some(prev_value) = target.get_mut(&name) {
        if let Value::Object(target_map) = prev_value {
            if let Value::Object(obj) = value {
                for (key, value) in obj.into_iter() {
                    insert_value(target_map, key, value);
                }
            }
        } else if let Value::List(target_list) = prev_value
            && let Value::List(list) = value
        {
            for (idx, value) in list.into_iter().enumerate() {
                if let Some(Value::Object(target_map)) = target_list.get_mut(idx)
                    && let Value::Object(obj) = value
                {
                    for (key, value) in obj.into_iter() {
                        insert_value(target_map, key, value);
                    }
                }
            }
        }
    } else {
        target.insert(name, value);
    }
}

/// A scalar, enum or list of them, turned into a value exactly as its
/// `OutputType::resolve` does.
pub(crate) trait Leaf {
    /// The response value.
    fn leaf(&self) -> Value;
}

macro_rules! scalar_leaf {
    ($($t:ty),*) => {$(
        impl Leaf for $t {
            fn leaf(&self) -> Value {
                ScalarType::to_value(self)
            }
        }
    )*};
}
scalar_leaf!(ID, String, bool, DateTime<Utc>, NaiveDate);

impl Leaf for str {
    fn leaf(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl<T: Leaf + ?Sized> Leaf for &T {
    fn leaf(&self) -> Value {
        (**self).leaf()
    }
}

impl<T: Leaf> Leaf for Option<T> {
    fn leaf(&self) -> Value {
        self.as_ref().map_or(Value::Null, Leaf::leaf)
    }
}

impl<T: Leaf> Leaf for [T] {
    fn leaf(&self) -> Value {
        Value::List(self.iter().map(Leaf::leaf).collect())
    }
}

impl<T: Leaf> Leaf for Vec<T> {
    fn leaf(&self) -> Value {
        self.as_slice().leaf()
    }
}

impl Leaf for Json<serde_json::Value> {
    fn leaf(&self) -> Value {
        // As `Json`'s own `resolve`.
        async_graphql::to_value(&self.0).ok().unwrap_or_default()
    }
}

/// Makes GraphQL enums leaves, valued as their `resolve` values them.
macro_rules! enum_leaf {
    ($($t:ty),*) => {$(
        impl $crate::fast::Leaf for $t {
            fn leaf(&self) -> async_graphql::Value {
                async_graphql::resolver_utils::enum_value(*self)
            }
        }
    )*};
}
pub(crate) use enum_leaf;

//! Connections page the same way everywhere (customers, the pool,
//! conversations, work plans): `first` and `after` are checked by
//! `guanxi_store::pagination` (1 to 100, default 10; a cursor that does not
//! decode is `VALIDATION_FAILED` on `after`), and `pageInfo` is built here.

use async_graphql::connection::PageInfo;

pub(crate) use guanxi_store::pagination::{decode_cursor, encode_cursor, first};

/// The `pageInfo` of a page whose edges carry `cursors` in order.
/// `hasPreviousPage` is whether the page continues after a cursor: lists
/// are read forwards only, so a first page has none before it.
pub(crate) fn page_info<'a>(
    mut cursors: impl DoubleEndedIterator<Item = &'a str>,
    has_next_page: bool,
    after_given: bool,
) -> PageInfo {
    let start_cursor = cursors.next().map(str::to_owned);
    let end_cursor = cursors.next_back().map(str::to_owned).or_else(|| start_cursor.clone());
    PageInfo { has_previous_page: after_given, has_next_page, start_cursor, end_cursor }
}

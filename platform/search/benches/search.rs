//! Search benchmarks (filled in below).

fn main() {}

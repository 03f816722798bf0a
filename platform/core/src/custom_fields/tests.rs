use serde_json::json;

use super::*;

fn input(key: &str, t: FieldType) -> SpecInput {
    SpecInput { key: key.into(), label: format!("字段{key}"), field_type: Some(t), ..SpecInput::default() }
}

fn spec(i: SpecInput) -> FieldSpec {
    match FieldSpec::check(i) {
        Ok(s) => s,
        Err(e) => panic!("spec refused: {e}"),
    }
}

fn field(s: FieldSpec) -> CompiledField {
    let def =
        FieldDef { id: CustomFieldId::new(), entity: FieldEntity::Customer, position: 0, archived: false, spec: s };
    CompiledField::compile(def).unwrap_or_else(|e| panic!("{e}"))
}

fn simple(key: &str, t: FieldType) -> CompiledField {
    field(spec(input(key, t)))
}

fn with_rules(key: &str, t: FieldType, rules: Rules) -> CompiledField {
    field(spec(SpecInput { rules, ..input(key, t) }))
}

fn opts(labels: &[&str]) -> Vec<SelectOption> {
    labels
        .iter()
        .map(|l| SelectOption { key: String::new(), label: (*l).into(), label_en: None, color: None })
        .collect()
}

const SH: Tz = chrono_tz::Asia::Shanghai;

fn norm(f: &CompiledField, v: Value) -> Result<Option<Value>, &'static str> {
    f.normalise(&v, "custom.k", SH).map_err(|e| e.reason)
}

fn errors_of(r: Result<FieldSpec, Error>) -> Vec<(String, &'static str)> {
    match r {
        Err(Error::Validation(f)) => f.into_iter().map(|e| (e.field, e.reason)).collect(),
        other => panic!("expected validation errors, got {other:?}"),
    }
}

#[test]
fn keys() {
    for ok in ["a", "level", "vip_level_2", &"k".repeat(40)] {
        assert!(FieldKey::parse(ok, "key").is_ok(), "{ok}");
    }
    for bad in ["", "1a", "_a", "Level", "vip-level", "级别", "a b", &"k".repeat(41)] {
        assert!(FieldKey::parse(bad, "key").is_err(), "{bad}");
    }
}

#[test]
fn definitions_report_every_problem() {
    let e = errors_of(FieldSpec::check(SpecInput {
        key: "Bad Key".into(),
        label: " ".into(),
        field_type: Some(FieldType::Boolean),
        unique: true,
        rules: Rules { max_length: Some(10), scale: Some(2), regex: Some("a+".into()), ..Rules::default() },
        ..SpecInput::default()
    }));
    let fields: Vec<&str> = e.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["key", "label", "unique", "rules.maxLength", "rules.regex", "rules.scale"]);
    assert!(e.iter().skip(2).all(|(_, r)| *r == "not_applicable"));

    assert_eq!(
        errors_of(FieldSpec::check(SpecInput { field_type: None, ..input("k", FieldType::Text) })),
        [("type".to_owned(), "required")]
    );
    // Bounds must fit the type and be in order.
    let e = errors_of(FieldSpec::check(SpecInput {
        rules: Rules { min: Some(json!(10)), max: Some(json!(5)), ..Rules::default() },
        ..input("k", FieldType::Number)
    }));
    assert_eq!(e, [("rules.min".to_owned(), "out_of_range")]);
    let e = errors_of(FieldSpec::check(SpecInput {
        rules: Rules { min: Some(json!("1.234")), ..Rules::default() },
        ..input("k", FieldType::Decimal)
    }));
    assert_eq!(e, [("rules.min".to_owned(), "too_precise")]);
    let e = errors_of(FieldSpec::check(SpecInput {
        rules: Rules { min: Some(json!(1)), ..Rules::default() },
        ..input("k", FieldType::Rating)
    }));
    assert_eq!(e, [("rules.min".to_owned(), "not_applicable")]);
    let e = errors_of(FieldSpec::check(SpecInput {
        rules: Rules { max_length: Some(1001), min_length: Some(5), ..Rules::default() },
        ..input("k", FieldType::Text)
    }));
    assert_eq!(e, [("rules.maxLength".to_owned(), "out_of_range")]);
    let e = errors_of(FieldSpec::check(SpecInput {
        rules: Rules { currencies: vec!["CNY".into(), "XYZ".into()], ..Rules::default() },
        ..input("k", FieldType::Money)
    }));
    assert_eq!(e, [("rules.currencies.1".to_owned(), "invalid")]);
    // Selects need options; option keys are generated, labels unique, colours #rrggbb.
    let e = errors_of(FieldSpec::check(input("k", FieldType::SingleSelect)));
    assert_eq!(e, [("rules.options".to_owned(), "length")]);
    let mut o = opts(&["金", "银", " 金 "]);
    o[1].color = Some("red".into());
    o[0].key = "Gold!".into();
    let e = errors_of(FieldSpec::check(SpecInput {
        rules: Rules { options: o, ..Rules::default() },
        ..input("k", FieldType::SingleSelect)
    }));
    assert_eq!(
        e,
        [
            ("rules.options.0.key".to_owned(), "invalid"),
            ("rules.options.1.color".to_owned(), "invalid"),
            ("rules.options.2.label".to_owned(), "duplicate"),
        ]
    );
    let mut o = opts(&["金", "银", "铜"]);
    o[1].key = "o1".into();
    o[2].color = Some("#FFAA00".into());
    let s = spec(SpecInput { rules: Rules { options: o, ..Rules::default() }, ..input("k", FieldType::MultiSelect) });
    let keys: Vec<&str> = s.rules.options.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["o2", "o1", "o3"]);
    assert_eq!(s.rules.options[2].color.as_deref(), Some("#ffaa00"));
}

#[test]
fn defaults_are_normalised_and_checked() {
    let s = spec(SpecInput { default: Some(json!(" 1,200 ")), ..input("k", FieldType::Number) });
    assert_eq!(s.default, Some(json!(1200)));
    let s = spec(SpecInput { default: Some(json!("是")), ..input("k", FieldType::Boolean) });
    assert_eq!(s.default, Some(json!(true)));
    let e = errors_of(FieldSpec::check(SpecInput {
        default: Some(json!("abc")),
        rules: Rules { regex: Some("[0-9]+".into()), ..Rules::default() },
        ..input("k", FieldType::Text)
    }));
    assert_eq!(e, [("default".to_owned(), "mismatch")]);
    let e = errors_of(FieldSpec::check(SpecInput {
        default: Some(json!("x")),
        unique: true,
        ..input("k", FieldType::Text)
    }));
    assert_eq!(e, [("default".to_owned(), "not_applicable")]);
    let e = errors_of(FieldSpec::check(SpecInput {
        default: Some(json!("0190a0a0-0000-7000-8000-000000000000")),
        ..input("k", FieldType::User)
    }));
    assert_eq!(e, [("default".to_owned(), "not_applicable")]);
    assert_eq!(spec(SpecInput { default: Some(json!("")), ..input("k", FieldType::Text) }).default, None);
}

#[test]
fn regular_expressions_are_checked_when_saved() {
    let with = |p: &str| {
        FieldSpec::check(SpecInput {
            rules: Rules { regex: Some(p.into()), ..Rules::default() },
            ..input("k", FieldType::Text)
        })
    };
    assert!(with(r"[A-Z]{2}\d{4}").is_ok());
    assert_eq!(errors_of(with("(unclosed")), [("rules.regex".to_owned(), "invalid")]);
    // Far beyond the size limit once compiled.
    let e = errors_of(with(r"(\w{1000}){1000}"));
    assert_eq!(e, [("rules.regex".to_owned(), "invalid")]);
    assert_eq!(errors_of(with(&"a".repeat(301))), [("rules.regex".to_owned(), "too_long")]);
    // The whole value must match.
    let f = with_rules("k", FieldType::Text, Rules { regex: Some(r"[A-Z]{2}\d{4}".into()), ..Rules::default() });
    assert_eq!(norm(&f, json!(" AB1234 ")), Ok(Some(json!("AB1234"))));
    assert_eq!(norm(&f, json!("xAB1234")), Err("mismatch"));
    assert_eq!(norm(&f, json!("AB12345")), Err("mismatch"));
}

#[test]
fn text_values() {
    let f = with_rules("k", FieldType::Text, Rules { min_length: Some(2), max_length: Some(5), ..Rules::default() });
    assert_eq!(norm(&f, json!("  华东区 ")), Ok(Some(json!("华东区"))));
    assert_eq!(norm(&f, json!("   ")), Ok(None));
    assert_eq!(norm(&f, Value::Null), Ok(None));
    assert_eq!(norm(&f, json!(12)), Ok(Some(json!("12"))));
    assert_eq!(norm(&f, json!("一")), Err("too_short"));
    assert_eq!(norm(&f, json!("一二三四五六")), Err("too_long"));
    assert_eq!(norm(&f, json!("a\nb")), Err("invalid"));
    assert_eq!(norm(&f, json!({"a": 1})), Err("invalid"));
    let long = simple("k", FieldType::LongText);
    assert_eq!(norm(&long, json!("第一行\r\n第二行\t!")), Ok(Some(json!("第一行\n第二行\t!"))));
    assert_eq!(norm(&long, json!("a\u{0}")), Err("invalid"));
    assert_eq!(norm(&long, json!("字".repeat(5001))), Err("too_long"));
    assert_eq!(norm(&simple("k", FieldType::Text), json!("字".repeat(201))), Err("too_long"));
}

#[test]
fn number_decimal_money_and_rating_values() {
    let n = with_rules(
        "k",
        FieldType::Number,
        Rules { min: Some(json!(-5)), max: Some(json!(1_000_000)), ..Rules::default() },
    );
    assert_eq!(norm(&n, json!(42)), Ok(Some(json!(42))));
    assert_eq!(norm(&n, json!("１,２００")), Ok(Some(json!(1200))));
    assert_eq!(norm(&n, json!(12.0)), Ok(Some(json!(12))));
    assert_eq!(norm(&n, json!("12.00")), Ok(Some(json!(12))));
    assert_eq!(norm(&n, json!(12.5)), Err("invalid"));
    assert_eq!(norm(&n, json!("十二")), Err("invalid"));
    assert_eq!(norm(&n, json!(true)), Err("invalid"));
    assert_eq!(norm(&n, json!(-6)), Err("too_small"));
    assert_eq!(norm(&n, json!(1_000_001)), Err("too_large"));
    let big = simple("k", FieldType::Number);
    assert_eq!(norm(&big, json!(9_007_199_254_740_991i64)), Ok(Some(json!(9_007_199_254_740_991i64))));
    assert_eq!(norm(&big, json!(9_007_199_254_740_992i64)), Err("out_of_range"));

    let d = with_rules("k", FieldType::Decimal, Rules { scale: Some(2), min: Some(json!("0")), ..Rules::default() });
    assert_eq!(norm(&d, json!(3.5)), Ok(Some(json!("3.50"))));
    assert_eq!(norm(&d, json!("1,234.5")), Ok(Some(json!("1234.50"))));
    assert_eq!(norm(&d, json!(".5")), Ok(Some(json!("0.50"))));
    assert_eq!(norm(&d, json!("0007")), Ok(Some(json!("7.00"))));
    assert_eq!(norm(&d, json!("1.230")), Ok(Some(json!("1.23"))));
    assert_eq!(norm(&d, json!("1.234")), Err("too_precise"));
    assert_eq!(norm(&d, json!("-0.01")), Err("too_small"));
    assert_eq!(norm(&d, json!("1e5")), Err("invalid"));
    assert_eq!(norm(&d, json!("1".repeat(14))), Err("out_of_range"));
    assert_eq!(norm(&d, json!("1".repeat(13))), Ok(Some(json!(format!("{}.00", "1".repeat(13))))));

    let m = with_rules(
        "k",
        FieldType::Money,
        Rules { currencies: vec!["cny".into(), "JPY".into()], max: Some(json!("10000")), ..Rules::default() },
    );
    assert_eq!(m.def.spec.rules.currencies, ["CNY", "JPY"]);
    assert_eq!(norm(&m, json!(1234.5)), Ok(Some(json!({"amount": "1234.50", "currency": "CNY"}))));
    assert_eq!(norm(&m, json!("￥1,234.5")), Ok(Some(json!({"amount": "1234.50", "currency": "CNY"}))));
    assert_eq!(
        norm(&m, json!({"amount": "500", "currency": "jpy"})),
        Ok(Some(json!({"amount": "500", "currency": "JPY"})))
    );
    assert_eq!(norm(&m, json!("JPY 500")), Ok(Some(json!({"amount": "500", "currency": "JPY"}))));
    assert_eq!(norm(&m, json!({"amount": "5.5", "currency": "JPY"})), Err("too_precise"));
    assert_eq!(norm(&m, json!({"amount": "5", "currency": "USD"})), Err("invalid"));
    assert_eq!(norm(&m, json!({"amount": 10000.01})), Err("too_large"));
    assert_eq!(norm(&m, json!([1])), Err("invalid"));

    let r = with_rules("k", FieldType::Rating, Rules { max: Some(json!(10)), ..Rules::default() });
    assert_eq!(norm(&r, json!(10)), Ok(Some(json!(10))));
    assert_eq!(norm(&r, json!("3")), Ok(Some(json!(3))));
    assert_eq!(norm(&r, json!(0)), Err("out_of_range"));
    assert_eq!(norm(&r, json!(11)), Err("out_of_range"));
    assert_eq!(simple("k", FieldType::Rating).def.spec.rules.max, Some(json!(5)));
    assert_eq!(norm(&simple("k", FieldType::Rating), json!(6)), Err("out_of_range"));
}

#[test]
fn dates_and_times() {
    let d = with_rules("k", FieldType::Date, Rules { min: Some(json!("2020-01-01")), ..Rules::default() });
    assert_eq!(norm(&d, json!("2026/3/5")), Ok(Some(json!("2026-03-05"))));
    assert_eq!(norm(&d, json!("2026年3月5日")), Ok(Some(json!("2026-03-05"))));
    assert_eq!(norm(&d, json!("2019-12-31")), Err("too_small"));
    assert_eq!(norm(&d, json!("2026-02-30")), Err("invalid"));
    assert_eq!(norm(&d, json!("5/3/2026")), Err("invalid"));

    let t = simple("k", FieldType::DateTime);
    assert_eq!(norm(&t, json!("2026-03-05T14:30:00+08:00")), Ok(Some(json!("2026-03-05T06:30:00.000Z"))));
    assert_eq!(norm(&t, json!("2026-03-05T06:30:00.123Z")), Ok(Some(json!("2026-03-05T06:30:00.123Z"))));
    // Without an offset: the company's local time.
    assert_eq!(norm(&t, json!("2026-03-05 14:30")), Ok(Some(json!("2026-03-05T06:30:00.000Z"))));
    let ny = t.normalise(&json!("2026-03-08 02:30"), "k", chrono_tz::America::New_York).map_err(|e| e.reason);
    assert_eq!(ny, Err("invalid"), "a local time skipped by daylight saving");
    assert_eq!(norm(&t, json!("2026-03-05T06:30:00.123456Z")), Err("invalid"));
    assert_eq!(norm(&t, json!("1899-12-31T00:00:00Z")), Err("out_of_range"));
    assert_eq!(norm(&t, json!("tomorrow")), Err("invalid"));
}

#[test]
fn booleans_selects_and_the_rest() {
    let b = simple("k", FieldType::Boolean);
    for (raw, want) in
        [(json!(true), true), (json!("是"), true), (json!("NO"), false), (json!(0), false), (json!("否"), false)]
    {
        assert_eq!(norm(&b, raw.clone()), Ok(Some(json!(want))), "{raw}");
    }
    assert_eq!(norm(&b, json!("maybe")), Err("invalid"));
    assert_eq!(norm(&b, json!(2)), Err("invalid"));

    let mut o = opts(&["金牌", "银牌", "铜牌"]);
    o[0].key = "gold".into();
    o[0].label_en = Some("Gold".into());
    let single = with_rules("k", FieldType::SingleSelect, Rules { options: o.clone(), ..Rules::default() });
    assert_eq!(norm(&single, json!("gold")), Ok(Some(json!("gold"))));
    assert_eq!(norm(&single, json!(" GOLD ")), Ok(Some(json!("gold"))), "English label");
    assert_eq!(norm(&single, json!("银牌")), Ok(Some(json!("o1"))));
    assert_eq!(norm(&single, json!("铁牌")), Err("unknown_option"));
    let multi = with_rules(
        "k",
        FieldType::MultiSelect,
        Rules { options: o, min: Some(json!(1)), max: Some(json!(2)), ..Rules::default() },
    );
    assert_eq!(norm(&multi, json!(["铜牌", "gold", "金牌"])), Ok(Some(json!(["gold", "o2"]))), "option order, once");
    assert_eq!(norm(&multi, json!("铜牌、银牌")), Ok(Some(json!(["o1", "o2"]))), "a spreadsheet cell");
    assert_eq!(norm(&multi, json!([])), Ok(None));
    assert_eq!(norm(&multi, json!(["gold", "o1", "o2"])), Err("too_many"));
    assert_eq!(norm(&multi, json!(["x"])), Err("unknown_option"));

    let p = simple("k", FieldType::Phone);
    assert_eq!(norm(&p, json!("+86 138-0013-8000")), Ok(Some(json!("13800138000"))));
    assert_eq!(norm(&p, json!("12-34")), Err("invalid"));
    let e = simple("k", FieldType::Email);
    assert_eq!(norm(&e, json!(" Li@Example.CN ")), Ok(Some(json!("li@example.cn"))));
    assert_eq!(norm(&e, json!("li@")), Err("invalid"));
    let u = simple("k", FieldType::Url);
    assert_eq!(norm(&u, json!("WWW.Example.cn/A?b=C")), Ok(Some(json!("https://www.example.cn/A?b=C"))));
    assert_eq!(norm(&u, json!("http://Example.cn:8080")), Ok(Some(json!("http://example.cn:8080"))));
    for bad in ["ftp://x.cn", "javascript:alert(1)", "http://", "not a url", "https://user@x.cn", "x"] {
        assert_eq!(norm(&u, json!(bad)), Err("invalid"), "{bad}");
    }
    let user = simple("k", FieldType::User);
    assert_eq!(
        norm(&user, json!("0190A0A0-0000-7000-8000-000000000001")),
        Ok(Some(json!("0190a0a0-0000-7000-8000-000000000001")))
    );
    assert_eq!(norm(&user, json!("someone")), Err("invalid"));
}

fn def_with(key: &str, t: FieldType, f: impl FnOnce(&mut SpecInput)) -> FieldDef {
    let mut i = input(key, t);
    f(&mut i);
    FieldDef { id: CustomFieldId::new(), entity: FieldEntity::Customer, position: 0, archived: false, spec: spec(i) }
}

fn set(defs: Vec<FieldDef>) -> FieldSet {
    FieldSet::new(defs, SH).unwrap_or_else(|e| panic!("{e}"))
}

fn code(r: Result<WriteOutcome, Error>) -> Vec<(String, &'static str)> {
    match r {
        Err(Error::Validation(f)) => f.into_iter().map(|e| (e.field, e.reason)).collect(),
        Err(Error::Forbidden) => vec![("FORBIDDEN".into(), "")],
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn writes_merge_apply_defaults_and_enforce_required() {
    let s = set(vec![
        def_with("level", FieldType::Number, |i| i.required = true),
        def_with("region", FieldType::Text, |i| i.default = Some(json!("华东"))),
        def_with("note", FieldType::LongText, |_| {}),
    ]);
    let sales = Writer::Role(Role::Salesperson);
    // Create: required, defaults, unknown keys, every bad value at once.
    assert_eq!(code(s.check_write(sales, None, &json!({}))), [("custom.level".to_owned(), "required")]);
    assert_eq!(code(s.check_write(sales, None, &json!({"level": null}))), [("custom.level".to_owned(), "required")]);
    assert_eq!(
        code(s.check_write(sales, None, &json!({"level": "x", "ghost": 1, "note": "a\u{1}"}))),
        [
            ("custom.ghost".to_owned(), "unknown"),
            ("custom.level".to_owned(), "invalid"),
            ("custom.note".to_owned(), "invalid")
        ]
    );
    assert_eq!(code(s.check_write(sales, None, &json!([1]))), [("custom".to_owned(), "invalid")]);
    let created = s.check_write(sales, None, &json!({"level": "3"})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(created.value, json!({"level": 3, "region": "华东"}));
    assert_eq!(created.changes.len(), 2);
    // An explicit null keeps the default out.
    let no_region = s.check_write(sales, None, &json!({"level": 1, "region": null})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(no_region.value, json!({"level": 1}));

    // Update: a patch; omitted keys stay; null clears; required cannot be cleared.
    let old = json!({"level": 3, "region": "华东", "note": "旧"});
    let u =
        s.check_write(sales, Some(&old), &json!({"note": null, "region": "华南"})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(u.value, json!({"level": 3, "region": "华南"}));
    let changed: Vec<(&str, &Value, &Value)> = u.changes.iter().map(|c| (c.key.as_str(), &c.old, &c.new)).collect();
    assert_eq!(changed, [("region", &json!("华东"), &json!("华南")), ("note", &json!("旧"), &Value::Null)]);
    assert_eq!(
        code(s.check_write(sales, Some(&old), &json!({"level": null}))),
        [("custom.level".to_owned(), "required")]
    );
    let same = s.check_write(sales, Some(&old), &json!({"level": "3"})).unwrap_or_else(|e| panic!("{e}"));
    assert!(same.changes.is_empty());
    // Values stored before definitions existed are kept, never dropped.
    let legacy = json!({"level": 1, "old_key": "x"});
    let u = s.check_write(sales, Some(&legacy), &json!({"level": 2})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(u.value, json!({"level": 2, "old_key": "x"}));
}

#[test]
fn visibility_decides_reads_and_writes() {
    let vis = |admin, supervisor, salesperson| Visibility { admin, supervisor, salesperson };
    use FieldAccess::{Edit, Hidden, Read};
    let s = set(vec![
        def_with("secret", FieldType::Text, |i| i.visibility = vis(Edit, Read, Hidden)),
        def_with("shown", FieldType::Text, |i| i.visibility = vis(Edit, Edit, Read)),
        def_with("open", FieldType::Text, |i| {
            i.visibility = vis(Edit, Edit, Edit);
            i.required = true;
        }),
        def_with("locked", FieldType::Number, |i| {
            i.visibility = vis(Edit, Read, Read);
            i.required = true;
        }),
    ]);
    let old = json!({"secret": "s", "shown": "v", "open": "o", "locked": 1, "legacy": true});
    let sp = Writer::Role(Role::Salesperson);
    let sup = Writer::Role(Role::Supervisor);
    // Reads.
    assert_eq!(s.visible_values(Some(Role::Salesperson), old.clone()), json!({"shown": "v", "open": "o", "locked": 1}));
    assert_eq!(
        s.visible_values(Some(Role::Supervisor), old.clone()),
        json!({"secret": "s", "shown": "v", "open": "o", "locked": 1})
    );
    assert_eq!(s.visible_values(Some(Role::Admin), old.clone()), old);
    assert_eq!(s.visible_values(None, old.clone()), old, "the system reads everything");
    assert_eq!(s.visible_values(Some(Role::Maintenance), old.clone()), json!({}));
    // Writes: hidden keys are forbidden even with the stored value; read-only
    // keys may come back unchanged; omitted ones stay.
    assert_eq!(code(s.check_write(sp, Some(&old), &json!({"secret": "s"}))), [("FORBIDDEN".to_owned(), "")]);
    assert_eq!(code(s.check_write(sp, Some(&old), &json!({"shown": "w"}))), [("FORBIDDEN".to_owned(), "")]);
    let ok = s.check_write(sp, Some(&old), &json!({"shown": "v", "open": "p"})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.value, json!({"secret": "s", "shown": "v", "open": "p", "locked": 1, "legacy": true}));
    assert!(s.check_write(sup, Some(&old), &json!({"shown": "w"})).is_ok());
    assert_eq!(code(s.check_write(sup, Some(&old), &json!({"secret": "t"}))), [("FORBIDDEN".to_owned(), "")]);
    // Creating: a required field the writer cannot edit does not block them.
    let created = s.check_write(sp, None, &json!({"open": "x"})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(created.value, json!({"open": "x"}));
    assert_eq!(
        code(s.check_write(Writer::Role(Role::Admin), None, &json!({"open": "x"}))),
        [("custom.locked".to_owned(), "required")]
    );
    assert!(s.check_write(Writer::System, Some(&old), &json!({"secret": "z", "locked": 2})).is_ok());
    let secret = &s.get("secret").map(|f| f.def.clone()).unwrap_or_else(|| panic!("defined"));
    assert!(!FieldSet::may_read(secret, Some(Role::Salesperson)));
    assert!(FieldSet::may_read(secret, Some(Role::Supervisor)));
    assert!(FieldSet::may_read(secret, None));
}

#[test]
fn archived_fields_keep_values_and_refuse_new_ones() {
    let mut d = def_with("old", FieldType::Text, |i| i.default = Some(json!("d")));
    d.archived = true;
    let s = set(vec![d]);
    let admin = Writer::Role(Role::Admin);
    let stored = json!({"old": "kept"});
    assert_eq!(
        code(s.check_write(admin, Some(&stored), &json!({"old": "new"}))),
        [("custom.old".to_owned(), "archived")]
    );
    assert_eq!(
        code(s.check_write(admin, Some(&stored), &json!({"old": null}))),
        [("custom.old".to_owned(), "archived")]
    );
    assert!(s.check_write(admin, Some(&stored), &json!({"old": "kept"})).is_ok_and(|o| o.changes.is_empty()));
    assert_eq!(s.check_write(admin, None, &json!({})).map(|o| o.value).ok(), Some(json!({})), "no default");
    assert_eq!(s.visible_values(Some(Role::Salesperson), stored.clone()), stored);
}

#[test]
fn unique_claims_and_user_references() {
    let s = set(vec![
        def_with("code", FieldType::Text, |i| i.unique = true),
        def_with("mail", FieldType::Email, |i| i.unique = true),
        def_with("rep", FieldType::User, |_| {}),
    ]);
    let w = Writer::Role(Role::Admin);
    let uid = "0190a0a0-0000-7000-8000-000000000001";
    let o = s.check_write(w, None, &json!({"code": "AbC", "rep": uid})).unwrap_or_else(|e| panic!("{e}"));
    let claims: Vec<(&str, Option<&str>)> = o.unique.iter().map(|c| (c.key.as_str(), c.value.as_deref())).collect();
    assert_eq!(claims, [("code", Some("abc"))]);
    assert_eq!(o.users.len(), 1);
    assert_eq!(o.users[0].0, "custom.rep");
    let o =
        s.check_write(w, Some(&o.value), &json!({"code": null, "mail": "A@b.cn"})).unwrap_or_else(|e| panic!("{e}"));
    let claims: Vec<(&str, Option<&str>)> = o.unique.iter().map(|c| (c.key.as_str(), c.value.as_deref())).collect();
    assert_eq!(claims, [("code", None), ("mail", Some("a@b.cn"))]);
    assert!(o.users.is_empty(), "an unchanged user needs no look-up");
}

#[test]
fn values_are_limited_in_size() {
    let defs: Vec<FieldDef> = (0..20)
        .map(|i| def_with(&format!("t{i}"), FieldType::LongText, |s| s.rules.max_length = Some(20_000)))
        .collect();
    let s = set(defs);
    let patch: serde_json::Map<String, Value> = (0..20).map(|i| (format!("t{i}"), json!("长".repeat(2000)))).collect();
    assert_eq!(code(s.check_write(Writer::System, None, &Value::Object(patch))), [("custom".to_owned(), "too_large")]);
}

#[test]
fn conversions() {
    use FieldType as T;
    // The table.
    for (from, to, ok) in [
        (T::Text, T::LongText, true),
        (T::LongText, T::Text, true),
        (T::Number, T::Decimal, true),
        (T::Decimal, T::Number, true),
        (T::Number, T::Text, true),
        (T::SingleSelect, T::MultiSelect, true),
        (T::MultiSelect, T::SingleSelect, true),
        (T::Date, T::DateTime, true),
        (T::DateTime, T::Date, false),
        (T::User, T::Number, false),
        (T::Text, T::User, false),
        (T::Boolean, T::Number, false),
        (T::Text, T::Text, false),
    ] {
        assert_eq!(can_convert(from, to), ok, "{from} → {to}");
    }
    let conv = |from: &CompiledField, to: &CompiledField, v: Value| convert(from, to, &v, SH).map_err(|e| e.0.reason);
    let number = simple("k", T::Number);
    let decimal = with_rules("k", T::Decimal, Rules { scale: Some(1), ..Rules::default() });
    let text = simple("k", T::Text);
    assert_eq!(conv(&number, &decimal, json!(12)), Ok(Some(json!("12.0"))));
    assert_eq!(conv(&decimal, &number, json!("12.0")), Ok(Some(json!(12))));
    assert_eq!(conv(&decimal, &number, json!("12.5")), Err("invalid"));
    assert_eq!(conv(&number, &text, json!(-3)), Ok(Some(json!("-3"))));
    assert_eq!(conv(&text, &number, json!(" 42 ")), Ok(Some(json!(42))));
    assert_eq!(conv(&text, &number, json!("四十二")), Err("invalid"));
    let long = simple("k", T::LongText);
    assert_eq!(conv(&long, &text, json!("一行")), Ok(Some(json!("一行"))));
    assert_eq!(conv(&long, &text, json!("两\n行")), Err("invalid"));
    let mut o = opts(&["甲", "乙"]);
    o[0].key = "a".into();
    let single = with_rules("k", T::SingleSelect, Rules { options: o.clone(), ..Rules::default() });
    let multi = with_rules("k", T::MultiSelect, Rules { options: o, ..Rules::default() });
    assert_eq!(conv(&single, &multi, json!("a")), Ok(Some(json!(["a"]))));
    assert_eq!(conv(&multi, &single, json!(["o1"])), Ok(Some(json!("o1"))));
    assert_eq!(conv(&multi, &single, json!(["a", "o1"])), Err("too_many"));
    assert_eq!(conv(&single, &text, json!("a")), Ok(Some(json!("甲"))));
    assert_eq!(conv(&multi, &text, json!(["a", "o1"])), Ok(Some(json!("甲、乙"))));
    let date = simple("k", T::Date);
    let dt = simple("k", T::DateTime);
    assert_eq!(conv(&date, &dt, json!("2026-03-05")), Ok(Some(json!("2026-03-04T16:00:00.000Z"))));
    let b = simple("k", T::Boolean);
    assert_eq!(conv(&b, &text, json!(true)), Ok(Some(json!("是"))));
    let m = simple("k", T::Money);
    assert_eq!(conv(&m, &text, json!({"amount": "1.50", "currency": "CNY"})), Ok(Some(json!("CNY 1.50"))));
    assert_eq!(conv(&text, &m, json!("CNY 1.50")), Ok(Some(json!({"amount": "1.50", "currency": "CNY"}))));
    assert_eq!(conv(&dt, &date, json!("2026-03-04T16:00:00.000Z")), Err("unsupported"));
}

#[test]
fn filters_fit_their_field() {
    let number = simple("k", FieldType::Number);
    let op = |f: &CompiledField, op: FilterOp, v: Option<Value>| check_filter(f, op, v.as_ref(), "filter.custom.0", SH);
    assert_eq!(op(&number, FilterOp::Gt, Some(json!("1,000"))), Ok(Operand::One(json!(1000))));
    assert_eq!(op(&number, FilterOp::IsEmpty, None), Ok(Operand::None));
    assert_eq!(op(&number, FilterOp::In, Some(json!([1, "2"]))), Ok(Operand::Many(vec![json!(1), json!(2)])));
    let reason = |r: Result<Operand, FieldError>| r.map_err(|e| (e.field, e.reason)).err();
    assert_eq!(
        reason(op(&number, FilterOp::Contains, Some(json!(1)))),
        Some(("filter.custom.0.op".to_owned(), "not_applicable"))
    );
    assert_eq!(reason(op(&number, FilterOp::Eq, None)), Some(("filter.custom.0.value".to_owned(), "required")));
    assert_eq!(
        reason(op(&number, FilterOp::Eq, Some(json!("x")))),
        Some(("filter.custom.0.value".to_owned(), "invalid"))
    );
    assert_eq!(
        reason(op(&number, FilterOp::In, Some(json!(1)))),
        Some(("filter.custom.0.value".to_owned(), "invalid"))
    );
    assert_eq!(
        reason(op(&number, FilterOp::In, Some(json!([1, "x"])))),
        Some(("filter.custom.0.value.1".to_owned(), "invalid"))
    );
    // Bounds do not limit what one looks for.
    let capped = with_rules("k", FieldType::Number, Rules { max: Some(json!(10)), ..Rules::default() });
    assert_eq!(op(&capped, FilterOp::Gt, Some(json!(100))), Ok(Operand::One(json!(100))));
    let text = with_rules("k", FieldType::Text, Rules { regex: Some("[0-9]+".into()), ..Rules::default() });
    assert_eq!(op(&text, FilterOp::Contains, Some(json!(" 华 "))), Ok(Operand::One(json!("华"))));
    let multi = with_rules(
        "k",
        FieldType::MultiSelect,
        Rules { options: opts(&["甲", "乙"]), min: Some(json!(2)), ..Rules::default() },
    );
    assert_eq!(op(&multi, FilterOp::Contains, Some(json!("乙"))), Ok(Operand::One(json!("o2"))));
    assert_eq!(
        reason(op(&multi, FilterOp::Eq, Some(json!("乙")))),
        Some(("filter.custom.0.op".to_owned(), "not_applicable"))
    );
}

#[test]
fn plugins_see_money_in_minor_units() {
    let m = simple("ltv", FieldType::Money);
    let stored = norm(&m, json!("¥12,800.5")).expect("an amount").expect("not empty");
    assert_eq!(stored, json!({ "amount": "12800.50", "currency": "CNY" }));
    let abi = m.value_to_abi(&stored);
    assert_eq!(abi, json!({ "amount_minor": 1_280_050, "currency": "CNY" }));
    assert_eq!(norm(&m, m.value_from_abi(&abi)), Ok(Some(stored.clone())));
    // Other types, and values that are not money, pass as they are.
    let t = simple("t", FieldType::Text);
    assert_eq!(t.value_to_abi(&json!("x")), json!("x"));
    assert_eq!(m.value_from_abi(&json!("12.5")), json!("12.5"));
    let set = FieldSet::new(vec![m.def.clone(), t.def.clone()], SH).expect("a field set");
    assert_eq!(
        set.to_abi(&json!({ "ltv": stored, "t": "x", "gone": 1 })),
        json!({ "ltv": { "amount_minor": 1_280_050, "currency": "CNY" }, "t": "x", "gone": 1 })
    );
}

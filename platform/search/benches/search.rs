//! Search benchmark: 100,000 generated customers indexed on Tantivy
//! (documents per second, enrichment included), then typical queries
//! through the engine, each compared with a raw Tantivy `TermQuery` for the
//! same enriched term on the same index, measured in the same run.
//!
//! `cargo bench -p guanxi-search --bench search` (release; slow to build).
//! `GUANXI_BENCH_DOCS` changes the corpus size.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use guanxi_core::TenantId;
use guanxi_search::{
    Document, EntityKind, SearchEngine, SearchField, SearchQuery, SearchSort, TantivyEngine, Visibility,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use uuid::Uuid;

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣怡子涵梓轩雨泽思博文昊天一诺佳琪晨阳嘉宏亮志远建国海波晓东春梅秋菊冬雪小";
const CITIES: &[&str] =
    &["北京", "上海", "广州", "深圳", "天津", "南京", "杭州", "苏州", "武汉", "成都", "西安", "沈阳", "长沙", "郑州"];
const BRANDS: &str = "华宏盛鑫恒泰裕隆昌达顺兴源丰祥瑞金诚信德嘉聚鼎晟宸睿博远航海天宇新中汇通农业发展";
const TRADES: &[&str] =
    &["科技", "贸易", "实业", "电子", "机械", "建材", "物流", "农业", "投资", "网络", "生物", "医药", "化工"];

fn pick(rng: &mut StdRng, chars: &str) -> char {
    let chars: Vec<char> = chars.chars().collect();
    chars[rng.gen_range(0..chars.len())]
}

fn corpus(tenant: TenantId, n: usize) -> Vec<Document> {
    let mut rng = StdRng::seed_from_u64(100_000);
    let owners: Vec<Uuid> = (0..50).map(|_| Uuid::new_v4()).collect();
    let start = Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).single().expect("a date");
    (0..n)
        .map(|i| {
            let name = format!("{}{}{}", pick(&mut rng, SURNAMES), pick(&mut rng, GIVEN), pick(&mut rng, GIVEN));
            let company = format!(
                "{}{}{}{}有限公司",
                CITIES[rng.gen_range(0..CITIES.len())],
                pick(&mut rng, BRANDS),
                pick(&mut rng, BRANDS),
                TRADES[rng.gen_range(0..TRADES.len())]
            );
            let phone = format!("1{}{:09}", rng.gen_range(3..10), rng.gen_range(0..1_000_000_000u64));
            let created = start + chrono::Duration::minutes(i as i64);
            let mut text = BTreeMap::new();
            text.insert(SearchField::Name, vec![name]);
            text.insert(SearchField::Company, vec![company]);
            text.insert(SearchField::Phone, vec![phone]);
            text.insert(SearchField::Title, vec!["采购经理".to_owned()]);
            let mut facets = BTreeMap::new();
            facets.insert("status".to_owned(), vec![["new", "active", "lost"][i % 3].to_owned()]);
            let id = Uuid::new_v4();
            Document {
                tenant,
                kind: EntityKind::Customer,
                id,
                customer: Some(id),
                owner: (i % 5 != 0).then(|| owners[i % owners.len()]),
                text,
                facets,
                created_at: created,
                updated_at: created,
            }
        })
        .collect()
}

/// The process's CPU time (user and system), from `/proc/self/stat`: on a
/// shared machine wall time alone says little.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at 3.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux this runs on.
    Some(ticks / 100.0)
}

fn p50(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("GUANXI_BENCH_DOCS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
    let tenant = TenantId(Uuid::new_v4());
    let docs = corpus(tenant, n);
    let engine = TantivyEngine::in_memory().expect("an index").with_commit_every(50_000);
    let cpu_before = cpu_seconds().unwrap_or(0.0);
    let started = Instant::now();
    rt.block_on(async {
        for chunk in docs.chunks(1_000) {
            engine.upsert(chunk.to_vec()).await.expect("indexed");
        }
        engine.refresh().await.expect("committed");
    });
    let took = started.elapsed();
    let cpu = cpu_seconds().map(|c| c - cpu_before);
    println!(
        "tantivy: indexed {n} customers in {took:.2?}: {:.0} customers/s{}",
        n as f64 / took.as_secs_f64(),
        cpu.map(|c| format!(" (process CPU {c:.1} s: {:.0} customers per CPU-second)", n as f64 / c))
            .unwrap_or_default()
    );

    // Typical queries, and the enriched term a raw TermQuery looks up.
    let queries: [(&str, SearchField, &str); 6] = [
        ("王", SearchField::Name, "王"),
        ("小明", SearchField::Name, "小明"),
        ("wxm", SearchField::Name, "wxm"),
        ("1234", SearchField::Phone, "1234"),
        ("农业", SearchField::Company, "农业"),
        ("zhangwei", SearchField::Name, "zhangwei"),
    ];
    let searcher = engine.reader().searcher();
    let mut group = c.benchmark_group("search");
    group.sample_size(50);
    for (text, field, term) in queries {
        let q = SearchQuery {
            tenant,
            kinds: vec![EntityKind::Customer],
            text: text.to_owned(),
            fields: Vec::new(),
            visibility: Visibility::All,
            filters: BTreeMap::new(),
            facets: Vec::new(),
            sort: SearchSort::Relevance,
            offset: 0,
            limit: 20,
            highlight: true,
        };
        let tf = engine.term_field(field).expect("a term field");
        let raw = TermQuery::new(tantivy::Term::from_field_text(tf, term), IndexRecordOption::WithFreqs);
        let collector = (TopDocs::with_limit(20), Count);
        let mut engine_samples = Vec::new();
        let mut raw_samples = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let res = rt.block_on(engine.search(&q)).expect("a result");
            engine_samples.push(t.elapsed());
            std::hint::black_box(res);
            let t = Instant::now();
            let res = searcher.search(&raw, &collector).expect("a result");
            raw_samples.push(t.elapsed());
            std::hint::black_box(res);
        }
        let (e, r) = (p50(engine_samples), p50(raw_samples));
        println!(
            "query {text:>10}: engine p50 {e:>10.2?}, raw TermQuery p50 {r:>10.2?}, ratio {:.1}",
            e.as_secs_f64() / r.as_secs_f64().max(1e-9)
        );
        group
            .bench_function(format!("engine/{text}"), |b| b.iter(|| rt.block_on(engine.search(&q)).expect("a result")));
        group
            .bench_function(format!("raw/{text}"), |b| b.iter(|| searcher.search(&raw, &collector).expect("a result")));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Shared by the benchmarks (included with `#[path]`): criterion's short
//! settings, and a fixed piece of plain work measured in every run so
//! figures from a noisy machine can be quoted as ratios to it.

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;

pub fn short(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
}

pub fn reference(c: &mut Criterion) {
    const N: usize = 100_000;
    // A xorshift stream: the same numbers on every run.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let numbers: Vec<u64> = (0..N)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        })
        .collect();
    let strings: Vec<String> = numbers
        .iter()
        .map(|n| format!("客户{} 1{:010}", n % 1000, n % 10_000_000_000))
        .collect();

    let mut group = c.benchmark_group("reference");
    short(&mut group);
    group.bench_function("sort_100k_u64", |b| {
        b.iter(|| {
            let mut v = numbers.clone();
            v.sort_unstable();
            black_box(v[N / 2])
        })
    });
    group.bench_function("contains_100k_strings", |b| {
        b.iter(|| {
            black_box(
                strings
                    .iter()
                    .filter(|s| s.contains(black_box("0013")))
                    .count(),
            )
        })
    });
    group.finish();
}

//! Frame math: edges rounded, lengths never, no drift over 2,700 sentences.

use videogen_export::timing::{layout, Span};
use videogen_export::FrameRate;

/// Deterministic "random" sentence lengths between 700 and 9,700 ms.
fn lengths(n: usize) -> Vec<i64> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            700 + (x % 9000) as i64
        })
        .collect()
}

fn check_no_drift(rate: FrameRate, pause: i64) {
    let durations = lengths(2700);
    let spans: Vec<Span> = layout(rate, durations.iter().map(|d| (*d, pause)));
    let mut exact_ms = 0i64;
    let mut prev_end = 0;
    for (i, (s, d)) in spans.iter().zip(&durations).enumerate() {
        if i > 0 {
            exact_ms += pause;
        }
        assert_eq!(s.start_ms, exact_ms, "start of sentence {i} at {rate}");
        assert!(
            s.start_frame >= prev_end,
            "sentence {i} overlaps the previous at {rate}"
        );
        if pause == 0 {
            assert_eq!(s.start_frame, prev_end, "gap before sentence {i} at {rate}");
        }
        exact_ms += d;
        // Each edge is within half a frame of the exact time: error never accumulates.
        let edge_ms = s.end_frame as f64 * 1000.0 * f64::from(rate.den) / f64::from(rate.num);
        let half_frame = 500.0 * f64::from(rate.den) / f64::from(rate.num);
        assert!(
            (edge_ms - exact_ms as f64).abs() <= half_frame + 1e-6,
            "edge {i} drifted at {rate}"
        );
        prev_end = s.end_frame;
    }
    assert_eq!(spans.last().unwrap().end_frame, rate.ms_to_frame(exact_ms));
}

#[test]
fn edges_stay_within_half_a_frame_over_2700_sentences_at_every_rate() {
    for rate in FrameRate::SUPPORTED {
        check_no_drift(rate, 0);
        check_no_drift(rate, 250);
    }
}

#[test]
fn rounding_lengths_independently_would_drift_but_edges_do_not() {
    // 2,700 sentences of 1,020 ms at 24 fps: each length is 24.48 frames.
    let rate = FrameRate::FPS_24;
    let spans = layout(rate, std::iter::repeat_n((1020, 0), 2700));
    let naive: i64 = spans.iter().map(|_| rate.ms_to_frame(1020)).sum();
    let total = spans.last().unwrap().end_frame;
    assert_eq!(total, rate.ms_to_frame(2700 * 1020));
    assert_ne!(
        naive, total,
        "the naive sum should drift (this proves the test can fail)"
    );
}

#[test]
fn ntsc_edges_match_the_reference_formula() {
    // 56 frames at 23.976 last 2,335.666 ms.
    let r = FrameRate::FPS_23_976;
    assert_eq!(r.ms_to_frame(2336), 56);
    assert_eq!(r.frame_to_ms(56), 2336);
    let r = FrameRate::FPS_29_97;
    assert_eq!(r.ms_to_frame(1001), 30);
}

//! Finding the pause: the cut between two sentences goes to the middle of the longest run of
//! quiet short windows in a search range. ASR word times are late and fuzzy; the waveform is
//! exact, so the range only has to contain the pause.

use super::Pcm;

/// The analysis window: long enough to average over a pitch period, short enough to fit in
/// the briefest pause between sentences.
const WINDOW_MS: i64 = 20;
/// Step between windows.
const HOP_MS: i64 = 5;

/// The best cut in [from_ms, to_ms]: the centre of the longest run of windows that are about
/// as quiet as the quietest one; among equally long runs, the one nearest `expected_ms`.
pub fn quietest_cut(pcm: &Pcm, from_ms: i64, to_ms: i64, expected_ms: i64) -> i64 {
    let rate = i64::from(pcm.sample_rate);
    let total = pcm.samples.len() as i64;
    let to_sample = |ms: i64| (ms * rate / 1000).clamp(0, total);
    let (first, last) = (to_sample(from_ms), to_sample(to_ms));
    let window = (WINDOW_MS * rate / 1000).max(1);
    let hop = (HOP_MS * rate / 1000).max(1);
    if last - first < window {
        return (from_ms + to_ms) / 2;
    }
    // Prefix sums of squares make every window O(1). i16² < 2³⁰: a u64 holds 2³⁴ of them.
    let slice = &pcm.samples[first as usize..last as usize];
    let mut prefix = Vec::with_capacity(slice.len() + 1);
    prefix.push(0u64);
    let mut acc = 0u64;
    for s in slice {
        acc += (i64::from(*s) * i64::from(*s)) as u64;
        prefix.push(acc);
    }
    let starts: Vec<usize> = (0..=(slice.len() as i64 - window) as usize)
        .step_by(hop as usize)
        .collect();
    let energy: Vec<f64> = starts
        .iter()
        .map(|&s| ((prefix[s + window as usize] - prefix[s]) as f64 / window as f64).sqrt())
        .collect();
    let quietest = energy.iter().cloned().fold(f64::INFINITY, f64::min);
    let loudest = energy.iter().cloned().fold(0.0, f64::max);
    // "About as quiet": within a small part of the range's dynamics above the floor. A
    // fixed level would fail on a noisy recording; a ratio alone would fail on digital
    // silence (floor 0).
    let threshold = quietest * 1.5 + (loudest - quietest) * 0.02 + 1.0;
    let mut best: Option<(usize, i64, i64)> = None; // (run length, distance, centre)
    let mut k = 0;
    while k < energy.len() {
        if energy[k] > threshold {
            k += 1;
            continue;
        }
        let run_start = k;
        while k < energy.len() && energy[k] <= threshold {
            k += 1;
        }
        let begin = first + starts[run_start] as i64;
        let end = first + starts[k - 1] as i64 + window;
        let centre_ms = (begin + end) / 2 * 1000 / rate;
        let candidate = (k - run_start, (centre_ms - expected_ms).abs(), centre_ms);
        let better = match best {
            None => true,
            Some((len, dist, _)) => candidate.0 > len || (candidate.0 == len && candidate.1 < dist),
        };
        if better {
            best = Some(candidate);
        }
    }
    best.map_or((from_ms + to_ms) / 2, |(_, _, centre)| centre)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 kHz sample rate: one sample per ms, so positions read as ms.
    fn signal(parts: &[(i64, i16)]) -> Vec<i16> {
        let mut out = Vec::new();
        for (k, &(ms, amplitude)) in parts.iter().enumerate() {
            for t in 0..ms {
                let sign = if (t + k as i64) % 2 == 0 { 1 } else { -1 };
                out.push(amplitude * sign);
            }
        }
        out
    }

    #[test]
    fn cut_lands_in_the_middle_of_the_silence() {
        let samples = signal(&[(500, 3000), (300, 0), (500, 3000)]);
        let pcm = Pcm {
            samples: &samples,
            sample_rate: 1000,
        };
        let cut = quietest_cut(&pcm, 300, 1100, 700);
        assert!((640..=660).contains(&cut), "{cut}");
    }

    #[test]
    fn the_longest_pause_wins_over_a_short_closure() {
        // A 40 ms stop inside a word, then the 200 ms pause between sentences.
        let samples = signal(&[(300, 3000), (40, 0), (300, 3000), (200, 5), (300, 3000)]);
        let pcm = Pcm {
            samples: &samples,
            sample_rate: 1000,
        };
        let cut = quietest_cut(&pcm, 0, 1140, 320);
        assert!((640..=840).contains(&cut), "{cut}");
    }

    #[test]
    fn a_noisy_pause_is_still_found() {
        let samples = signal(&[(400, 4000), (150, 120), (400, 4000)]);
        let pcm = Pcm {
            samples: &samples,
            sample_rate: 1000,
        };
        let cut = quietest_cut(&pcm, 200, 800, 500);
        assert!((400..550).contains(&cut), "{cut}");
    }

    #[test]
    fn a_range_shorter_than_a_window_cuts_at_its_middle() {
        let samples = signal(&[(100, 3000)]);
        let pcm = Pcm {
            samples: &samples,
            sample_rate: 1000,
        };
        assert_eq!(quietest_cut(&pcm, 40, 50, 0), 45);
    }
}

//! A synthetic narrated section with known truth, for the tests and the bench
//! (`benches/align.rs` includes this file by path): script sentences, what a recogniser
//! would report (late, jittered, with dropped, merged and misspelled words and numbers in
//! their written form) and PCM with speech-like noise, stops inside words and pauses
//! between sentences. Plain types only, so it compiles in both places.

/// What to make.
pub struct Options {
    pub words: usize,
    pub sample_rate: u32,
    /// How late the recogniser's word times are, ms.
    pub late_ms: i64,
    pub seed: u64,
}

/// The section and its truth.
pub struct Synth {
    pub sentences: Vec<String>,
    /// (text, start ms, end ms) as a recogniser reports them.
    pub heard: Vec<(String, i64, i64)>,
    pub samples: Vec<i16>,
    pub sample_rate: u32,
    /// The true pause between sentence k and k + 1: (end of k's speech, start of k + 1's), ms.
    pub pauses: Vec<(i64, i64)>,
}

/// Script text and how the recogniser writes it.
const GROUPS: [(&str, &str); 10] = [
    ("three dollars", "$3"),
    ("twenty twenty-six", "2026"),
    ("ten percent", "10%"),
    ("Dr. Smith", "Doctor Smith"),
    ("never the less", "nevertheless"),
    ("Tchaikovsky", "Chaikovsky"),
    ("$5 million", "5 million dollars"),
    ("the 1st", "the first"),
    ("in 1984", "in nineteen eighty-four"),
    ("every one", "everyone"),
];

const VOCABULARY: [&str; 48] = [
    "the",
    "river",
    "carried",
    "stones",
    "toward",
    "a",
    "quiet",
    "valley",
    "where",
    "people",
    "built",
    "houses",
    "of",
    "timber",
    "and",
    "clay",
    "during",
    "winter",
    "storms",
    "came",
    "from",
    "north",
    "merchants",
    "traded",
    "salt",
    "for",
    "copper",
    "children",
    "learned",
    "songs",
    "about",
    "old",
    "kings",
    "harbour",
    "lights",
    "guided",
    "ships",
    "home",
    "every",
    "evening",
    "market",
    "opened",
    "early",
    "bridges",
    "crossed",
    "canals",
    "maps",
    "showed",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A stretch of the signal: speech (loud noise) or quiet, ms.
struct Part {
    ms: i64,
    loud: bool,
}

pub fn section(options: &Options) -> Synth {
    let mut rng = Rng(options.seed.max(1));
    let mut sentences = Vec::new();
    let mut heard = Vec::new();
    let mut pauses = Vec::new();
    let mut parts = vec![Part {
        ms: 200,
        loud: false,
    }];
    let mut clock = 200i64;
    let mut written = 0;
    while written < options.words {
        let mut script_words: Vec<String> = Vec::new();
        let items = rng.range(6, 18);
        let mut first_start = None;
        for item in 0..items {
            let (script, spoken) = if rng.chance(15) {
                GROUPS[rng.below(GROUPS.len() as u64) as usize]
            } else {
                let w = VOCABULARY[rng.below(VOCABULARY.len() as u64) as usize];
                (w, w)
            };
            let letters = script.chars().filter(|c| c.is_alphanumeric()).count() as i64;
            let ms = (110 + 55 * letters.min(12)) * rng.range(85, 115) / 100;
            let start = clock;
            first_start.get_or_insert(start);
            // Some words hold a stop closure: a short silence inside the word.
            if ms > 300 && rng.chance(30) {
                let closure = rng.range(30, 60);
                let before = rng.range(80, ms - closure - 80);
                parts.push(Part {
                    ms: before,
                    loud: true,
                });
                parts.push(Part {
                    ms: closure,
                    loud: false,
                });
                parts.push(Part {
                    ms: ms - before - closure,
                    loud: true,
                });
            } else {
                parts.push(Part { ms, loud: true });
            }
            clock += ms;
            // Merges stay inside a sentence: a recogniser does not glue words across a pause.
            let heard_in_sentence = item > 0;
            hear(
                &mut rng,
                spoken,
                (start, clock),
                options.late_ms,
                heard_in_sentence,
                &mut heard,
            );
            for (k, w) in script.split(' ').enumerate() {
                let mut w = w.to_owned();
                if item == 0 && k == 0 {
                    w = capitalise(&w);
                }
                script_words.push(w);
            }
            // A comma-like breath now and then, shorter than a sentence pause.
            if item + 1 < items && rng.chance(6) {
                let gap = rng.range(40, 130);
                parts.push(Part {
                    ms: gap,
                    loud: false,
                });
                clock += gap;
            }
        }
        written += script_words.len();
        if let Some(last) = script_words.last_mut() {
            last.push(if rng.chance(20) { '?' } else { '.' });
        }
        sentences.push(script_words.join(" "));
        if let Some(previous_end) = pauses.last_mut().map(|p: &mut (i64, i64)| &mut p.1) {
            *previous_end = first_start.unwrap_or(clock);
        }
        let pause = rng.range(250, 600);
        pauses.push((clock, 0));
        parts.push(Part {
            ms: pause,
            loud: false,
        });
        clock += pause;
    }
    pauses.pop();
    let samples = render(&mut rng, &parts, options.sample_rate);
    Synth {
        sentences,
        heard,
        samples,
        sample_rate: options.sample_rate,
        pauses,
    }
}

/// What a recogniser reports for speech [start, end): late, jittered, now and then dropped,
/// misspelled or merged with the word before.
fn hear(
    rng: &mut Rng,
    spoken: &str,
    (start, end): (i64, i64),
    late: i64,
    may_merge: bool,
    out: &mut Vec<(String, i64, i64)>,
) {
    let words: Vec<&str> = spoken.split(' ').collect();
    let total: i64 = words.iter().map(|w| w.len() as i64).sum();
    let mut at = start;
    for (k, w) in words.iter().enumerate() {
        let ms = (end - start) * w.len() as i64 / total.max(1);
        let (s, e) = (at, at + ms);
        at = e;
        if rng.chance(3) {
            continue;
        }
        let mut text = (*w).to_owned();
        if rng.chance(3) && text.len() > 4 {
            let at_char = rng.range(1, text.len() as i64 - 2) as usize;
            if text.is_char_boundary(at_char) && text.is_char_boundary(at_char + 1) {
                text.replace_range(at_char..at_char + 1, "e");
            }
        }
        let jitter = rng.range(-30, 30);
        let heard = (format!(" {text}"), s + late + jitter, e + late + jitter);
        match out.last_mut() {
            Some(prev) if (may_merge || k > 0) && rng.chance(2) => {
                prev.0.push_str(text.as_str());
                prev.2 = heard.2;
            }
            _ => out.push(heard),
        }
    }
}

fn render(rng: &mut Rng, parts: &[Part], rate: u32) -> Vec<i16> {
    let total_ms: i64 = parts.iter().map(|p| p.ms).sum::<i64>() + 300;
    let mut samples = Vec::with_capacity((total_ms * i64::from(rate) / 1000) as usize);
    for part in parts {
        let n = part.ms * i64::from(rate) / 1000;
        let amplitude: i64 = if part.loud { rng.range(1500, 6000) } else { 8 };
        for k in 0..n {
            // A rise and fall over the word, so its edges are quieter than its middle.
            let envelope = if part.loud {
                let edge = (k.min(n - k) * 1000 / (n / 4).max(1)).min(1000);
                200 + edge * 8 / 10
            } else {
                1000
            };
            let noise = (rng.next() >> 48) as i64 - 32768;
            samples.push((noise * amplitude / 32768 * envelope / 1000) as i16);
        }
    }
    samples.extend(std::iter::repeat_n(
        0i16,
        (300 * i64::from(rate) / 1000) as usize,
    ));
    samples
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

//! Sequence alignment of two token lists (script and ASR), Needleman–Wunsch style with
//! costs from character similarity, in a band around the diagonal.
//!
//! Besides one-to-one pairs and gaps, a token may pair with two or three tokens of the other
//! side whose concatenation spells it ("nevertheless" / "never the less", "everyone" /
//! "every one"). The band follows the line from (0, 0) to (n, m), so a uniform difference in
//! length costs nothing; it starts narrow (±32 tokens, or 1 % of the longer side) and
//! doubles whenever the best path touches its edge, where a better path might run outside.
//! A 3,000-word section aligns in about two hundred thousand cells (1.3 MB) instead of ten
//! million.

use std::ops::Range;

/// Costs in hundredths of a gap.
const GAP: u32 = 100;
/// Words that speakers and recognisers insert or drop in numbers ("one hundred and five",
/// "nineteen oh five"): cheap to skip.
const CHEAP_GAP: u32 = 35;
/// Two unrelated words: a little less than two gaps, so that a misheard word still pairs
/// with the word at its place and keeps its time.
const MISMATCH: u32 = 180;
/// The most a pair may cost and still count as the same word heard (similarity 0.5).
const SIMILAR: u32 = 130;
/// Slope of the cost by dissimilarity: similarity 0.5 costs 130, 0.9 costs 26.
const SLOPE: f32 = 260.0;
/// A merge costs this plus [`MERGE_EDIT`] per edit: an exact merge ("never the less" /
/// "nevertheless") is cheap, but a merge that needs even one edit costs more than dropping a
/// short word, so that "of opened" / "opened" is a gap and a pair, not a merge.
const MERGE_EXTRA: u32 = 10;
const MERGE_EDIT: u32 = 95;
/// A merge must spell the other side this closely.
const MERGE_MIN_SIMILARITY: f32 = 0.75;
const INF: u32 = u32::MAX / 2;

/// One step of the alignment: script tokens `a` paired with ASR tokens `b`. One side is
/// empty for a gap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub a: Range<usize>,
    pub b: Range<usize>,
    /// 0 for identical tokens; up to [`MISMATCH`] for unrelated ones.
    pub cost: u32,
}

impl Pair {
    /// Whether the two sides are plausibly the same words (not a gap, not two unrelated
    /// words that only share a position).
    pub fn is_match(&self) -> bool {
        !self.a.is_empty() && !self.b.is_empty() && self.cost <= SIMILAR
    }
}

/// A token prepared for fast comparison.
struct Prepared<'a> {
    bytes: &'a [u8],
    /// Which byte values (mod 64) occur: a cheap lower bound on the edit distance.
    mask: u64,
    /// Equal texts have equal ids (per side), for the cost cache.
    id: usize,
}

fn prepare<'a>(tokens: &[&'a str]) -> (Vec<Prepared<'a>>, usize) {
    let mut ids = std::collections::HashMap::new();
    let prepared = tokens
        .iter()
        .map(|t| {
            let bytes = t.as_bytes();
            let next = ids.len();
            Prepared {
                bytes,
                mask: bytes.iter().fold(0u64, |m, b| m | 1 << (b % 64)),
                id: *ids.entry(bytes).or_insert(next),
            }
        })
        .collect();
    (prepared, ids.len())
}

/// Pair costs by token ids, computed once: a section repeats its words, and the band
/// compares each pair of them many times.
struct CostCache {
    columns: usize,
    /// `UNKNOWN` until computed; costs fit in a byte (at most [`MISMATCH`]).
    table: Vec<u8>,
}

const UNKNOWN: u8 = u8::MAX;
/// Above this many id pairs (bytes), costs are computed each time instead.
const MAX_CACHE: usize = 16 << 20;

impl CostCache {
    fn new(rows: usize, columns: usize) -> Self {
        let size = rows.saturating_mul(columns);
        CostCache {
            columns,
            table: if size <= MAX_CACHE {
                vec![UNKNOWN; size]
            } else {
                Vec::new()
            },
        }
    }

    fn get(&mut self, x: &Prepared, y: &Prepared) -> u32 {
        if x.bytes == y.bytes {
            return 0;
        }
        let Some(slot) = self.table.get_mut(x.id * self.columns + y.id) else {
            return pair_cost(x, y);
        };
        if *slot == UNKNOWN {
            // pair_cost never exceeds MISMATCH (180), so it fits below UNKNOWN.
            *slot = pair_cost(x, y) as u8;
        }
        u32::from(*slot)
    }
}

/// Aligns `a` (script tokens) with `b` (ASR tokens); the pairs cover both in order.
pub fn align(a: &[&str], b: &[&str]) -> Vec<Pair> {
    let (pa, va) = prepare(a);
    let (pb, vb) = prepare(b);
    let mut cache = CostCache::new(va, vb);
    let (n, m) = (a.len(), b.len());
    let mut half_width = 32.max(n.max(m) / 100);
    loop {
        let band = Band::new(n, m, half_width);
        let (pairs, touched_edge) = band.solve(&pa, &pb, &mut cache);
        if !touched_edge || band.covers_all() {
            return pairs;
        }
        half_width *= 2;
    }
}

/// The cells (i, j) with j within `half_width` of the line i·m/n.
struct Band {
    n: usize,
    m: usize,
    half_width: usize,
    width: usize,
}

impl Band {
    fn new(n: usize, m: usize, half_width: usize) -> Self {
        let width = (2 * half_width + 1).min(m + 1);
        Band {
            n,
            m,
            half_width,
            width,
        }
    }

    fn covers_all(&self) -> bool {
        self.width == self.m + 1
    }

    /// First column of row i in the band.
    fn lo(&self, i: usize) -> usize {
        let centre = (i * self.m).checked_div(self.n).unwrap_or(0);
        centre
            .saturating_sub(self.half_width)
            .min(self.m + 1 - self.width)
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let lo = self.lo(i);
        (j >= lo && j < lo + self.width).then(|| i * self.width + (j - lo))
    }

    fn solve(&self, a: &[Prepared], b: &[Prepared], cache: &mut CostCache) -> (Vec<Pair>, bool) {
        let cells = (self.n + 1) * self.width;
        let mut cost = vec![INF; cells];
        // The move that reached each cell: (rows back, columns back), 0 for the origin.
        let mut back = vec![(0u8, 0u8); cells];
        let at = |cost: &[u32], i: usize, j: usize| self.index(i, j).map_or(INF, |k| cost[k]);
        for i in 0..=self.n {
            let lo = self.lo(i);
            for j in lo..lo + self.width {
                if i == 0 && j == 0 {
                    cost[0] = 0;
                    continue;
                }
                let mut best = (INF, (0u8, 0u8));
                let mut consider = |c: u32, mv: (u8, u8)| {
                    if c < best.0 {
                        best = (c, mv);
                    }
                };
                if i > 0 {
                    consider(at(&cost, i - 1, j) + gap(&a[i - 1]), (1, 0));
                }
                if j > 0 {
                    consider(at(&cost, i, j - 1) + gap(&b[j - 1]), (0, 1));
                }
                if i > 0 && j > 0 {
                    let prev = at(&cost, i - 1, j - 1);
                    if prev < INF {
                        consider(prev + cache.get(&a[i - 1], &b[j - 1]), (1, 1));
                    }
                    for k in 2..=3usize {
                        if j >= k {
                            let prev = at(&cost, i - 1, j - k);
                            if prev < INF {
                                if let Some(c) = merge_cost(&a[i - 1], &b[j - k..j]) {
                                    consider(prev + c, (1, k as u8));
                                }
                            }
                        }
                        if i >= k {
                            let prev = at(&cost, i - k, j - 1);
                            if prev < INF {
                                if let Some(c) = merge_cost(&b[j - 1], &a[i - k..i]) {
                                    consider(prev + c, (k as u8, 1));
                                }
                            }
                        }
                    }
                }
                let k = i * self.width + (j - lo);
                cost[k] = best.0;
                back[k] = best.1;
            }
        }
        self.trace(&cost, &back)
    }

    fn trace(&self, cost: &[u32], back: &[(u8, u8)]) -> (Vec<Pair>, bool) {
        let (mut i, mut j) = (self.n, self.m);
        let mut pairs = Vec::new();
        let mut touched_edge = false;
        while i > 0 || j > 0 {
            // The end cell is always in the band (lo(n) ≤ m < lo(n) + width), and every
            // move recorded below leads to a cell that was in the band when it was chosen.
            let Some(k) = self.index(i, j) else {
                unreachable!("the alignment path left the band at ({i}, {j})")
            };
            let lo = self.lo(i);
            if (j == lo && lo > 0) || (j + 1 == lo + self.width && j < self.m) {
                touched_edge = true;
            }
            let (di, dj) = (back[k].0 as usize, back[k].1 as usize);
            let here = cost[k];
            let before = self.index(i - di, j - dj).map_or(0, |p| cost[p]);
            let step_cost = here - before;
            // Every merge the search allows spells its other side closely: a match.
            let shown = if di + dj > 2 {
                step_cost.min(SIMILAR)
            } else {
                step_cost
            };
            pairs.push(Pair {
                a: i - di..i,
                b: j - dj..j,
                cost: shown,
            });
            i -= di;
            j -= dj;
        }
        pairs.reverse();
        (pairs, touched_edge)
    }
}

fn gap(t: &Prepared) -> u32 {
    match t.bytes {
        b"and" | b"oh" => CHEAP_GAP,
        _ => GAP,
    }
}

fn pair_cost(x: &Prepared, y: &Prepared) -> u32 {
    if x.bytes == y.bytes {
        return 0;
    }
    let longest = x.bytes.len().max(y.bytes.len());
    // Lower bound on edits: the length difference, and the characters of one that the other
    // lacks entirely.
    let missing = |p: &Prepared, q: &Prepared| {
        p.bytes
            .iter()
            .filter(|b| q.mask & (1 << (*b % 64)) == 0)
            .count()
    };
    let bound = x
        .bytes
        .len()
        .abs_diff(y.bytes.len())
        .max(missing(x, y))
        .max(missing(y, x));
    if bound * 2 > longest {
        return MISMATCH;
    }
    let sim = similarity(x.bytes, y.bytes);
    ((SLOPE * (1.0 - sim)).round() as u32).min(MISMATCH)
}

/// The cost of `one` against the concatenation of `parts`, if it spells it closely enough.
fn merge_cost(one: &Prepared, parts: &[Prepared]) -> Option<u32> {
    // A merge keeps at least one of its ends ("chaikovskywhere" / "tchaikovsky where"
    // keeps the last): most cells are ruled out here.
    let (first, last) = (parts[0].bytes.first(), parts[parts.len() - 1].bytes.last());
    if one.bytes.first() != first && one.bytes.last() != last {
        return None;
    }
    let joined_len: usize = parts.iter().map(|p| p.bytes.len()).sum();
    let (short, long) = if joined_len < one.bytes.len() {
        (joined_len, one.bytes.len())
    } else {
        (one.bytes.len(), joined_len)
    };
    if (short as f32) < MERGE_MIN_SIMILARITY * long as f32 {
        return None;
    }
    // Letters of `one` that no part has: each costs an edit.
    let mask = parts.iter().fold(0u64, |m, p| m | p.mask);
    let missing = one
        .bytes
        .iter()
        .filter(|b| mask & (1 << (*b % 64)) == 0)
        .count();
    if (missing as f32) > (1.0 - MERGE_MIN_SIMILARITY) * long as f32 {
        return None;
    }
    let mut buffer = [0u8; 64];
    let mut heap = Vec::new();
    let joined: &[u8] = if joined_len <= buffer.len() {
        let mut at = 0;
        for p in parts {
            buffer[at..at + p.bytes.len()].copy_from_slice(p.bytes);
            at += p.bytes.len();
        }
        &buffer[..joined_len]
    } else {
        for p in parts {
            heap.extend_from_slice(p.bytes);
        }
        &heap
    };
    let edits = levenshtein(one.bytes, joined);
    let sim = 1.0 - edits as f32 / long as f32;
    (sim >= MERGE_MIN_SIMILARITY).then(|| MERGE_EXTRA + MERGE_EDIT * edits as u32)
}

/// 1 − edit distance / longer length: 1 for equal strings, 0 for nothing in common.
pub fn similarity(x: &[u8], y: &[u8]) -> f32 {
    let longest = x.len().max(y.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - levenshtein(x, y) as f32 / longest as f32
}

fn levenshtein(x: &[u8], y: &[u8]) -> usize {
    // One row of the classic table, on the stack for words of ordinary length.
    let mut stack = [0usize; 64];
    let mut heap = Vec::new();
    let row: &mut [usize] = if y.len() < stack.len() {
        &mut stack[..=y.len()]
    } else {
        heap.resize(y.len() + 1, 0);
        &mut heap
    };
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, cx) in x.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cy) in y.iter().enumerate() {
            let substitute = diagonal + usize::from(cx != cy);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[y.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    /// The alignment as "a|b" pairs, "-" for an empty side.
    fn show(a: &str, b: &str) -> Vec<String> {
        let (a, b) = (words(a), words(b));
        align(&a, &b)
            .iter()
            .map(|p| {
                let side = |r: &Range<usize>, t: &[&str]| {
                    if r.is_empty() {
                        "-".to_owned()
                    } else {
                        t[r.clone()].join("+")
                    }
                };
                format!("{}|{}", side(&p.a, &a), side(&p.b, &b))
            })
            .collect()
    }

    #[test]
    fn identical_sequences_pair_one_to_one() {
        assert_eq!(show("a b c", "a b c"), ["a|a", "b|b", "c|c"]);
    }

    #[test]
    fn a_dropped_word_becomes_a_gap() {
        assert_eq!(
            show("the quick brown fox", "the brown fox"),
            ["the|the", "quick|-", "brown|brown", "fox|fox"]
        );
    }

    #[test]
    fn an_extra_heard_word_becomes_a_gap() {
        assert_eq!(
            show("the brown fox", "the um brown fox"),
            ["the|the", "-|um", "brown|brown", "fox|fox"]
        );
    }

    #[test]
    fn merged_and_split_words_pair_as_one_step() {
        assert_eq!(
            show("it was never the less fine", "it was nevertheless fine"),
            [
                "it|it",
                "was|was",
                "never+the+less|nevertheless",
                "fine|fine"
            ]
        );
        assert_eq!(
            show("everyone came", "every one came"),
            ["everyone|every+one", "came|came"]
        );
    }

    #[test]
    fn a_misspelled_name_still_pairs() {
        let pairs = align(
            &words("music by tchaikovsky today"),
            &words("music by chaikovsky today"),
        );
        assert_eq!(pairs.len(), 4);
        assert!(pairs[2].is_match(), "{pairs:?}");
        assert!(pairs[2].cost > 0);
    }

    #[test]
    fn a_misheard_word_keeps_its_place() {
        assert_eq!(
            show("we sailed at dawn", "we sailed at down"),
            ["we|we", "sailed|sailed", "at|at", "dawn|down"]
        );
    }

    #[test]
    fn a_long_drop_far_from_the_diagonal_is_found_by_widening_the_band() {
        let script: Vec<String> = (0..600).map(|k| format!("w{k}")).collect();
        // The ASR missed 150 words at the start: the path runs far off the diagonal.
        let heard: Vec<String> = script[150..].to_vec();
        let a: Vec<&str> = script.iter().map(String::as_str).collect();
        let b: Vec<&str> = heard.iter().map(String::as_str).collect();
        let pairs = align(&a, &b);
        let matched = pairs.iter().filter(|p| p.is_match() && p.cost == 0).count();
        assert_eq!(matched, 450);
    }

    #[test]
    fn a_dropped_short_word_is_not_merged_into_its_neighbour() {
        assert_eq!(
            show("river of showed opened", "river showed opened"),
            ["river|river", "of|-", "showed|showed", "opened|opened"]
        );
    }

    #[test]
    fn a_merge_with_a_misspelling_still_pairs_as_one_step() {
        assert_eq!(
            show("by tchaikovsky where", "by chaikovskywhere"),
            ["by|by", "tchaikovsky+where|chaikovskywhere"]
        );
    }

    #[test]
    fn similarity_is_one_minus_relative_edit_distance() {
        assert_eq!(similarity(b"abc", b"abc"), 1.0);
        assert!((similarity(b"tchaikovsky", b"chaikovsky") - 10.0 / 11.0).abs() < 1e-6);
        assert_eq!(similarity(b"abc", b"xyz"), 0.0);
    }
}

//! Splits paragraphs for the pySBD comparison (`bench/compare_pysbd.py`).
//!
//! Reads JSON lines `{"id": …, "text": "…"}` on stdin and writes
//! `{"id": …, "sentences": ["…", …]}` per line on stdout, in order.

use std::io::{BufRead, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let mut record: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&line)?;
        let text = record
            .remove("text")
            .and_then(|text| text.as_str().map(str::to_owned))
            .ok_or("each line needs a \"text\" string")?;
        let sentences = videogen_text::split_sentences(&text);
        record.insert("sentences".to_owned(), sentences.into());
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

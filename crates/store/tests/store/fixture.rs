//! A project with two sections of two sentences each, every asset generated and clean.

use tempfile::TempDir;
use videogen_model::{
    AssetKind, CharacterId, NewCharacter, NewProject, ProjectId, SectionId, Sentence, SentenceId,
};
use videogen_store::repo::{characters, projects, sections, sentences};
use videogen_store::Store;

pub struct Fixture {
    pub _dir: TempDir,
    pub store: Store,
    pub project: ProjectId,
    pub sections: [SectionId; 2],
    /// Sentences of the first section, then of the second.
    pub sentences: [SentenceId; 4],
    pub character: CharacterId,
}

pub fn open() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("studio.db")).expect("open store");
    (dir, store)
}

impl Fixture {
    pub fn new() -> Fixture {
        let (dir, store) = open();
        let (project, secs, sents, character) = store
            .write(|tx| {
                let p = projects::create(
                    tx,
                    &NewProject {
                        name: "Fixture".into(),
                        ..Default::default()
                    },
                )?;
                let a = sections::create(tx, &p.id, "One", None)?;
                let b = sections::create(tx, &p.id, "Two", None)?;
                let mut ids =
                    sentences::append_many(tx, &a.id, &["First.".into(), "Second.".into()])?;
                ids.extend(sentences::append_many(
                    tx,
                    &b.id,
                    &["Third.".into(), "Fourth.".into()],
                )?);
                let c = characters::create(
                    tx,
                    &NewCharacter {
                        name: "Ada".into(),
                        ..Default::default()
                    },
                )?;
                projects::add_to_cast(tx, &p.id, &c.id)?;
                Ok((p.id, [a.id, b.id], ids, c.id))
            })
            .expect("fixture");
        let f = Fixture {
            _dir: dir,
            store,
            project,
            sections: secs,
            sentences: sents.try_into().expect("four sentences"),
            character,
        };
        for id in f.sentences.clone() {
            f.make_clean(&id);
        }
        for s in f.sections.clone() {
            let rev = f
                .store
                .read(|c| sections::get(c, &s))
                .expect("section")
                .narration
                .rev;
            f.store
                .write(|tx| sections::record_narration(tx, &s, rev, "n.wav", 1000))
                .expect("narration");
        }
        f
    }

    /// Gives the sentence generated prompts and records all three assets at current revisions.
    pub fn make_clean(&self, id: &SentenceId) {
        self.store
            .write(|tx| {
                sentences::set_generated_prompts(tx, id, Some("an image"), Some("a motion"))
            })
            .expect("prompts");
        for kind in [AssetKind::Audio, AssetKind::Image, AssetKind::Video] {
            let s = self.sentence(id);
            let rev = match kind {
                AssetKind::Audio => s.audio.rev,
                AssetKind::Image => s.image.rev,
                AssetKind::Video => s.video.rev,
            };
            let file = format!("{}_{}_r{rev}", id, kind.as_str());
            let result = sentences::AssetResult {
                file: &file,
                duration_ms: Some(1500),
                word_timings: None,
            };
            let clean = self
                .store
                .write(|tx| sentences::record_asset(tx, id, kind, rev, &result))
                .expect("record");
            assert!(clean, "{kind:?} recorded at its current revision is clean");
        }
        let s = self.sentence(id);
        assert!(!s.any_dirty() && !s.image_prompt_stale && !s.video_prompt_stale);
    }

    pub fn sentence(&self, id: &SentenceId) -> Sentence {
        self.store
            .read(|c| sentences::get(c, id))
            .expect("sentence")
    }

    pub fn section_dirty(&self, i: usize) -> bool {
        self.store
            .read(|c| sections::get(c, &self.sections[i]))
            .expect("section")
            .narration
            .dirty
    }

    /// (audio, image, video) dirty flags of each sentence.
    pub fn flags(&self) -> Vec<(bool, bool, bool)> {
        self.sentences
            .iter()
            .map(|id| {
                let s = self.sentence(id);
                (s.audio.dirty, s.image.dirty, s.video.dirty)
            })
            .collect()
    }
}

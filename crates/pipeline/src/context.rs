//! What every handler shares: the store, the queue, the data dir and the services; and the
//! project rows the planner needs, read in one place.

use std::path::PathBuf;
use std::sync::Arc;

use videogen_jobs::{HandlerError, Queue};
use videogen_model::{
    Character, GenerationModel, Project, ProjectId, Sentence, SentenceId, VisualStyle,
};
use videogen_store::repo::{catalog, characters, projects, sentences};
use videogen_store::{Connection, Store, StoreError};

use crate::plan::Inputs;
use crate::services::Services;

/// The pipeline of one data directory. Cheap to clone.
#[derive(Clone)]
pub struct Pipeline {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    queue: Queue,
    data_dir: PathBuf,
    services: Services,
}

impl Pipeline {
    /// A pipeline over this data directory's store and queue, with these services.
    pub fn new(store: Store, queue: Queue, data_dir: PathBuf, services: Services) -> Self {
        Pipeline {
            inner: Arc::new(Inner {
                store,
                queue,
                data_dir,
                services,
            }),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The queue.
    pub fn queue(&self) -> &Queue {
        &self.inner.queue
    }

    /// The data directory.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.inner.data_dir
    }

    /// The services.
    pub fn services(&self) -> &Services {
        &self.inner.services
    }

    /// The project and the catalog rows it renders with.
    pub fn project_rows(&self, id: &ProjectId) -> Result<ProjectRows, HandlerError> {
        Ok(self.store().read(|c| project_rows_in(c, id))?)
    }

    /// A sentence job's inputs in one read: its project, the project's rows and the
    /// sentence. One transaction, not three: every read after another connection's write
    /// starts from a cold page cache (WAL), so separate reads cost a job several times over.
    pub fn sentence_rows(
        &self,
        id: &SentenceId,
    ) -> Result<(ProjectId, ProjectRows, Sentence), HandlerError> {
        Ok(self.store().read(|c| {
            let project = sentences::project_of(c, id)?;
            let rows = project_rows_in(c, &project)?;
            let sentence = sentences::get(c, id)?;
            Ok((project, rows, sentence))
        })?)
    }
}

/// [`Pipeline::project_rows`] inside a read the caller holds.
pub(crate) fn project_rows_in(c: &Connection, id: &ProjectId) -> Result<ProjectRows, StoreError> {
    let project = projects::get(c, id)?;
    let model = |m: &Option<videogen_model::GenerationModelId>| {
        m.as_ref().map(|m| catalog::get_model(c, m)).transpose()
    };
    let image_model = model(&project.model_id).ok().flatten();
    let video_model = model(&project.video_model_id).ok().flatten();
    let style = project
        .style_id
        .as_ref()
        .and_then(|s| catalog::get_style(c, s).ok());
    let cast = project
        .cast
        .iter()
        .filter_map(|id| characters::get(c, id).ok())
        .collect();
    Ok(ProjectRows {
        project,
        image_model,
        video_model,
        style,
        cast,
    })
}

/// A project with the catalog rows it renders with.
#[derive(Clone, Debug)]
pub struct ProjectRows {
    /// The project.
    pub project: Project,
    /// Its image model.
    pub image_model: Option<GenerationModel>,
    /// Its video model.
    pub video_model: Option<GenerationModel>,
    /// Its style.
    pub style: Option<VisualStyle>,
    /// Its cast.
    pub cast: Vec<Character>,
}

impl ProjectRows {
    /// The planner's view of them.
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            project: &self.project,
            image_model: self.image_model.as_ref(),
            video_model: self.video_model.as_ref(),
            style: self.style.as_ref(),
            cast: &self.cast,
        }
    }
}

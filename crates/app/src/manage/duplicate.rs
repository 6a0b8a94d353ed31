//! Duplicating a project: its rows under new ids, its files linked or copied under the
//! names of those ids.

use videogen_model::{AppError, Project, ProjectId};
use videogen_store::repo::copy;

use super::{files_under, link_or_copy, Partial};
use crate::Studio;

impl Studio {
    /// Copies a project with its script, prompts, takes and media under new ids, named
    /// `name` (default: "<name> (copy)"). The copy's files are hard links where the
    /// filesystem allows (no file is ever modified in place), so it costs little disk.
    pub fn duplicate_project(
        &self,
        id: &ProjectId,
        name: Option<&str>,
    ) -> Result<Project, AppError> {
        let rows = self.store().read(|c| {
            let tx = c.unchecked_transaction()?;
            let rows = copy::dump(&tx, id)?;
            tx.finish()?;
            Ok(rows)
        })?;
        let ids = rows.new_ids();
        let new_id = ids
            .project()
            .cloned()
            .ok_or_else(|| AppError::invalid("The project has no row to copy."))?;
        let source = self.layout().project_dir(id);
        let partial = Partial::new(
            self.data_dir()
                .join("projects")
                .join(format!(".{}.partial", new_id.as_str())),
        );
        let prefix = format!("projects/{}/", id.as_str());
        for (rel, _) in files_under(&source)? {
            let renamed = ids.rename_path(&format!("{prefix}{rel}"));
            let inside = renamed
                .strip_prefix(&format!("projects/{}/", new_id.as_str()))
                .unwrap_or(&renamed)
                .to_owned();
            link_or_copy(&source.join(&rel), &partial.path().join(inside))?;
        }
        std::fs::create_dir_all(partial.path())
            .map_err(|e| crate::io_error("Cannot create the copy's folder", e))?;
        let default_name = rows
            .project()
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .map(|n| format!("{n} (copy)"));
        let name = name.map(str::to_owned).or(default_name);
        let created = self
            .store()
            .write(|tx| copy::insert(tx, &rows, &ids, name.as_deref()))?;
        if let Err(err) = partial.finish(&self.layout().project_dir(&created)) {
            // Without its files the copy is not one: take its rows back out.
            let _ = self.store().write(|tx| {
                videogen_store::repo::projects::delete(tx, &created)?;
                videogen_store::repo::projects::purge(tx, &created)
            });
            return Err(err);
        }
        self.get_project(&created)
    }
}

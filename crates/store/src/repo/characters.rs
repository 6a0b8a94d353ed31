//! The character library. Edits that change how a character looks make the images and
//! clips of every project that casts it dirty.

use rusqlite::{params, Connection, OptionalExtension, Row};
use videogen_model::{ChangeOp, Character, CharacterId, CharacterPatch, Entity, NewCharacter};

use crate::dirty::{self, Edit, Scope};
use crate::row::json_list;
use crate::{new_id, now_ms, validate, StoreError, WriteTx};

const COLUMNS: &str = "id, name, description, reference_images, style_lora, created_at, aliases";

fn character(row: &Row<'_>) -> rusqlite::Result<Character> {
    Ok(Character {
        id: CharacterId(row.get(0)?),
        name: row.get(1)?,
        description: row.get(2)?,
        reference_images: json_list(row.get(3)?),
        style_lora: row.get(4)?,
        created_at: row.get(5)?,
        aliases: json_list(row.get(6)?),
    })
}

/// Reads one character.
pub fn get(conn: &Connection, id: &CharacterId) -> Result<Character, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM characters WHERE id = ?1"))?
        .query_row([id.as_str()], character)
        .optional()?
        .ok_or_else(|| StoreError::not_found("Character", id.as_str()))
}

/// Every character, by name.
pub fn list(conn: &Connection) -> Result<Vec<Character>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM characters ORDER BY name, id"
    ))?;
    let rows = stmt.query_map([], character)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Creates a character.
pub fn create(tx: &mut WriteTx<'_>, input: &NewCharacter) -> Result<Character, StoreError> {
    let name = validate::name("character name", &input.name)?;
    let description = validate::optional_text("description", input.description.as_deref())?;
    let lora = validate::optional_text("LoRA name", input.style_lora.as_deref())?;
    let aliases = aliases_json(&input.aliases)?;
    let id = CharacterId(new_id());
    tx.execute(
        "INSERT INTO characters (id, name, description, style_lora, created_at, aliases)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id.as_str(), name, description, lora, now_ms(), aliases],
    )?;
    tx.record(Entity::Character, id.as_str(), None, ChangeOp::Insert);
    get(tx, &id)
}

/// Applies a patch; description, references and LoRA changes dirty every casting project.
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &CharacterId,
    patch: &CharacterPatch,
) -> Result<Character, StoreError> {
    let before = get(tx, id)?;
    // Edits are applied once every field is written, to the sentences that show the
    // character under its old or its new names.
    let mut edits = Vec::new();
    if let Some(name) = &patch.name {
        let name = validate::name("character name", name)?;
        if name != before.name {
            tx.execute(
                "UPDATE characters SET name = ?1 WHERE id = ?2",
                params![name, id.as_str()],
            )?;
            edits.push(Edit::CharacterDescription);
        }
    }
    if let Some(description) = &patch.description {
        let description = validate::optional_text("description", description.as_deref())?;
        if description != before.description {
            tx.execute(
                "UPDATE characters SET description = ?1 WHERE id = ?2",
                params![description, id.as_str()],
            )?;
            edits.push(Edit::CharacterDescription);
        }
    }
    if let Some(refs) = &patch.reference_images {
        if *refs != before.reference_images {
            if let Some(bad) = refs
                .iter()
                .find(|r| r.trim().is_empty() || r.contains('\0'))
            {
                return Err(StoreError::Invalid(format!(
                    "The reference image path {bad:?} is not usable: choose an image file."
                )));
            }
            let json = serde_json::to_string(refs)
                .map_err(|e| StoreError::Invalid(format!("reference images: {e}")))?;
            tx.execute(
                "UPDATE characters SET reference_images = ?1 WHERE id = ?2",
                params![json, id.as_str()],
            )?;
            edits.push(Edit::CharacterReferences);
        }
    }
    if let Some(lora) = &patch.style_lora {
        let lora = validate::optional_text("LoRA name", lora.as_deref())?;
        if lora != before.style_lora {
            tx.execute(
                "UPDATE characters SET style_lora = ?1 WHERE id = ?2",
                params![lora, id.as_str()],
            )?;
            edits.push(Edit::CharacterLora);
        }
    }
    if let Some(aliases) = &patch.aliases {
        if *aliases != before.aliases {
            tx.execute(
                "UPDATE characters SET aliases = ?1 WHERE id = ?2",
                params![aliases_json(aliases)?, id.as_str()],
            )?;
            edits.push(Edit::CharacterDescription);
        }
    }
    let after = get(tx, id)?;
    let names: Vec<String> = [&before, &after]
        .into_iter()
        .flat_map(|c| std::iter::once(c.name.clone()).chain(c.aliases.iter().cloned()))
        .collect();
    edits.dedup();
    for edit in edits {
        let scope = Scope::Showing {
            character: id,
            names: &names,
            project: None,
        };
        dirty::apply(tx, edit, scope)?;
    }
    tx.record(Entity::Character, id.as_str(), None, ChangeOp::Update);
    Ok(after)
}

/// Aliases as stored: trimmed, none empty.
fn aliases_json(aliases: &[String]) -> Result<String, StoreError> {
    let mut clean = Vec::with_capacity(aliases.len());
    for a in aliases {
        let a = validate::name("alias", a)?;
        clean.push(a);
    }
    serde_json::to_string(&clean).map_err(|e| StoreError::Invalid(format!("aliases: {e}")))
}

/// Deletes a character (and, by cascade, its casting).
pub fn delete(tx: &mut WriteTx<'_>, id: &CharacterId) -> Result<(), StoreError> {
    let n = tx.execute("DELETE FROM characters WHERE id = ?1", [id.as_str()])?;
    if n == 0 {
        return Err(StoreError::not_found("Character", id.as_str()));
    }
    tx.record(Entity::Character, id.as_str(), None, ChangeOp::Delete);
    Ok(())
}

use std::path::{Path, PathBuf};

/// The window variable through which the end-to-end test answers the file picker
/// (`ui/src/ipc/pickFile.ts`); only a UI built with `--mode e2e` contains it.
const E2E_HOOK: &str = "__videogenNextPickedFile";

fn main() {
    check_embedded_ui();
    tauri_build::build();
}

/// A binary that embeds the UI (`custom-protocol`) must embed the production UI, unless it is
/// the end-to-end test's (`e2e-hooks`), which must embed the UI with its test hooks: `ui/dist`
/// is shared, so whichever was built last is what would be embedded.
fn check_embedded_ui() {
    let dist = Path::new("../ui/dist");
    if dist.is_dir() {
        println!("cargo:rerun-if-changed=../ui/dist");
    }
    if std::env::var_os("CARGO_FEATURE_CUSTOM_PROTOCOL").is_none() {
        return;
    }
    let wanted = std::env::var_os("CARGO_FEATURE_E2E_HOOKS").is_some();
    let found = scripts(dist)
        .iter()
        .any(|file| std::fs::read_to_string(file).is_ok_and(|text| text.contains(E2E_HOOK)));
    let refusal = match (found, wanted) {
        (true, false) => Some(
            "ui/dist was built for the end-to-end test (it contains its file-picker hook) and \
             must not be embedded in this build: run `npm run --prefix ui build` first",
        ),
        (false, true) => Some(
            "the `e2e-hooks` feature embeds the UI built for the end-to-end test: run \
             `npm run --prefix ui build:e2e` first",
        ),
        _ => None,
    };
    if let Some(message) = refusal {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

/// Every `.js` file under `dir`.
fn scripts(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "js") {
                found.push(path);
            }
        }
    }
    found
}

// Hides the console window on Windows release builds; no effect elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    std::process::exit(videogen_studio::run());
}

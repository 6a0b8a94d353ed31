//! Binder and template store behaviour.
use super::*;

fn params(items: &[&str]) -> Params {
    parse_overrides(items).unwrap()
}

#[test]
fn every_builtin_template_parses_and_binds_with_prompt_seed_and_input() {
    let p = params(&["prompt=a cat", "seed=7", "input_image=x.png"]);
    for (name, _) in BUILTIN {
        let t = TemplateStore::default().load(name).unwrap();
        t.bind(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn whole_string_placeholders_become_typed_values() {
    let t = TemplateStore::default().load("image/qwen").unwrap();
    let g = t
        .bind(&params(&["prompt=a red fox", "seed=42", "cfg=3"]))
        .unwrap();
    assert_eq!(g["9"]["inputs"]["seed"], Value::from(42));
    assert_eq!(g["9"]["inputs"]["cfg"], Value::from(3.0));
    assert_eq!(g["9"]["inputs"]["steps"], Value::from(20));
    assert_eq!(g["6"]["inputs"]["text"], Value::from("a red fox"));
}

#[test]
fn an_empty_lora_removes_the_loader_and_rewires_the_model() {
    let t = TemplateStore::default().load("image/qwen").unwrap();
    let g = t.bind(&params(&["prompt=p", "seed=1"])).unwrap();
    assert!(g.get("4").is_none());
    assert_eq!(g["5"]["inputs"]["model"], serde_json::json!(["1", 0]));
    let g = t
        .bind(&params(&[
            "prompt=p",
            "seed=1",
            "lora_name=ink.safetensors",
            "lora_strength=0.7",
        ]))
        .unwrap();
    assert_eq!(
        g["4"]["inputs"]["lora_name"],
        Value::from("ink.safetensors")
    );
    assert_eq!(g["5"]["inputs"]["model"], serde_json::json!(["4", 0]));
}

#[test]
fn a_missing_value_is_refused_naming_the_placeholder() {
    let t = TemplateStore::default().load("image/qwen").unwrap();
    let err = t.bind(&params(&["seed=1"])).unwrap_err().to_string();
    assert!(err.contains("{{prompt}}"), "{err}");
}

#[test]
fn an_unknown_placeholder_in_a_template_is_refused_naming_it() {
    let text = r#"{"1":{"class_type":"EmptyImage","inputs":{"width":"{{wdth}}"}}}"#;
    let err = Template::parse("user/bad", text).unwrap_err().to_string();
    assert!(err.contains("{{wdth}}"), "{err}");
}

#[test]
fn overrides_for_placeholders_the_template_lacks_are_refused() {
    let t = TemplateStore::default().load("test/image").unwrap();
    let err = t
        .check_overrides(&params(&["steps=4"]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("'steps'"), "{err}");
    assert!(parse_overrides(&["colour=1"])
        .unwrap_err()
        .to_string()
        .contains("'colour'"));
    assert!(parse_overrides(&["width=wide"])
        .unwrap_err()
        .to_string()
        .contains("width"));
}

#[test]
fn ui_format_exports_are_refused_with_advice() {
    let err = Template::parse("x", r#"{"nodes":[],"links":[]}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("Export (API)"), "{err}");
}

#[test]
fn user_templates_shadow_builtins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("image")).unwrap();
    std::fs::write(
        dir.path().join("image/qwen.json"),
        r#"{"1":{"class_type":"EmptyImage","inputs":{"width":"{{width|64}}"}}}"#,
    )
    .unwrap();
    let t = TemplateStore::new(Some(dir.path().to_path_buf()))
        .load("image/qwen")
        .unwrap();
    assert_eq!(
        t.placeholders().into_iter().collect::<Vec<_>>(),
        vec!["width".to_string()]
    );
    assert!(TemplateStore::default().load("../etc/passwd").is_err());
}

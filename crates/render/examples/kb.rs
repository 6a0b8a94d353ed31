fn main() {
    let a: Vec<String> = std::env::args().collect();
    let cam: videogen_model::CameraMovement =
        serde_json::from_str(&format!("\"{}\"", a[2])).unwrap();
    let size = videogen_model::FrameSize::parse(&a[4]).unwrap();
    let rate = videogen_model::FrameRate::parse(&a[5]).unwrap();
    let t = std::time::Instant::now();
    let clip = videogen_render::render_ken_burns(
        std::path::Path::new(&a[1]),
        cam,
        0.5,
        a[3].parse().unwrap(),
        rate,
        size,
        std::path::Path::new(&a[6]),
        &|| false,
    )
    .unwrap();
    eprintln!("{clip:?} in {:?}", t.elapsed());
}

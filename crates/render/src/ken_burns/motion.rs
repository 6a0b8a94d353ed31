//! Camera paths: where the view window sits over the picture at each moment of the clip.
//!
//! Coordinates are in units of the *cover box*: the largest rectangle of the frame's aspect
//! that fits in the picture, centred (x and y run 0..1 across its width and height). A view
//! is a window of the frame's aspect, `size` times the cover box, centred at (`cx`, `cy`);
//! every path keeps it inside the cover box, so no frame shows an edge of the picture.
//!
//! Motion runs at constant speed from the first frame to the last (no ease in or out):
//! clips cut one after another then read as one continuous camera, without a stall at
//! every cut, and a pan moves the same distance every frame. Zooms change size
//! geometrically, which the eye sees as a constant zoom speed.

use videogen_model::CameraMovement;

/// The window over the cover box at one moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Centre, 0..1 across the cover box's width.
    pub cx: f64,
    /// Centre, 0..1 down the cover box's height.
    pub cy: f64,
    /// Window side as a fraction of the cover box's side, in (0, 1].
    pub size: f64,
}

impl View {
    const FULL: View = View {
        cx: 0.5,
        cy: 0.5,
        size: 1.0,
    };
}

/// Greatest zoom of a zoom (1 + this, at strength 1).
const ZOOM: f64 = 0.30;
/// Greatest push of a dolly (1 + this): a dolly travels further than a zoom.
const DOLLY: f64 = 0.45;
/// How far a dolly's centre moves toward the upper third, as a share of the room it has.
/// A flat picture has no depth to reveal, so a dolly is told from a zoom by travelling
/// further and drifting toward where subjects' faces usually sit.
const DOLLY_RISE: f64 = 0.6;
/// Pan and tilt: the window is this much smaller than the cover box (1 / (1 + this)) and
/// crosses all of the room that leaves.
const PAN: f64 = 0.25;
/// Orbit: radius of the circular drift, as a share of the cover box's height, and the
/// slight zoom over the clip.
const ORBIT_RADIUS: f64 = 0.035;
const ORBIT_ZOOM: f64 = 0.08;
/// Share of the full movement left at strength 0: "nearly still" rather than a frozen frame,
/// so a clip asked for motion still breathes.
const LEAST_MOTION: f64 = 0.05;

/// Strength 0..1 (out-of-range and NaN values clamp; NaN counts as 0.5) to the share of
/// each preset's full movement.
pub fn amount(strength: f64) -> f64 {
    let s = if strength.is_nan() {
        0.5
    } else {
        strength.clamp(0.0, 1.0)
    };
    LEAST_MOTION + (1.0 - LEAST_MOTION) * s
}

/// The view at progress `p` (0 = first frame, 1 = last) for a frame of aspect `aspect`
/// (width / height).
pub fn view_at(camera: CameraMovement, strength: f64, aspect: f64, p: f64) -> View {
    let a = amount(strength);
    let p = p.clamp(0.0, 1.0);
    let centred = |size: f64| View {
        cx: 0.5,
        cy: 0.5,
        size,
    };
    match camera {
        CameraMovement::Static => View::FULL,
        CameraMovement::ZoomIn => centred((1.0 + ZOOM * a).powf(-p)),
        CameraMovement::ZoomOut => centred((1.0 + ZOOM * a).powf(-(1.0 - p))),
        CameraMovement::DollyIn => dolly((1.0 + DOLLY * a).powf(-p)),
        CameraMovement::DollyOut => dolly((1.0 + DOLLY * a).powf(-(1.0 - p))),
        CameraMovement::PanLeft => pan(a, 1.0 - p, true),
        CameraMovement::PanRight => pan(a, p, true),
        CameraMovement::TiltUp => pan(a, 1.0 - p, false),
        CameraMovement::TiltDown => pan(a, p, false),
        CameraMovement::Orbit => orbit(a, aspect, p),
    }
}

fn dolly(size: f64) -> View {
    View {
        cx: 0.5,
        cy: 0.5 - DOLLY_RISE * (1.0 - size) / 2.0,
        size,
    }
}

/// A window crossing its room from one side (`t` = 0: left or top) to the other.
fn pan(a: f64, t: f64, horizontal: bool) -> View {
    let size = 1.0 / (1.0 + PAN * a);
    let room = 1.0 - size;
    let along = 0.5 - room / 2.0 + room * t;
    if horizontal {
        View {
            cx: along,
            cy: 0.5,
            size,
        }
    } else {
        View {
            cx: 0.5,
            cy: along,
            size,
        }
    }
}

/// Half a turn of a circle (round in pixels, hence the aspect) starting at the left and
/// passing over the top, while zooming in slightly.
fn orbit(a: f64, aspect: f64, p: f64) -> View {
    let ry = ORBIT_RADIUS * a;
    let rx = ry / aspect;
    // The window must stay inside the cover box at every angle: leave 2·radius of room on
    // the tighter axis.
    let largest = 1.0 - 2.0 * rx.max(ry);
    let size = largest / (1.0 + ORBIT_ZOOM * a * p);
    let angle = std::f64::consts::PI * (1.0 + p);
    View {
        cx: 0.5 + rx * angle.cos(),
        cy: 0.5 + ry * angle.sin(),
        size,
    }
}

/// The smallest window over the whole clip: it decides how large the picture is prepared so
/// that the closest view is still sharp.
pub fn smallest_size(camera: CameraMovement, strength: f64, aspect: f64) -> f64 {
    // Every path is monotonic in size, so the ends bound it.
    view_at(camera, strength, aspect, 0.0)
        .size
        .min(view_at(camera, strength, aspect, 1.0).size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(v: View) -> bool {
        let half = v.size / 2.0;
        let eps = 1e-12;
        v.size > 0.0
            && v.size <= 1.0 + eps
            && v.cx - half >= -eps
            && v.cx + half <= 1.0 + eps
            && v.cy - half >= -eps
            && v.cy + half <= 1.0 + eps
    }

    #[test]
    fn every_preset_keeps_the_window_inside_the_picture() {
        for camera in CameraMovement::ALL {
            for strength in [0.0, 0.3, 1.0, 7.0, -1.0, f64::NAN] {
                for aspect in [16.0 / 9.0, 9.0 / 16.0, 1.0] {
                    for i in 0..=100 {
                        let v = view_at(camera, strength, aspect, f64::from(i) / 100.0);
                        assert!(inside(v), "{camera:?} s={strength} a={aspect} i={i}: {v:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn each_preset_moves_the_way_its_name_says() {
        let at = |c, p| view_at(c, 1.0, 16.0 / 9.0, p);
        use CameraMovement::*;
        assert_eq!(at(Static, 0.0), at(Static, 1.0));
        assert!(at(ZoomIn, 1.0).size < at(ZoomIn, 0.0).size);
        assert!(at(ZoomOut, 1.0).size > at(ZoomOut, 0.0).size);
        assert!(
            at(DollyIn, 1.0).size < at(ZoomIn, 1.0).size,
            "a dolly pushes further"
        );
        assert!(at(DollyIn, 1.0).cy < 0.5);
        assert!(at(DollyOut, 1.0).size > at(DollyOut, 0.0).size);
        // The camera turns left: the window moves left over the picture.
        assert!(at(PanLeft, 1.0).cx < at(PanLeft, 0.0).cx);
        assert!(at(PanRight, 1.0).cx > at(PanRight, 0.0).cx);
        assert!(at(TiltUp, 1.0).cy < at(TiltUp, 0.0).cy);
        assert!(at(TiltDown, 1.0).cy > at(TiltDown, 0.0).cy);
        let (o0, o5, o1) = (at(Orbit, 0.0), at(Orbit, 0.5), at(Orbit, 1.0));
        assert!(o5.cy < o0.cy && o5.cy < o1.cy, "passes over the top");
        assert!(o1.cx > o0.cx, "left to right");
        assert!(o1.size < o0.size, "slight zoom in");
    }

    #[test]
    fn strength_scales_the_movement() {
        for camera in CameraMovement::ALL {
            let travel = |s: f64| {
                let (a, b) = (
                    view_at(camera, s, 16.0 / 9.0, 0.0),
                    view_at(camera, s, 16.0 / 9.0, 1.0),
                );
                (a.cx - b.cx).abs() + (a.cy - b.cy).abs() + (a.size.ln() - b.size.ln()).abs()
            };
            if camera == CameraMovement::Static {
                assert_eq!(travel(1.0), 0.0);
                continue;
            }
            assert!(travel(0.0) > 0.0, "{camera:?} nearly still, not frozen");
            assert!(travel(0.0) < 0.1 * travel(1.0), "{camera:?}");
            assert!(travel(0.5) < travel(1.0), "{camera:?}");
        }
    }

    #[test]
    fn pans_move_at_constant_speed() {
        let xs: Vec<f64> = (0..=10)
            .map(|i| view_at(CameraMovement::PanRight, 0.6, 1.5, f64::from(i) / 10.0).cx)
            .collect();
        let steps: Vec<f64> = xs.windows(2).map(|w| w[1] - w[0]).collect();
        for s in &steps {
            assert!((s - steps[0]).abs() < 1e-12);
        }
    }
}

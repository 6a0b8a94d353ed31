//! Keeping the system awake while jobs run (setting `jobs.keep_awake`): a long render must
//! not stop because the machine went to sleep overnight.
//!
//! An [`Inhibitor`] takes a hold that lasts until the returned guard is dropped. On Linux
//! the real one asks logind over the system D-Bus (`org.freedesktop.login1.Manager.Inhibit`,
//! which returns a file descriptor: the hold lasts while it is open), and falls back to the
//! session's screensaver (`org.freedesktop.ScreenSaver.Inhibit`, undone by `UnInhibit`).
//! [`KeepAwake`] takes and releases the hold as the wish changes; tests drive it with a fake.

use videogen_model::{AppError, ErrorCode};

/// A hold on sleep: dropping it releases the hold.
pub type InhibitGuard = Box<dyn Send>;

/// Something that can keep the system from sleeping.
pub trait Inhibitor: Send {
    /// Takes a hold, for `reason` (shown by the desktop's power settings).
    fn inhibit(&self, reason: &str) -> Result<InhibitGuard, AppError>;
}

/// What the app tells the desktop while it holds the system awake.
pub const REASON: &str = "VideoGen Studio is running generation jobs";

/// Takes the hold while it is wanted and releases it when not. A hold that could not be
/// taken is tried again at the next change, and logged once per failure streak.
pub struct KeepAwake {
    inhibitor: Box<dyn Inhibitor>,
    held: Option<InhibitGuard>,
    failing: bool,
}

impl KeepAwake {
    /// A controller over `inhibitor`, holding nothing yet.
    pub fn new(inhibitor: Box<dyn Inhibitor>) -> Self {
        Self {
            inhibitor,
            held: None,
            failing: false,
        }
    }

    /// Whether a hold is taken now.
    pub fn is_held(&self) -> bool {
        self.held.is_some()
    }

    /// Takes the hold when `wanted` and none is held; releases it when not wanted.
    /// Returns whether a hold is held afterwards.
    pub fn update(&mut self, wanted: bool) -> bool {
        match (wanted, self.held.is_some()) {
            (true, false) => match self.inhibitor.inhibit(REASON) {
                Ok(guard) => {
                    tracing::info!("keeping the system awake while jobs run");
                    self.held = Some(guard);
                    self.failing = false;
                }
                Err(e) => {
                    if !self.failing {
                        tracing::warn!("cannot keep the system awake: {}", e.message);
                    }
                    self.failing = true;
                }
            },
            (false, true) => {
                self.held = None;
                tracing::info!("jobs finished: the system may sleep again");
            }
            _ => {}
        }
        self.held.is_some()
    }
}

/// The desktop's inhibitor: logind over the system bus, else the session's screensaver.
#[derive(Debug, Default, Clone, Copy)]
pub struct DbusInhibitor;

impl Inhibitor for DbusInhibitor {
    fn inhibit(&self, reason: &str) -> Result<InhibitGuard, AppError> {
        match logind(reason) {
            Ok(guard) => Ok(guard),
            Err(first) => screensaver(reason).map_err(|second| {
                AppError::new(
                    ErrorCode::ServiceUnavailable,
                    format!(
                        "Neither logind ({first}) nor the session's screensaver ({second}) \
                         accepted a request to keep the system awake; change your power \
                         settings if long jobs should run through the night."
                    ),
                )
            }),
        }
    }
}

/// logind's inhibitor lock: held as long as the returned descriptor stays open.
fn logind(reason: &str) -> Result<InhibitGuard, String> {
    let conn = zbus::blocking::Connection::system().map_err(|e| e.to_string())?;
    let reply = conn
        .call_method(
            Some("org.freedesktop.login1"),
            "/org/freedesktop/login1",
            Some("org.freedesktop.login1.Manager"),
            "Inhibit",
            &("idle:sleep", "VideoGen Studio", reason, "block"),
        )
        .map_err(|e| e.to_string())?;
    let fd: zbus::zvariant::OwnedFd = reply.body().deserialize().map_err(|e| e.to_string())?;
    Ok(Box::new(fd))
}

/// The screensaver's inhibition: tied to our connection, undone with its cookie.
fn screensaver(reason: &str) -> Result<InhibitGuard, String> {
    let conn = zbus::blocking::Connection::session().map_err(|e| e.to_string())?;
    let reply = conn
        .call_method(
            Some("org.freedesktop.ScreenSaver"),
            "/org/freedesktop/ScreenSaver",
            Some("org.freedesktop.ScreenSaver"),
            "Inhibit",
            &("VideoGen Studio", reason),
        )
        .map_err(|e| e.to_string())?;
    let cookie: u32 = reply.body().deserialize().map_err(|e| e.to_string())?;
    Ok(Box::new(ScreensaverHold { conn, cookie }))
}

struct ScreensaverHold {
    conn: zbus::blocking::Connection,
    cookie: u32,
}

impl Drop for ScreensaverHold {
    fn drop(&mut self) {
        let undone = self.conn.call_method(
            Some("org.freedesktop.ScreenSaver"),
            "/org/freedesktop/ScreenSaver",
            Some("org.freedesktop.ScreenSaver"),
            "UnInhibit",
            &(self.cookie,),
        );
        if let Err(e) = undone {
            // Closing the connection (next) ends the inhibition anyway.
            tracing::debug!("the screensaver did not take back its inhibition: {e}");
        }
    }
}
